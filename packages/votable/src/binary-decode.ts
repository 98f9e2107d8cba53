// Row decoder for the BINARY and BINARY2 serializations (VOTable 1.5 §5.3-5.4, primitives §6): the inverse of
// binary-encode.ts. Rows are decoded only once all their bytes have arrived, so the stream can be fed in any pieces.
import { type Field, isCharType, isComplexType, isIntegerType, PRIMITIVE_BYTES, parseArraysize } from './field.ts';

type Read = (buf: Buffer, dv: DataView, pos: number) => unknown;

function booleanByte(b: number): boolean | null {
  // §6 "Logical": T/t/1 true, F/f/0 false, NUL/space/? null.
  if (b === 0x54 || b === 0x74 || b === 0x31) return true;
  if (b === 0x46 || b === 0x66 || b === 0x30) return false;
  return null;
}

function primitiveReader(field: Field): Read {
  const magic =
    isIntegerType(field.datatype) && field.nullValue !== undefined ? String(field.nullValue).trim() : undefined;
  const magicNum =
    magic === undefined ? undefined : Number(magic.startsWith('0x') ? Number.parseInt(magic, 16) : magic);
  let magicBig: bigint | undefined;
  try {
    magicBig = magic === undefined ? undefined : BigInt(magic);
  } catch {
    magicBig = undefined;
  }
  switch (field.datatype) {
    case 'double':
      return (_b, dv, p) => dv.getFloat64(p);
    case 'float':
      return (_b, dv, p) => dv.getFloat32(p);
    case 'int':
      return magicNum === undefined ? (_b, dv, p) => dv.getInt32(p) : (_b, dv, p) => nullIf(dv.getInt32(p), magicNum);
    case 'short':
      return magicNum === undefined ? (_b, dv, p) => dv.getInt16(p) : (_b, dv, p) => nullIf(dv.getInt16(p), magicNum);
    case 'unsignedByte':
      return magicNum === undefined ? (b, _dv, p) => b[p] : (b, _dv, p) => nullIf(b[p], magicNum);
    case 'long':
      return magicBig === undefined
        ? (_b, dv, p) => dv.getBigInt64(p)
        : (_b, dv, p) => {
            const v = dv.getBigInt64(p);
            return v === magicBig ? null : v;
          };
    case 'boolean':
      return (b, _dv, p) => booleanByte(b[p]);
    case 'bit':
      return (b, _dv, p) => (b[p] & 0x80) !== 0;
    case 'char':
      return (b, _dv, p) => (b[p] === 0 ? '' : String.fromCharCode(b[p]));
    case 'unicodeChar':
      return (_b, dv, p) => {
        const c = dv.getUint16(p);
        return c === 0 ? '' : String.fromCharCode(c);
      };
    case 'floatComplex':
      return (_b, dv, p) => [dv.getFloat32(p), dv.getFloat32(p + 4)];
    case 'doubleComplex':
      return (_b, dv, p) => [dv.getFloat64(p), dv.getFloat64(p + 8)];
  }
}

function nullIf(v: number, magic: number): number | null {
  return v === magic ? null : v;
}

/** ASCII/UTF-8 bytes up to the first NUL (FITS string rule, §6 "Character"). */
function readChars(b: Buffer, p: number, n: number): string {
  let end = p;
  const stop = p + n;
  while (end < stop && b[end] !== 0) end++;
  return b.toString('utf8', p, end);
}

/** UCS-2 big-endian up to the first NUL code unit (§6 "Unicode Character"). */
function readUcs2(dv: DataView, p: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = dv.getUint16(p + 2 * i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function splitStrings(s: string, w: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(s.slice(i * w, (i + 1) * w).replace(/\0.*$/s, ''));
  return out;
}

export interface ColumnDecoder {
  /** Bytes of the cell when constant; undefined when a count precedes the values. */
  fixedBytes: number | undefined;
  /** Bytes per counted item (variable cells): the cell is 4 + ceil(count × itemBits / 8) bytes. */
  itemBits: number;
  /** Reads the value of a cell starting at `p` (after the count for variable cells, whose count is `count`). */
  read: (buf: Buffer, dv: DataView, p: number, count: number) => unknown;
}

export function columnDecoder(field: Field): ColumnDecoder {
  const dt = field.datatype;
  const size = parseArraysize(field.arraysize);
  const bytes = PRIMITIVE_BYTES[dt];
  if (isCharType(dt)) {
    const wide = dt === 'unicodeChar';
    const unit = wide ? 2 : 1;
    const multi = size !== undefined && size.dims.length > 1;
    const width = size?.dims[0] ?? 1;
    const readStr = (b: Buffer, dv: DataView, p: number, n: number) => (wide ? readUcs2(dv, p, n) : readChars(b, p, n));
    const readRaw = (b: Buffer, dv: DataView, p: number, n: number) => {
      if (!multi) return readStr(b, dv, p, n);
      let s = '';
      for (let i = 0; i < n; i++)
        s += wide ? String.fromCharCode(dv.getUint16(p + 2 * i)) : String.fromCharCode(b[p + i]);
      return splitStrings(s, width, Math.ceil(n / width));
    };
    if (!size) return { fixedBytes: unit, itemBits: 0, read: primitiveReader(field) as ColumnDecoder['read'] };
    if (!size.variable) {
      const n = size.fixedCount;
      return { fixedBytes: n * unit, itemBits: 0, read: (b, dv, p) => readRaw(b, dv, p, n) };
    }
    return { fixedBytes: undefined, itemBits: 8 * unit, read: (b, dv, p, count) => readRaw(b, dv, p, count) };
  }
  const prim = primitiveReader(field);
  if (dt === 'bit') {
    const unpack = (b: Buffer, p: number, n: number) => {
      const out: boolean[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = (b[p + (i >> 3)] & (0x80 >> (i & 7))) !== 0;
      return out;
    };
    if (!size) return { fixedBytes: 1, itemBits: 0, read: prim as ColumnDecoder['read'] };
    if (!size.variable) {
      const n = size.fixedCount;
      return { fixedBytes: Math.ceil(n / 8), itemBits: 0, read: (b, _dv, p) => unpack(b, p, n) };
    }
    return { fixedBytes: undefined, itemBits: 1, read: (b, _dv, p, count) => unpack(b, p, count) };
  }
  if (!size) return { fixedBytes: bytes, itemBits: 0, read: prim as ColumnDecoder['read'] };
  const complex = isComplexType(dt);
  const readArray = (b: Buffer, dv: DataView, p: number, n: number) => {
    const out: unknown[] = new Array(complex ? 2 * n : n);
    if (complex) {
      for (let i = 0; i < n; i++) {
        const c = prim(b, dv, p + i * bytes) as number[];
        out[2 * i] = c[0];
        out[2 * i + 1] = c[1];
      }
    } else for (let i = 0; i < n; i++) out[i] = prim(b, dv, p + i * bytes);
    return out;
  };
  if (!size.variable) {
    const n = size.fixedCount;
    return { fixedBytes: n * bytes, itemBits: 0, read: (b, dv, p) => readArray(b, dv, p, n) };
  }
  return { fixedBytes: undefined, itemBits: 8 * bytes, read: readArray };
}

/** Decodes whole rows from a byte buffer; BINARY2 rows start with ceil(N/8) null-flag bytes (§5.4). */
export class BinaryRowDecoder {
  private readonly cols: ColumnDecoder[];
  private readonly flagBytes: number;
  private readonly fixedRow: number | undefined;

  constructor(fields: Field[], binary2: boolean) {
    this.cols = fields.map(columnDecoder);
    this.flagBytes = binary2 ? (fields.length + 7) >> 3 : 0;
    const allFixed = this.cols.every((c) => c.fixedBytes !== undefined);
    this.fixedRow = allFixed ? this.flagBytes + this.cols.reduce((a, c) => a + (c.fixedBytes ?? 0), 0) : undefined;
  }

  /** Length in bytes of the row at `pos`, or -1 when it is not complete before `end`. */
  rowLength(dv: DataView, pos: number, end: number): number {
    if (this.fixedRow !== undefined) return pos + this.fixedRow <= end ? this.fixedRow : -1;
    let p = pos + this.flagBytes;
    for (const c of this.cols) {
      if (c.fixedBytes !== undefined) p += c.fixedBytes;
      else {
        if (p + 4 > end) return -1;
        const count = dv.getInt32(p);
        if (count < 0) return -2; // a negative count: the stream is corrupt
        p += 4 + Math.ceil((count * c.itemBits) / 8);
      }
      if (p > end) return -1;
    }
    return p - pos;
  }

  /** Decodes the (complete) row at `pos`. */
  decode(buf: Buffer, dv: DataView, pos: number): unknown[] {
    const cols = this.cols;
    const n = cols.length;
    const row: unknown[] = new Array(n);
    const flags = this.flagBytes;
    let p = pos + flags;
    for (let i = 0; i < n; i++) {
      const c = cols[i];
      const isNull = flags > 0 && (buf[pos + (i >> 3)] & (0x80 >> (i & 7))) !== 0;
      if (c.fixedBytes !== undefined) {
        row[i] = isNull ? null : c.read(buf, dv, p, 0);
        p += c.fixedBytes;
      } else {
        const count = dv.getInt32(p);
        p += 4;
        row[i] = isNull ? null : c.read(buf, dv, p, count);
        p += Math.ceil((count * c.itemBits) / 8);
      }
    }
    return row;
  }
}
