// Opening a FITS file: walk the HDUs reading only their headers (FITS 4.0 §3.1: a primary HDU, then extensions,
// each a header of 2880-byte blocks followed by a data unit padded to whole blocks).
import { readFile } from 'node:fs/promises';
import { diagnostic, type FitsDiagnostic, FitsError } from './diagnostics.ts';
import { describeHdu, type Hdu } from './hdu.ts';
import { BLOCK_SIZE, parseHeader } from './header.ts';
import { type ByteSource, FileSource, gunzipFile, isGzip, MemorySource } from './source.ts';

/** How many header blocks to read at once while looking for END. */
const HEADER_READ_BLOCKS = 8;

export interface FitsFile {
  readonly hdus: Hdu[];
  /** File-level diagnostics (truncation, trailing bytes) and each HDU's own ones. */
  readonly diagnostics: FitsDiagnostic[];
  readonly source: ByteSource;
  readonly size: number;
  /** True when the input was gzip-compressed (then inflated in memory: sections read from memory). */
  readonly gzip: boolean;
  close(): Promise<void>;
}

function endInBlock(bytes: Uint8Array, blockStart: number): boolean {
  for (let c = blockStart; c + 80 <= blockStart + BLOCK_SIZE && c + 80 <= bytes.length; c += 80) {
    // END followed by blanks in bytes 4-8 (FITS 4.0 §4.4.1)
    if (bytes[c] === 0x45 && bytes[c + 1] === 0x4e && bytes[c + 2] === 0x44) {
      let blank = true;
      for (let k = 3; k < 8; k++) if (bytes[c + k] !== 0x20) blank = false;
      if (blank) return true;
    }
  }
  return false;
}

/** Reads header blocks at `offset` until one holds END; returns them (or all that is left when there is none). */
async function readHeaderBlocks(source: ByteSource, offset: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = offset;
  for (;;) {
    const chunk = await source.read(pos, HEADER_READ_BLOCKS * BLOCK_SIZE);
    if (chunk.length === 0) break;
    let found = -1;
    for (let b = 0; b < chunk.length; b += BLOCK_SIZE) {
      if (endInBlock(chunk, b)) {
        found = b + BLOCK_SIZE;
        break;
      }
    }
    const keep = found >= 0 ? chunk.subarray(0, Math.min(found, chunk.length)) : chunk;
    parts.push(keep);
    total += keep.length;
    pos += keep.length;
    if (found >= 0 || chunk.length < HEADER_READ_BLOCKS * BLOCK_SIZE) break;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function looksLikeExtension(head: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(head.subarray(0, 8)) === 'XTENSION';
}

/** Lists the HDUs of a byte source, reading headers only. Throws FitsError when it is not FITS at all. */
export async function scanHdus(source: ByteSource): Promise<{ hdus: Hdu[]; diagnostics: FitsDiagnostic[] }> {
  const hdus: Hdu[] = [];
  const diagnostics: FitsDiagnostic[] = [];
  let offset = 0;
  const head = await source.read(0, 80);
  if (new TextDecoder('latin1').decode(head.subarray(0, 9)) !== 'SIMPLE  =') {
    throw new FitsError('not a FITS file: it does not start with "SIMPLE  ="', [
      diagnostic('FITS_NOT_FITS', 'the first card is not SIMPLE (FITS 4.0 §3.3.1, §4.4.1.1)', 0),
    ]);
  }
  while (offset < source.size) {
    if (hdus.length > 0) {
      const next = await source.read(offset, 80);
      if (!looksLikeExtension(next)) {
        // §3.5: special records may follow the last HDU; anything else is a problem worth reporting.
        diagnostics.push(
          diagnostic(
            'FITS_BAD_PADDING',
            `${source.size - offset} bytes after HDU ${hdus.length - 1} are not an extension; ignored`,
            offset,
          ),
        );
        break;
      }
    }
    const blocks = await readHeaderBlocks(source, offset);
    const parsed = parseHeader(blocks);
    const hdu = describeHdu(parsed.header, hdus.length, offset, offset + parsed.endOffset);
    for (const d of parsed.diagnostics) hdu.diagnostics.unshift({ ...d, offset: offset + (d.offset ?? 0) });
    hdus.push(hdu);
    if (!parsed.complete) break;
    if (hdu.dataOffset + hdu.dataSize > source.size) {
      hdu.diagnostics.push(
        diagnostic(
          'FITS_TRUNCATED',
          `HDU ${hdu.index} needs ${hdu.dataSize} data bytes at ${hdu.dataOffset}, but the file ends at ${source.size}`,
          source.size,
        ),
      );
      break;
    }
    if (hdu.nextOffset > source.size) {
      hdu.diagnostics.push(
        diagnostic('FITS_TRUNCATED', `the last data unit is not padded to a whole 2880-byte block`, source.size),
      );
    }
    offset = hdu.nextOffset;
  }
  if (source.size % BLOCK_SIZE !== 0) {
    diagnostics.push(
      diagnostic('FITS_TRUNCATED', `file size ${source.size} is not a multiple of 2880 bytes (FITS 4.0 §3.1)`),
    );
  }
  return { hdus, diagnostics };
}

async function fromSource(source: ByteSource, gzip: boolean): Promise<FitsFile> {
  try {
    const { hdus, diagnostics } = await scanHdus(source);
    return {
      hdus,
      diagnostics: [...hdus.flatMap((h) => h.diagnostics), ...diagnostics],
      source,
      size: source.size,
      gzip,
      close: () => source.close(),
    };
  } catch (e) {
    await source.close();
    throw e;
  }
}

/**
 * Opens a FITS file from a path (headers read with positioned reads; data units are not read) or from bytes.
 * gzip-compressed input (magic 1f 8b) is inflated into memory first, streamed through node:zlib, because gzip
 * gives no random access; image sections of such files are then cut from memory.
 */
export async function openFits(input: string | Uint8Array): Promise<FitsFile> {
  if (typeof input !== 'string') {
    if (isGzip(input)) {
      const { gunzipSync } = await import('node:zlib');
      return fromSource(new MemorySource(new Uint8Array(gunzipSync(input))), true);
    }
    return fromSource(new MemorySource(input), false);
  }
  const file = await FileSource.open(input);
  const magic = await file.read(0, 2);
  if (isGzip(magic)) {
    await file.close();
    return fromSource(new MemorySource(await gunzipFile(input)), true);
  }
  return fromSource(file, false);
}

/** Reads a whole file into memory and opens it (small files, tests). */
export async function readFits(path: string): Promise<FitsFile> {
  return openFits(new Uint8Array(await readFile(path)));
}

/** Reads a data unit (without its padding) in one positioned read. */
export async function readDataUnit(file: FitsFile, hdu: Hdu): Promise<Uint8Array> {
  return file.source.read(hdu.dataOffset, hdu.dataSize);
}
