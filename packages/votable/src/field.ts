// FIELD and PARAM descriptions (VOTable 1.5 §3.2-3.4), their datatypes (§2.1 Table 1) and arraysize (§2.2), with the
// JS value type each datatype is written from and read into.
//
// JS values, per datatype (a `null` cell is `null` in every case):
//   boolean                 boolean                (arrays: (boolean|null)[])
//   bit                     boolean                (arrays: boolean[]; numbers 0/1 are accepted when writing)
//   unsignedByte/short/int  number                 (arrays: number[] or a typed array)
//   long                    bigint when read; bigint or a safe-integer number when written (arrays: bigint[])
//   float/double            number (NaN, ±Infinity allowed)  (arrays: number[] or Float32Array/Float64Array)
//   floatComplex/doubleComplex  [re, im]           (arrays: flat [re0, im0, re1, im1, …])
//   char/unicodeChar        string (a scalar char is a 1-character string; arraysize "10x*" and the like: string[])
// Multi-dimensional numeric arrays are flat, first index varying fastest (FITS order, VOTable 1.5 §2.2).
import { fail } from './diagnostics.ts';

export type Datatype =
  | 'boolean'
  | 'bit'
  | 'unsignedByte'
  | 'short'
  | 'int'
  | 'long'
  | 'char'
  | 'unicodeChar'
  | 'float'
  | 'double'
  | 'floatComplex'
  | 'doubleComplex';

export const DATATYPES: readonly Datatype[] = [
  'boolean',
  'bit',
  'unsignedByte',
  'short',
  'int',
  'long',
  'char',
  'unicodeChar',
  'float',
  'double',
  'floatComplex',
  'doubleComplex',
];

/** Bytes per primitive in BINARY/BINARY2 (VOTable 1.5 §2.1 Table 1); bit is packed (§6 "Bit Array"). */
export const PRIMITIVE_BYTES: Record<Datatype, number> = {
  boolean: 1,
  bit: 0,
  unsignedByte: 1,
  short: 2,
  int: 4,
  long: 8,
  char: 1,
  unicodeChar: 2,
  float: 4,
  double: 8,
  floatComplex: 8,
  doubleComplex: 16,
};

/** A FIELD (VOTable 1.5 §3.2). Attribute names follow the XML attributes. */
export interface Field {
  name: string;
  datatype: Datatype;
  /** "*", "10", "10*", "2x3", "2x*" … (§2.2). Absent means a scalar (char: one character). */
  arraysize?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  /** DALI 1.1 §3 xtype, e.g. "timestamp", "point", "circle", "polygon", "interval", "moc", "shape". */
  xtype?: string;
  ID?: string;
  ref?: string;
  description?: string;
  precision?: string;
  width?: number;
  /** Magic null value (VALUES null, §3.5.1), for integer datatypes; written as a string in the header. */
  nullValue?: string | number | bigint;
}

/** A PARAM (§3.3): a field with a constant value. */
export interface Param extends Field {
  /** The value, in the JS type of the datatype (see above); null writes value="". */
  value: unknown;
}

/** An INFO (§3.6): a name/value pair, always a string; its content is an optional text. */
export interface Info {
  name: string;
  value: string;
  ID?: string;
  ucd?: string;
  utype?: string;
  unit?: string;
  ref?: string;
  xtype?: string;
  content?: string;
}

/** COOSYS (§3.7 in 1.5: system from the IVOA refframe vocabulary, equinox, epoch, refposition). */
export interface Coosys {
  ID: string;
  system: string;
  equinox?: string;
  epoch?: string;
  refposition?: string;
}

export interface Arraysize {
  /** Dimensions, first varying fastest; the last may be variable (`variable`). */
  dims: number[];
  /** True when the last dimension ends in "*" (a count precedes the values in BINARY, §5.3). */
  variable: boolean;
  /** For "n*", the declared upper bound n of the last dimension; undefined for a bare "*". */
  maxLast?: number;
  /** Number of primitives for fixed arrays (product of dims), or per unit of the last dimension when variable. */
  fixedCount: number;
}

const ARRAYSIZE_RE = /^\s*(?:\d+x)*(?:\d+\*?|\*)\s*$/;

/** Parses an arraysize (VOTable 1.5 §2.2). Returns undefined for a scalar. */
export function parseArraysize(arraysize: string | undefined): Arraysize | undefined {
  if (arraysize === undefined || arraysize === '') return undefined;
  if (!ARRAYSIZE_RE.test(arraysize)) fail('VOTABLE_BAD_ARRAYSIZE', `bad arraysize "${arraysize}"`);
  const parts = arraysize.trim().split('x');
  const last = parts[parts.length - 1];
  const variable = last.endsWith('*');
  const lead = parts.slice(0, -1).map(Number);
  if (variable) {
    const n = last === '*' ? undefined : Number(last.slice(0, -1));
    const fixedCount = lead.reduce((a, b) => a * b, 1);
    const out: Arraysize = { dims: [...lead, n ?? 0], variable: true, fixedCount };
    if (n !== undefined) out.maxLast = n;
    return out;
  }
  const dims = [...lead, Number(last)];
  return { dims, variable: false, fixedCount: dims.reduce((a, b) => a * b, 1) };
}

export function isCharType(datatype: Datatype): boolean {
  return datatype === 'char' || datatype === 'unicodeChar';
}

export function isIntegerType(datatype: Datatype): boolean {
  return datatype === 'unsignedByte' || datatype === 'short' || datatype === 'int' || datatype === 'long';
}

export function isFloatType(datatype: Datatype): boolean {
  return datatype === 'float' || datatype === 'double';
}

export function isComplexType(datatype: Datatype): boolean {
  return datatype === 'floatComplex' || datatype === 'doubleComplex';
}

export function isDatatype(s: string): s is Datatype {
  return (DATATYPES as readonly string[]).includes(s);
}

/**
 * The default magic null written for integer columns in BINARY (§5.3 and §5.5: BINARY has no other way to flag a
 * null); chosen at the edge of the range, as STILTS does. unsignedByte has no spare value, 255 is used.
 */
export function defaultIntegerNull(datatype: Datatype): bigint | number | undefined {
  switch (datatype) {
    case 'unsignedByte':
      return 255;
    case 'short':
      return -32768;
    case 'int':
      return -2147483648;
    case 'long':
      return -9223372036854775808n;
    default:
      return undefined;
  }
}
