// Row encoder for the BINARY and BINARY2 serializations (VOTable 1.5 §5.3, §5.4, primitives §6): big-endian
// primitives, a 4-byte count before variable-length arrays, and for BINARY2 a leading null-flag bitmap of
// ceil(N/8) bytes per row, most significant bit first. Rows go into one growing buffer that the writer drains in
// base64 blocks of a multiple of 3 bytes.
import {
  defaultIntegerNull,
  type Field,
  isCharType,
  isComplexType,
  isFloatType,
  isIntegerType,
  PRIMITIVE_BYTES,
  parseArraysize,
} from './field.ts';

/** The mutable output of the encoder; column encoders write at `pos` and advance it. */
export class ByteSink {
  buf: Buffer;
  dv: DataView;
  pos = 0;
  constructor(size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }
  /** Removes the first `n` bytes, keeping the rest. */
  shift(n: number): void {
    this.buf.copy(this.buf, 0, n, this.pos);
    this.pos -= n;
  }
}

type Enc = (s: ByteSink, v: unknown) => void;

const TWO32 = 4294967296;

function writeLong(s: ByteSink, v: unknown): void {
  if (typeof v === 'bigint') s.dv.setBigInt64(s.pos, v);
  else {
    const n = Math.trunc(v as number);
    const hi = Math.floor(n / TWO32);
    s.dv.setInt32(s.pos, hi);
    s.dv.setUint32(s.pos + 4, n - hi * TWO32);
  }
  s.pos += 8;
}

/** Writes one primitive (never null) at s.pos. */
function primitiveWriter(field: Field): Enc {
  switch (field.datatype) {
    case 'double':
      return (s, v) => {
        s.dv.setFloat64(s.pos, v === null ? Number.NaN : (v as number));
        s.pos += 8;
      };
    case 'float':
      return (s, v) => {
        s.dv.setFloat32(s.pos, v === null ? Number.NaN : (v as number));
        s.pos += 4;
      };
    case 'int':
      return (s, v) => {
        s.dv.setInt32(s.pos, v as number);
        s.pos += 4;
      };
    case 'short':
      return (s, v) => {
        s.dv.setInt16(s.pos, v as number);
        s.pos += 2;
      };
    case 'unsignedByte':
      return (s, v) => {
        s.buf[s.pos++] = v as number;
      };
    case 'long':
      return writeLong;
    case 'boolean':
      return (s, v) => {
        s.buf[s.pos++] = v === null || v === undefined ? 0x3f : v ? 0x54 : 0x46; // '?', 'T', 'F' (§6 Logical)
      };
    case 'char':
      return (s, v) => {
        const c = (v as string).charCodeAt(0);
        s.buf[s.pos++] = Number.isNaN(c) ? 0 : c < 128 ? c : 0x3f;
      };
    case 'unicodeChar':
      return (s, v) => {
        const c = (v as string).charCodeAt(0);
        s.dv.setUint16(s.pos, Number.isNaN(c) ? 0 : c);
        s.pos += 2;
      };
    case 'floatComplex':
      return (s, v) => {
        const c = v as ArrayLike<number>;
        s.dv.setFloat32(s.pos, c[0]);
        s.dv.setFloat32(s.pos + 4, c[1]);
        s.pos += 8;
      };
    case 'doubleComplex':
      return (s, v) => {
        const c = v as ArrayLike<number>;
        s.dv.setFloat64(s.pos, c[0]);
        s.dv.setFloat64(s.pos + 8, c[1]);
        s.pos += 16;
      };
    case 'bit':
      return (s, v) => {
        s.buf[s.pos++] = v ? 0x80 : 0;
      };
  }
}

/** Writes `count` characters of `str` as ASCII (non-ASCII -> '?'), NUL-padded to `width` (FITS string rules). */
function writeAscii(s: ByteSink, str: string, count: number, width: number): void {
  const buf = s.buf;
  let p = s.pos;
  for (let i = 0; i < count; i++) {
    const c = str.charCodeAt(i);
    buf[p++] = c < 128 ? c : 0x3f;
  }
  if (width > count) buf.fill(0, p, p + width - count);
  s.pos += width;
}

function writeUcs2(s: ByteSink, str: string, count: number, width: number): void {
  for (let i = 0; i < count; i++) s.dv.setUint16(s.pos + 2 * i, str.charCodeAt(i));
  if (width > count) s.buf.fill(0, s.pos + 2 * count, s.pos + 2 * width);
  s.pos += 2 * width;
}

function flattenStrings(v: unknown, width: number): string {
  if (!Array.isArray(v)) return String(v);
  let out = '';
  for (const x of v)
    out += String(x ?? '')
      .padEnd(width, '\0')
      .slice(0, width);
  return out;
}

export interface ColumnCodec {
  /** Bytes the cell takes when its size does not depend on the value (undefined: variable). */
  fixedBytes: number | undefined;
  write: Enc;
  /** Writes the representation of a null cell (§5.5: magic value, NaN, '?', zero bytes or an empty array). */
  writeNull: (s: ByteSink) => void;
}

/** The BINARY/BINARY2 codec of one FIELD; `magicNull` is the VALUES null for integer columns (BINARY). */
export function columnCodec(field: Field, magicNull: number | bigint | undefined): ColumnCodec {
  const size = parseArraysize(field.arraysize);
  const dt = field.datatype;
  const bytes = PRIMITIVE_BYTES[dt];
  if (isCharType(dt)) {
    const wide = dt === 'unicodeChar';
    const unit = wide ? 2 : 1;
    const writeChars = wide ? writeUcs2 : writeAscii;
    if (!size) {
      const w = primitiveWriter(field);
      return { fixedBytes: unit, write: w, writeNull: (s) => writeChars(s, '', 0, 1) };
    }
    const width = size.dims[0];
    if (!size.variable) {
      const n = size.fixedCount;
      return {
        fixedBytes: n * unit,
        write: (s, v) => {
          const str = size.dims.length > 1 ? flattenStrings(v, width) : String(v);
          writeChars(s, str, Math.min(str.length, n), n);
        },
        writeNull: (s) => writeChars(s, '', 0, n),
      };
    }
    const max = size.maxLast === undefined ? Number.POSITIVE_INFINITY : size.maxLast * size.fixedCount;
    const perUnit = size.fixedCount; // characters per unit of the variable dimension
    return {
      fixedBytes: undefined,
      write: (s, v) => {
        const str = size.dims.length > 1 ? flattenStrings(v, width) : String(v);
        const count = Math.min(str.length, max);
        const units = Math.ceil(count / perUnit);
        s.ensure(4 + units * perUnit * unit);
        s.dv.setInt32(s.pos, units * perUnit); // §5.3: the count is of primitives (STILTS agrees; astropy 5.2 counts rows of "NxM*")
        s.pos += 4;
        writeChars(s, str, count, units * perUnit);
      },
      writeNull: (s) => {
        s.ensure(4);
        s.dv.setInt32(s.pos, 0);
        s.pos += 4;
      },
    };
  }
  const prim = primitiveWriter(field);
  const nullElement: unknown =
    isFloatType(dt) || isComplexType(dt)
      ? Number.NaN
      : isIntegerType(dt)
        ? (magicNull ?? 0)
        : dt === 'boolean'
          ? null
          : 0;
  const writeNullElement: (s: ByteSink, v?: unknown) => void = isComplexType(dt)
    ? (s) => prim(s, [Number.NaN, Number.NaN])
    : (s) => prim(s, nullElement);
  const writeElement: Enc = isIntegerType(dt)
    ? (s, x) => prim(s, x === null || x === undefined ? nullElement : x)
    : prim;
  if (dt === 'bit' && size) return bitArrayCodec(size.variable, size.fixedCount, size.maxLast);
  if (!size) return { fixedBytes: bytes, write: prim, writeNull: writeNullElement };
  const step = isComplexType(dt) ? 2 : 1; // complex arrays are flat [re, im, re, im, …]
  if (!size.variable) {
    const n = size.fixedCount;
    return {
      fixedBytes: n * bytes,
      write: (s, v) => {
        const a = v as ArrayLike<unknown>;
        const have = Math.min(Math.floor(a.length / step), n);
        if (step === 1) for (let i = 0; i < have; i++) writeElement(s, a[i]);
        else for (let i = 0; i < have; i++) prim(s, [a[2 * i], a[2 * i + 1]]);
        for (let i = have; i < n; i++) writeNullElement(s, null);
      },
      writeNull: (s) => {
        for (let i = 0; i < n; i++) writeNullElement(s, null);
      },
    };
  }
  const perUnit = size.fixedCount;
  const max = size.maxLast === undefined ? Number.POSITIVE_INFINITY : size.maxLast;
  return {
    fixedBytes: undefined,
    write: (s, v) => {
      const a = v as ArrayLike<unknown>;
      const elements = Math.floor(a.length / step);
      const units = Math.min(Math.ceil(elements / perUnit), max);
      const n = units * perUnit;
      s.ensure(4 + n * bytes);
      s.dv.setInt32(s.pos, n); // §5.3: "the number of items", bytes = items × primitive size
      s.pos += 4;
      const have = Math.min(elements, n);
      if (step === 1) for (let i = 0; i < have; i++) writeElement(s, a[i]);
      else for (let i = 0; i < have; i++) prim(s, [a[2 * i], a[2 * i + 1]]);
      for (let i = have; i < n; i++) writeNullElement(s, null);
    },
    writeNull: (s) => {
      s.ensure(4);
      s.dv.setInt32(s.pos, 0);
      s.pos += 4;
    },
  };
}

/** Bit arrays: packed, most significant bit first, padded with 0 bits to whole bytes (§6 "Bit Array"). */
function bitArrayCodec(variable: boolean, perUnit: number, maxLast: number | undefined): ColumnCodec {
  const packBits = (s: ByteSink, a: ArrayLike<unknown>, n: number) => {
    const nbytes = Math.ceil(n / 8);
    s.buf.fill(0, s.pos, s.pos + nbytes);
    for (let i = 0; i < Math.min(n, a.length); i++) if (a[i]) s.buf[s.pos + (i >> 3)] |= 0x80 >> (i & 7);
    s.pos += nbytes;
  };
  if (!variable) {
    const nbytes = Math.ceil(perUnit / 8);
    return {
      fixedBytes: nbytes,
      write: (s, v) => packBits(s, v as ArrayLike<unknown>, perUnit),
      writeNull: (s) => packBits(s, [], perUnit),
    };
  }
  const max = maxLast ?? Number.POSITIVE_INFINITY;
  return {
    fixedBytes: undefined,
    write: (s, v) => {
      const a = v as ArrayLike<unknown>;
      const units = Math.min(Math.ceil(a.length / perUnit), max);
      const n = units * perUnit;
      s.ensure(4 + Math.ceil(n / 8));
      s.dv.setInt32(s.pos, n);
      s.pos += 4;
      packBits(s, a, n);
    },
    writeNull: (s) => {
      s.ensure(4);
      s.dv.setInt32(s.pos, 0);
      s.pos += 4;
    },
  };
}

/**
 * The magic null (VALUES null, §3.5.1) an integer column declares: the FIELD's nullValue, else a default when the
 * column needs one — every integer column in BINARY (no other way to flag a null, §5.5) and integer arrays in any
 * serialization (the only way to null one element of an array, §5.5).
 */
export function magicNull(
  field: Field,
  serialization: 'TABLEDATA' | 'BINARY' | 'BINARY2',
): number | bigint | undefined {
  if (!isIntegerType(field.datatype)) return undefined;
  if (field.nullValue === undefined && serialization !== 'BINARY' && field.arraysize === undefined) return undefined;
  return binaryMagicNull(field);
}

/** The FIELD's nullValue as a number/bigint, else the default magic null of its integer datatype. */
export function binaryMagicNull(field: Field): number | bigint | undefined {
  if (!isIntegerType(field.datatype)) return undefined;
  if (field.nullValue !== undefined) {
    return field.datatype === 'long' ? BigInt(field.nullValue) : Number(field.nullValue);
  }
  return defaultIntegerNull(field.datatype);
}

/**
 * Encodes rows into a ByteSink as BINARY (magic nulls) or BINARY2 (null-flag bitmap): the one binary row encoding
 * of VOTableWriter and of the BINARY/BINARY2 body encoder (body-encoder.ts).
 */
export class BinaryRowEncoder {
  readonly sink = new ByteSink();
  /** The magic null of each column (its FIELD declares it), as given. */
  readonly magicNulls: readonly (number | bigint | undefined)[];
  private readonly codecs: ColumnCodec[];
  private readonly binary2: boolean;
  private readonly flagBytes: number;
  private readonly fixedRowBytes: number;

  constructor(fields: Field[], binary2: boolean, magicNulls: (number | bigint | undefined)[]) {
    this.binary2 = binary2;
    this.magicNulls = magicNulls;
    this.codecs = fields.map((f, i) => columnCodec(f, magicNulls[i]));
    this.flagBytes = binary2 ? (fields.length + 7) >> 3 : 0;
    this.fixedRowBytes = this.flagBytes + this.codecs.reduce((a, c) => a + (c.fixedBytes ?? 0), 0);
  }

  encode(row: ArrayLike<unknown>): void {
    const s = this.sink;
    const codecs = this.codecs;
    const n = codecs.length;
    s.ensure(this.fixedRowBytes);
    if (this.binary2) {
      const flagPos = s.pos;
      const buf = s.buf;
      for (let i = 0; i < this.flagBytes; i++) buf[flagPos + i] = 0;
      s.pos += this.flagBytes;
      for (let c = 0; c < n; c++) {
        const v = row[c];
        if (v === null || v === undefined) {
          s.buf[flagPos + (c >> 3)] |= 0x80 >> (c & 7);
          codecs[c].writeNull(s);
        } else codecs[c].write(s, v);
      }
    } else {
      for (let c = 0; c < n; c++) {
        const v = row[c];
        if (v === null || v === undefined) codecs[c].writeNull(s);
        else codecs[c].write(s, v);
      }
    }
  }
}

/** The row encoder of a BINARY or BINARY2 table of these FIELDs, with the magic nulls its FIELDs declare (magicNull). */
export function binaryRowEncoder(fields: Field[], serialization: 'BINARY' | 'BINARY2'): BinaryRowEncoder {
  return new BinaryRowEncoder(
    fields,
    serialization === 'BINARY2',
    fields.map((f) => magicNull(f, serialization)),
  );
}
