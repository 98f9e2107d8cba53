// Result columns → VOTable FIELDs (VOTable 1.5 §3.2) with the type the ADQL checker inferred and the metadata
// TAP_SCHEMA publishes (TAP 1.1 §2.9: "the VOTable FIELD elements should carry the metadata of TAP_SCHEMA"), and the
// database's cell values → the JS values @obscura/votable writes for each datatype (its field.ts).
import { type Coosys, type Datatype, type Field, isDatatype } from '@obscura/votable';

/** The checker's description of one output column (ADQL ResultColumn). */
export interface ResultColumnType {
  name: string;
  datatype: string;
  arraysize?: string | null;
  xtype?: string | null;
  unit?: string | null;
  ucd?: string | null;
  utype?: string | null;
  description?: string | null;
}

/** The one coordinate system of the archive's positions: ICRS (ObsCore 1.1 §4.7, s_ra/s_dec "ICRS"). */
export const ICRS: Coosys = { ID: 'ICRS', system: 'ICRS' };

const GEOMETRY_XTYPES = new Set(['point', 'circle', 'polygon']);

/** True for a column holding ICRS positions: an equatorial UCD or a DALI geometry. */
function isPosition(c: ResultColumnType): boolean {
  return (
    GEOMETRY_XTYPES.has((c.xtype ?? '').toLowerCase()) ||
    /(^|;)pos\.eq(\.|;|$)/.test(c.ucd ?? '') ||
    (c.ucd ?? '').startsWith('pos.outline')
  );
}

export function resultField(c: ResultColumnType): Field {
  const datatype: Datatype = isDatatype(c.datatype) ? c.datatype : 'char';
  const f: Field = { name: c.name, datatype };
  // A char of unknown length is "*" (VOTable 1.5 §2.2: a scalar char holds one character).
  const arraysize = c.arraysize ?? (datatype === 'char' || datatype === 'unicodeChar' ? '*' : null);
  if (arraysize) f.arraysize = arraysize;
  if (c.unit) f.unit = c.unit;
  if (c.ucd) f.ucd = c.ucd;
  // The checker gives a plain column reference (aliased or not) its TAP_SCHEMA utype, an expression none.
  if (c.utype) f.utype = c.utype;
  if (c.xtype) f.xtype = c.xtype;
  if (c.description) f.description = c.description;
  if (isPosition(c)) f.ref = ICRS.ID;
  return f;
}

/** The COOSYS a result needs: ICRS when a FIELD refers to it. */
export function coosysFor(fields: readonly Field[]): Coosys[] {
  return fields.some((f) => f.ref === ICRS.ID) ? [ICRS] : [];
}

export type CellConverter = (v: unknown) => unknown;

const NUMBER_RE = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|-?Infinity|NaN/g;

/** DALI 1.1 §3.3.5-3.3.7: point/circle/polygon are "a b c …" in the database, number arrays in VOTable. */
function numberList(v: unknown): unknown {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return v;
  if (typeof v !== 'string') return null;
  const nums = v.match(NUMBER_RE);
  return nums ? nums.map(Number) : null;
}

function toNumber(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v);
    return v.trim() === '' || Number.isNaN(n) ? null : n;
  }
  return null;
}

function toInteger(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.trunc(v);
  if (typeof v === 'bigint') return v;
  const n = toNumber(v);
  return typeof n === 'number' ? Math.trunc(n) : n;
}

function toLong(v: unknown): unknown {
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) {
    const b = BigInt(v.trim());
    return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b;
  }
  return toInteger(v);
}

/** A converter from a database value to the value the VOTable writer expects for the FIELD (null stays null). */
export function cellConverter(f: Field): CellConverter | null {
  const scalar = !f.arraysize;
  switch (f.datatype) {
    case 'boolean':
      return (v) => (v === null || v === undefined ? null : typeof v === 'boolean' ? v : Boolean(Number(v)));
    case 'short':
    case 'int':
    case 'unsignedByte':
      return scalar ? (v) => (typeof v === 'number' && Number.isInteger(v) ? v : toInteger(v)) : numberList;
    case 'long':
      return scalar ? (v) => (typeof v === 'number' || typeof v === 'bigint' ? v : toLong(v)) : numberList;
    case 'float':
    case 'double':
      return scalar ? (v) => (typeof v === 'number' ? v : toNumber(v)) : numberList;
    case 'char':
    case 'unicodeChar':
      return (v) =>
        v === null || v === undefined || typeof v === 'string'
          ? v
          : v instanceof Date
            ? v.toISOString().replace(/Z$/, '')
            : String(v);
    default:
      return null;
  }
}

/**
 * True when values of a database column type already are what the writer expects for the FIELD, so the cell needs no
 * conversion: text for scalar-less char FIELDs, numbers for floating-point ones, number/bigint for integers (both
 * backends deliver them so, archive values.ts). Expressions (no declared type) and anything else are converted.
 */
export function nativeFor(f: Field, dbType: string | null): boolean {
  if (!dbType) return false;
  const t = dbType.toLowerCase();
  switch (f.datatype) {
    case 'char':
    case 'unicodeChar':
      return f.xtype?.toLowerCase() !== 'timestamp' && /^(text|varchar|character varying|bpchar|char)/.test(t);
    case 'double':
    case 'float':
      return !f.arraysize && /^(real|double|float8|float4|double precision)$/.test(t);
    case 'long':
      return !f.arraysize && /^(integer|int|bigint|int8)$/.test(t);
    case 'int':
    case 'short':
      return !f.arraysize && /^(integer|int|int4|int2|smallint)$/.test(t);
    default:
      return false;
  }
}
