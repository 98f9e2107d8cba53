// Text representation of cell values (VOTable 1.5 §6, TABLEDATA forms), shared by TABLEDATA, PARAM values, CSV and
// TSV. A formatter returns the unescaped text of a non-null value; callers escape for their own syntax.
import {
  type Datatype,
  type Field,
  isCharType,
  isComplexType,
  isFloatType,
  isIntegerType,
  parseArraysize,
} from './field.ts';

export type TextFormatter = (v: unknown) => string;

/** A double as TABLEDATA text (§6 "Double Precision": NaN, +Inf, -Inf; JS exponent form 1e+21 is valid). */
export function formatDouble(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return Object.is(v, -0) ? '-0' : String(v); // NaN -> "NaN"; String(-0) would drop the sign
}

/** Powers of ten exactly representable as doubles (10^0 … 10^22). */
const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** A float as the shortest decimal that reads back to the same 32-bit value (§6 "Single Precision"). */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatDouble(v);
  const f = Math.fround(v);
  // The nearest decimal of p significant digits, m × 10^(e+1-p), for p = 6…9 (9 always reads back; the nearest is
  // the only candidate of its length). m and the power of ten are exact doubles, so m / 10^k (or m × 10^k) is the
  // correctly rounded double of the decimal, and String() of that double is the decimal itself (≤ 15 digits
  // round-trip through a double). Far exponents, where 10^k is not exact, take the toPrecision path.
  const a = Math.abs(f);
  const e = Math.floor(Math.log10(a));
  for (let p = 6; p <= 9; p++) {
    const k = p - 1 - e;
    if (k > 22 || k < -22) return formatFloatSlow(f);
    let d: number;
    if (k >= 0) {
      const scale = EXACT_POW10[k];
      d = Math.round(a * scale) / scale; // halves away from zero, as toPrecision
    } else {
      const scale = EXACT_POW10[-k];
      d = Math.round(a / scale) * scale;
    }
    if (Math.fround(d) === a) return String(f < 0 ? -d : d);
  }
  return formatFloatSlow(f);
}

/** formatFloat by toPrecision: the fewest significant digits (6 to 9; 9 always reads back) found by bisection. */
function formatFloatSlow(f: number): string {
  // If p digits read back, so do p + 1 (rounding to more digits is never farther), so at most two trials.
  const p7 = f.toPrecision(7);
  if (Math.fround(Number(p7)) === f) {
    const p6 = f.toPrecision(6);
    return String(Number(Math.fround(Number(p6)) === f ? p6 : p7));
  }
  const p8 = f.toPrecision(8);
  return String(Number(Math.fround(Number(p8)) === f ? p8 : f.toPrecision(9)));
}

/** The toPrecision form, exported for tests comparing it with the fast path. */
export const formatFloatByPrecision = (v: number): string =>
  !Number.isFinite(v) || v === 0 ? formatDouble(v) : formatFloatSlow(Math.fround(v));

function formatLong(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : String(Math.trunc(Number(v)));
}

function scalarFormatter(datatype: Datatype): TextFormatter {
  switch (datatype) {
    case 'double':
      return (v) => formatDouble(v as number);
    case 'float':
      return (v) => formatFloat(v as number);
    case 'int':
    case 'short':
    case 'unsignedByte':
      return (v) => String(v);
    case 'long':
      return formatLong;
    case 'boolean':
      return (v) => (v === null ? '?' : v ? 'T' : 'F'); // §6 "Logical"
    case 'bit':
      return (v) => (v ? '1' : '0');
    case 'floatComplex': {
      return (v) => {
        const c = v as ArrayLike<number>;
        return `${formatFloat(c[0])} ${formatFloat(c[1])}`;
      };
    }
    case 'doubleComplex':
      return (v) => {
        const c = v as ArrayLike<number>;
        return `${formatDouble(c[0])} ${formatDouble(c[1])}`;
      };
    case 'char':
    case 'unicodeChar':
      return (v) => String(v);
  }
}

function elementFormatter(datatype: Datatype): (v: unknown) => string {
  switch (datatype) {
    case 'double':
    case 'doubleComplex':
      return (v) => formatDouble(v === null ? Number.NaN : (v as number));
    case 'float':
    case 'floatComplex':
      return (v) => formatFloat(v === null ? Number.NaN : (v as number));
    case 'long':
      return formatLong;
    case 'boolean':
      return (v) => (v === null || v === undefined ? '?' : v ? 'T' : 'F');
    case 'bit':
      return (v) => (v ? '1' : '0');
    default:
      return (v) => String(v);
  }
}

/** The text formatter for a FIELD/PARAM: scalars, arrays (whitespace-separated, §5.1) and strings. */
export function textFormatter(field: Field): TextFormatter {
  const size = parseArraysize(field.arraysize);
  if (isCharType(field.datatype)) {
    if (!size) return (v) => String(v).slice(0, 1);
    const multi = size.dims.length > 1;
    const width = size.dims[0];
    const max = size.variable
      ? size.maxLast === undefined
        ? undefined
        : size.maxLast * size.fixedCount
      : size.fixedCount;
    return (v) => {
      let s = Array.isArray(v)
        ? multi
          ? v
              .map((x) =>
                String(x ?? '')
                  .padEnd(width, ' ')
                  .slice(0, width),
              )
              .join('')
          : v.join('')
        : String(v);
      if (max !== undefined && s.length > max) s = s.slice(0, max);
      return s;
    };
  }
  if (!size) return scalarFormatter(field.datatype);
  const el = elementFormatter(field.datatype);
  if (field.datatype === 'bit') {
    // §6 "Bit Array": a sequence of ASCII 0 and 1 (no separators, as astropy and STILTS write them).
    const n = size.variable
      ? size.maxLast === undefined
        ? Number.POSITIVE_INFINITY
        : size.maxLast * size.fixedCount
      : size.fixedCount;
    return (v) => {
      const a = v as ArrayLike<unknown>;
      let s = '';
      for (let i = 0; i < Math.min(a.length, n); i++) s += a[i] ? '1' : '0';
      if (!size.variable) s = s.padEnd(n, '0');
      return s;
    };
  }
  const nullEl = isIntegerType(field.datatype) && field.nullValue !== undefined ? String(field.nullValue) : '0';
  const pad = isFloatType(field.datatype) || isComplexType(field.datatype) ? 'NaN' : nullEl;
  const perCell = isComplexType(field.datatype) ? 2 : 1;
  const fixed = size.variable ? undefined : size.fixedCount * perCell;
  const max = size.variable && size.maxLast !== undefined ? size.maxLast * size.fixedCount * perCell : undefined;
  return (v) => {
    const a = v as ArrayLike<unknown>;
    let n = a.length;
    if (fixed !== undefined && n > fixed) n = fixed;
    if (max !== undefined && n > max) n = max;
    let s = '';
    for (let i = 0; i < n; i++) {
      if (i > 0) s += ' ';
      const x = a[i];
      s += x === null && isIntegerType(field.datatype) ? nullEl : el(x);
    }
    if (fixed !== undefined) for (let i = n; i < fixed; i++) s += i > 0 ? ` ${pad}` : pad;
    return s;
  };
}

/**
 * The TABLEDATA text of a null cell. Empty (§5.1: an empty TD is null for any datatype since VOTable 1.3), except for
 * float/double/complex scalars and fixed-size arrays, which get NaNs: votlint (STILTS 3.4) rejects an empty TD there,
 * and §5.5 lets readers treat NaN as null (astropy masks it). Fixed integer arrays repeat their magic null (the
 * writer declares one), fixed boolean arrays are all '?'.
 */
export function tabledataNull(field: Field): string {
  const size = parseArraysize(field.arraysize);
  const perCell = isComplexType(field.datatype) ? 2 : 1;
  if (size?.variable) return '';
  const n = (size?.fixedCount ?? 1) * perCell;
  if (isFloatType(field.datatype) || isComplexType(field.datatype)) return Array(n).fill('NaN').join(' ');
  if (size && field.datatype === 'boolean') return Array(n).fill('?').join(' '); // '?' is a null boolean (§6)
  if (size && isIntegerType(field.datatype) && field.nullValue !== undefined) {
    return Array(n).fill(String(field.nullValue)).join(' ');
  }
  return '';
}
