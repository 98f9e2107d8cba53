// Writing FITS: image HDUs (primary or IMAGE extension, FITS 4.0 §3.3, §7.1) encoded in memory or streamed row by
// row, and whole files written atomically (a temporary file renamed into place, so no half-written file is seen).
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toBigEndian } from './endian.ts';
import { Header, padToBlock } from './header.ts';
import type { Bitpix, ImageArray } from './image.ts';

/** Mandatory and structural keywords the writer sets itself (FITS 4.0 §4.4.1). */
const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|EXTEND|GROUPS|END)$/;

export interface ImageHduInput {
  header?: Header;
  data: ImageArray;
  /** Axis lengths, NAXIS1 first; default: the header's NAXISn, or one axis of data.length. */
  axes?: number[];
}

/** How a typed array is stored: BITPIX, and BZERO for the unsigned conventions of FITS 4.0 §5.2.5 Table 11. */
export function storageOf(data: ImageArray): { bitpix: Bitpix; bzero?: number | bigint } {
  if (data instanceof Uint8Array) return { bitpix: 8 };
  if (data instanceof Int8Array) return { bitpix: 8, bzero: -128 };
  if (data instanceof Int16Array) return { bitpix: 16 };
  if (data instanceof Uint16Array) return { bitpix: 16, bzero: 32768 };
  if (data instanceof Int32Array) return { bitpix: 32 };
  if (data instanceof Uint32Array) return { bitpix: 32, bzero: 2147483648 };
  if (data instanceof BigInt64Array) return { bitpix: 64 };
  if (data instanceof BigUint64Array) return { bitpix: 64, bzero: 9223372036854775808n };
  if (data instanceof Float32Array) return { bitpix: -32 };
  return { bitpix: -64 };
}

/**
 * The header of an image HDU: mandatory keywords in the order of FITS 4.0 §4.4.1.1 (primary) or §7.1.1 (IMAGE),
 * then the caller's cards (their structural keywords dropped; BZERO/BSCALE replaced for unsigned storage).
 */
export function imageHeader(
  user: Header | undefined,
  bitpix: Bitpix,
  axes: number[],
  options: { primary?: boolean; bzero?: number | bigint; extend?: boolean } = {},
): Header {
  const h = new Header();
  if (options.primary ?? true) h.set('SIMPLE', true, 'conforms to FITS standard');
  else h.set('XTENSION', 'IMAGE', 'image extension');
  h.set('BITPIX', bitpix, 'array data type');
  h.set('NAXIS', axes.length, 'number of array dimensions');
  for (const [i, n] of axes.entries()) h.set(`NAXIS${i + 1}`, n);
  if (options.primary ?? true) {
    if (options.extend) h.set('EXTEND', true, 'may contain extensions');
  } else {
    h.set('PCOUNT', 0, 'number of parameters');
    h.set('GCOUNT', 1, 'number of groups');
  }
  for (const c of user?.cards ?? []) {
    if (STRUCTURAL.test(c.keyword.toUpperCase())) continue;
    if (options.bzero !== undefined && (c.keyword === 'BZERO' || c.keyword === 'BSCALE')) continue;
    h.add(c);
  }
  if (options.bzero !== undefined) {
    h.set('BSCALE', 1);
    h.set('BZERO', options.bzero, 'offset for unsigned integers (FITS 4.0 5.2.5)');
  }
  return h;
}

function axesOf(input: ImageHduInput): number[] {
  if (input.axes) return input.axes;
  const n = input.header?.getNumber('NAXIS');
  if (n !== undefined && n > 0) {
    return Array.from({ length: n }, (_, i) => input.header?.getNumber(`NAXIS${i + 1}`) ?? 0);
  }
  return [input.data.length];
}

/** Stored (big-endian) bytes of image values; unsigned arrays are offset by BZERO as §5.2.5 says. */
export function encodeImageData(data: ImageArray): Uint8Array {
  if (data instanceof Int8Array) {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = (data[i] ^ 0x80) & 0xff;
    return out;
  }
  if (data instanceof Uint16Array) {
    const s = new Int16Array(data.length);
    for (let i = 0; i < data.length; i++) s[i] = data[i] ^ 0x8000;
    return toBigEndian(s);
  }
  if (data instanceof Uint32Array) {
    const s = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) s[i] = data[i] ^ 0x80000000;
    return toBigEndian(s);
  }
  if (data instanceof BigUint64Array) {
    const s = new BigInt64Array(data.length);
    for (let i = 0; i < data.length; i++) s[i] = BigInt.asIntN(64, data[i] ^ 9223372036854775808n);
    return toBigEndian(s);
  }
  return toBigEndian(data);
}

/** One image HDU as bytes: header, data, and zero padding to whole 2880-byte blocks (FITS 4.0 §3.3.2). */
export function encodeImageHdu(
  header: Header | undefined,
  data: ImageArray,
  options: { primary?: boolean; axes?: number[]; extend?: boolean } = {},
): Uint8Array {
  const input: ImageHduInput = { data };
  if (header) input.header = header;
  if (options.axes) input.axes = options.axes;
  const axes = axesOf(input);
  const count = axes.length === 0 ? 0 : axes.reduce((a, b) => a * b, 1); // NAXIS = 0: no data (§4.4.1.1)
  if (count !== data.length)
    throw new RangeError(`axes ${axes.join('x')} need ${count} values, data has ${data.length}`);
  const { bitpix, bzero } = storageOf(data);
  const hOpts: { primary?: boolean; bzero?: number | bigint; extend?: boolean } = { primary: options.primary ?? true };
  if (bzero !== undefined) hOpts.bzero = bzero;
  if (options.extend) hOpts.extend = true;
  const head = imageHeader(header, bitpix, axes, hOpts).toBytes();
  const body = encodeImageData(data);
  const out = new Uint8Array(head.length + padToBlock(body.length));
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** A primary HDU without data (NAXIS = 0, EXTEND = T), to put before table extensions. */
export function encodeEmptyPrimary(header?: Header): Uint8Array {
  return imageHeader(header, 8, [], { primary: true, extend: true }).toBytes();
}

/** A path beside `path` for writing before the rename. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a FITS file atomically: HDUs already encoded (Uint8Array, e.g. from encodeImageHdu or encodeBinaryTable)
 * or images to encode (the first becomes the primary HDU; the others IMAGE extensions).
 */
export async function writeFits(path: string, hdus: Array<Uint8Array | ImageHduInput>): Promise<void> {
  const tmp = tempPathFor(path);
  const fh = await open(tmp, 'wx');
  try {
    for (const [i, h] of hdus.entries()) {
      const bytes =
        h instanceof Uint8Array
          ? h
          : encodeImageHdu(h.header, h.data, { primary: i === 0, axes: axesOf(h), extend: i === 0 && hdus.length > 1 });
      await fh.write(bytes);
    }
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes one image HDU without holding the image: the header first, then rows (any number of pixels per call, in
 * FITS order), then padding; `close()` checks the pixel count and renames the temporary file into place,
 * `abort()` removes it. Only the first HDU of the file (primary) is written this way; more HDUs may be appended
 * with `appendHdu` before `close()`.
 */
export class FitsImageWriter {
  private written = 0;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    private readonly tmp: string,
    readonly path: string,
    readonly bitpix: Bitpix,
    readonly pixels: number,
    private readonly extraHdus: Uint8Array[] = [],
  ) {}

  static async create(
    path: string,
    options: { header?: Header; axes: number[]; type: 'uint8' | 'int16' | 'int32' | 'float32' | 'float64' },
  ): Promise<FitsImageWriter> {
    const bitpix = ({ uint8: 8, int16: 16, int32: 32, float32: -32, float64: -64 } as const)[options.type];
    const tmp = tempPathFor(path);
    const fh = await open(tmp, 'wx');
    await fh.write(imageHeader(options.header, bitpix, options.axes, { primary: true }).toBytes());
    const pixels = options.axes.reduce((a, b) => a * b, 1);
    return new FitsImageWriter(fh, tmp, path, bitpix, pixels);
  }

  /** Appends pixels (their typed array must match the writer's type). */
  async writeRows(values: Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array): Promise<void> {
    if (this.closed) throw new Error('FitsImageWriter is closed');
    if (storageOf(values).bitpix !== this.bitpix) {
      throw new TypeError(`values are ${values.constructor.name}, the image has BITPIX ${this.bitpix}`);
    }
    if (this.written + values.length > this.pixels) throw new RangeError('more pixels than the image holds');
    await this.fh.write(toBigEndian(values));
    this.written += values.length;
  }

  /** Queues an already-encoded extension HDU, written after the image on close(). */
  appendHdu(bytes: Uint8Array): void {
    this.extraHdus.push(bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.written !== this.pixels) {
      await this.abort();
      throw new RangeError(`image needs ${this.pixels} pixels, ${this.written} were written`);
    }
    const dataBytes = this.pixels * Math.abs(this.bitpix / 8);
    const pad = padToBlock(dataBytes) - dataBytes;
    if (pad > 0) await this.fh.write(new Uint8Array(pad)); // §3.3.2: zero fill
    for (const h of this.extraHdus) await this.fh.write(h);
    await this.fh.sync();
    await this.fh.close();
    this.closed = true;
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => {});
    await rm(this.tmp, { force: true });
  }
}
