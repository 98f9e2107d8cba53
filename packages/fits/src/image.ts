// Image data units (primary array FITS 4.0 §3.3.2, IMAGE extension §7.1): whole reads, sections by byte range,
// and physical values = BZERO + BSCALE × stored value (§4.4.2.5, eq. 5) with BLANK for integer images.
import { diagnostic, FitsError } from './diagnostics.ts';
import { swapInPlace } from './endian.ts';
import type { FitsFile } from './file.ts';
import { type Hdu, axes as headerAxes } from './hdu.ts';
import type { Header } from './header.ts';
import { MemorySource } from './source.ts';

export type Bitpix = 8 | 16 | 32 | 64 | -32 | -64;

export type ImageArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export interface ImageData {
  /** Axis lengths, NAXIS1 first (the fastest-varying axis, FITS 4.0 §3.3.2). */
  axes: number[];
  bitpix: Bitpix;
  /** Pixel values in FITS order (axis 1 fastest). Integers stay integers when no scaling applies. */
  data: ImageArray;
}

export interface ImageReadOptions {
  /** Return the stored values, without BSCALE/BZERO/BLANK. */
  raw?: boolean;
}

export interface ImageSection {
  /** 0-based first pixel on each axis (NAXIS1 first). */
  start: number[];
  /** 0-based end on each axis, exclusive. */
  end: number[];
}

const BYTES: Record<number, number> = { 8: 1, 16: 2, 32: 4, 64: 8, [-32]: 4, [-64]: 8 };

function bitpixOf(hdu: Hdu): Bitpix {
  const b = hdu.header.getNumber('BITPIX');
  if (b === undefined || !(b in BYTES)) throw new FitsError(`HDU ${hdu.index}: BITPIX ${b} is not valid`);
  return b as Bitpix;
}

function checkImage(hdu: Hdu): void {
  if (hdu.kind !== 'primary' && hdu.kind !== 'image') {
    throw new FitsError(`HDU ${hdu.index} is a ${hdu.kind}, not an image`, [
      diagnostic('FITS_UNSUPPORTED', `HDU ${hdu.index} (${hdu.kind}) holds no image array`),
    ]);
  }
}

/** Typed array over big-endian bytes (which are swapped in place; `bytes` must not be shared). */
function storedValues(bytes: Uint8Array, bitpix: Bitpix): ImageArray {
  const size = BYTES[bitpix];
  // Align: a subarray of a larger buffer may start at an odd offset.
  const own = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  swapInPlace(own, size);
  const n = own.length / size;
  switch (bitpix) {
    case 8:
      return own;
    case 16:
      return new Int16Array(own.buffer, own.byteOffset, n);
    case 32:
      return new Int32Array(own.buffer, own.byteOffset, n);
    case 64:
      return new BigInt64Array(own.buffer, own.byteOffset, n);
    case -32:
      return new Float32Array(own.buffer, own.byteOffset, n);
    case -64:
      return new Float64Array(own.buffer, own.byteOffset, n);
  }
}

/** Scaling keywords of an image header (FITS 4.0 §4.4.2.5). */
export function scalingOf(header: Header): { bscale: number; bzero: number; blank?: number | bigint } {
  const out: { bscale: number; bzero: number; blank?: number | bigint } = {
    bscale: header.getNumber('BSCALE', 1) ?? 1,
    bzero: header.getNumber('BZERO', 0) ?? 0,
  };
  const blank = header.getInteger('BLANK');
  if (blank !== undefined) out.blank = blank;
  return out;
}

/**
 * Converts stored values to physical ones. Unsigned-integer conventions (FITS 4.0 §5.2.5 Table 11: BITPIX 8 with
 * BZERO -128 → Int8Array, 16 with 32768 → Uint16Array, 32 with 2147483648 → Uint32Array, 64 with 2^63 →
 * BigUint64Array) keep exact integers; other scaling or a BLANK gives Float32Array (8/16-bit and -32) or
 * Float64Array, with BLANK pixels as NaN (§4.4.2.5: BLANK applies to integer arrays only).
 */
export function toPhysical(stored: ImageArray, bitpix: Bitpix, header: Header): ImageArray {
  const { bscale, bzero, blank } = scalingOf(header);
  const hasBlank = blank !== undefined && bitpix > 0;
  if (bscale === 1 && !hasBlank) {
    if (bzero === 0) return stored;
    if (bitpix === 8 && bzero === -128) {
      const s = stored as Uint8Array;
      const u = new Int8Array(s.length);
      for (let i = 0; i < s.length; i++) u[i] = s[i] ^ 0x80; // §5.2.5: signed bytes
      return u;
    }
    if (bitpix === 16 && bzero === 32768) {
      const s = stored as Int16Array;
      const u = new Uint16Array(s.length);
      for (let i = 0; i < s.length; i++) u[i] = s[i] ^ 0x8000;
      return u;
    }
    if (bitpix === 32 && bzero === 2147483648) {
      const s = stored as Int32Array;
      const u = new Uint32Array(s.length);
      for (let i = 0; i < s.length; i++) u[i] = (s[i] ^ 0x80000000) >>> 0;
      return u;
    }
    if (bitpix === 64 && header.getInteger('BZERO') === 9223372036854775808n) {
      const s = stored as BigInt64Array;
      const u = new BigUint64Array(s.length);
      for (let i = 0; i < s.length; i++) u[i] = BigInt.asUintN(64, s[i] ^ -9223372036854775808n);
      return u;
    }
  }
  const out =
    bitpix === 8 || bitpix === 16 || bitpix === -32 ? new Float32Array(stored.length) : new Float64Array(stored.length);
  if (bitpix === 64) {
    const s = stored as BigInt64Array;
    const b = hasBlank ? BigInt(blank as number | bigint) : undefined;
    for (let i = 0; i < s.length; i++) out[i] = s[i] === b ? Number.NaN : bzero + bscale * Number(s[i]);
    return out;
  }
  const s = stored as Float32Array | Float64Array | Int16Array | Int32Array | Uint8Array;
  const b = hasBlank ? Number(blank) : Number.NaN;
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    out[i] = v === b ? Number.NaN : bzero + bscale * v;
  }
  return out;
}

/** Reads a whole image data unit into a typed array (one positioned read). */
export async function readImage(file: FitsFile, hdu: Hdu, options: ImageReadOptions = {}): Promise<ImageData> {
  checkImage(hdu);
  const bitpix = bitpixOf(hdu);
  const axes = headerAxes(hdu.header);
  const bytes = await file.source.read(hdu.dataOffset, hdu.dataSize);
  if (bytes.length < hdu.dataSize) {
    throw new FitsError(`HDU ${hdu.index}: data unit truncated`, [
      diagnostic('FITS_TRUNCATED', `read ${bytes.length} of ${hdu.dataSize} data bytes`, hdu.dataOffset),
    ]);
  }
  const stored = storedValues(file.source instanceof MemorySource ? bytes.slice() : bytes, bitpix);
  return { axes, bitpix, data: options.raw ? stored : toPhysical(stored, bitpix, hdu.header) };
}

/** Checks a section against the axes; returns the diagnostics message or undefined. */
function sectionProblem(axes: number[], s: ImageSection): string | undefined {
  if (s.start.length !== axes.length || s.end.length !== axes.length) {
    return `section has ${s.start.length}/${s.end.length} axes, the image ${axes.length}`;
  }
  for (let k = 0; k < axes.length; k++) {
    const a = s.start[k];
    const b = s.end[k];
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > axes[k] || a >= b) {
      return `axis ${k + 1}: [${a}, ${b}) is not inside [0, ${axes[k]})`;
    }
  }
  return undefined;
}

/** At most this many positioned reads in flight while reading a section. */
const SECTION_READ_CONCURRENCY = 16;

/**
 * Reads a section of an image without loading the data unit: one positioned read per contiguous run of pixels
 * (a row of the section along NAXIS1, or longer when the section spans whole leading axes). For gzip input the
 * file was inflated on open, so the runs are cut from memory. Returns the section's axes and values.
 */
export async function readImageSection(
  file: FitsFile,
  hdu: Hdu,
  section: ImageSection,
  options: ImageReadOptions = {},
): Promise<ImageData> {
  checkImage(hdu);
  const bitpix = bitpixOf(hdu);
  const size = BYTES[bitpix];
  const axes = headerAxes(hdu.header);
  const problem = sectionProblem(axes, section);
  if (problem) throw new FitsError(`bad image section: ${problem}`, [diagnostic('FITS_BAD_SECTION', problem)]);
  const outAxes = axes.map((_, k) => section.end[k] - section.start[k]);
  // Merge leading axes the section covers whole into one run (the first partial axis ends the run).
  let k = 0;
  let runPixels = 1;
  while (k < axes.length) {
    runPixels *= outAxes[k];
    if (outAxes[k] !== axes[k]) {
      k++;
      break;
    }
    k++;
  }
  const strides: number[] = [];
  let stride = 1;
  for (const n of axes) {
    strides.push(stride);
    stride *= n;
  }
  const total = outAxes.reduce((a, b) => a * b, 1);
  const runBytes = runPixels * size;
  const runs = total / runPixels;
  const out = new Uint8Array(total * size);
  const outerAxes = outAxes.slice(k);
  const offsetOf = (r: number): number => {
    // pixel index of the start of run r: start on the run axes plus the r-th combination of the outer axes
    let pixel = 0;
    for (let a = 0; a < k; a++) pixel += section.start[a] * strides[a];
    let rest = r;
    for (let j = 0; j < outerAxes.length; j++) {
      const idx = rest % outerAxes[j];
      rest = Math.floor(rest / outerAxes[j]);
      pixel += (section.start[k + j] + idx) * strides[k + j];
    }
    return hdu.dataOffset + pixel * size;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs) {
      const r = next++;
      const bytes = await file.source.read(offsetOf(r), runBytes);
      if (bytes.length < runBytes) {
        throw new FitsError(`HDU ${hdu.index}: data unit truncated`, [
          diagnostic('FITS_TRUNCATED', `section run ${r} reaches past the end of the file`, offsetOf(r)),
        ]);
      }
      out.set(bytes, r * runBytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SECTION_READ_CONCURRENCY, runs) }, worker));
  const stored = storedValues(out, bitpix);
  return { axes: outAxes, bitpix, data: options.raw ? stored : toPhysical(stored, bitpix, hdu.header) };
}
