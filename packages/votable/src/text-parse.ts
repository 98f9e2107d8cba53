// Parsing TABLEDATA cells and PARAM values (VOTable 1.5 §6 text forms; §5.1 whitespace rules): numbers in decimal or
// 0x hexadecimal, floats with NaN/±Inf, booleans in any case of true/false or T/F/1/0 with ?/blank as null.
// Returns `BAD` for text that is not a value of the datatype (the caller records a diagnostic and stores null).
import { type Field, isCharType, isComplexType, isIntegerType, parseArraysize } from './field.ts';

export const BAD: unique symbol = Symbol('bad value');
export type TextParser = (text: string) => unknown;

function parseIntText(t: string): number | typeof BAD {
  const s = t.trim();
  if (/^[+-]?\d+$/.test(s)) return Number(s);
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s.slice(2), 16);
  return BAD;
}

function toSigned(v: number, bits: number): number {
  const half = 2 ** (bits - 1);
  return v >= half ? v - 2 * half : v;
}

function parseLongText(t: string): bigint | typeof BAD {
  const s = t.trim();
  if (/^[+-]?\d+$/.test(s)) return BigInt(s.startsWith('+') ? s.slice(1) : s);
  if (/^0x[0-9a-f]{1,16}$/i.test(s)) return BigInt.asIntN(64, BigInt(s));
  return BAD;
}

export function parseFloatText(t: string): number | typeof BAD {
  const s = t.trim();
  if (s === '') return BAD;
  // The common case without a lower-cased copy: a number JavaScript reads (0x hexadecimal is not a float form).
  const n = Number(s);
  if (!Number.isNaN(n)) return s.length > 1 && s.charCodeAt(0) === 48 && (s.charCodeAt(1) | 32) === 120 ? BAD : n;
  switch (s.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
  }
  if (s === '') return BAD;
  const v = Number(s);
  return Number.isNaN(v) || /^0x/i.test(s) ? BAD : v;
}

function parseBooleanText(t: string): boolean | null | typeof BAD {
  const s = t.trim();
  switch (s.toLowerCase()) {
    case 't':
    case '1':
    case 'true':
      return true;
    case 'f':
    case '0':
    case 'false':
      return false;
    case '?':
    case '':
      return null;
  }
  return BAD;
}

function elementParser(field: Field): (t: string) => unknown {
  const magic = field.nullValue === undefined ? undefined : String(field.nullValue).trim();
  switch (field.datatype) {
    case 'double':
    case 'float':
    case 'floatComplex':
    case 'doubleComplex':
      return parseFloatText;
    case 'long':
      return (t) => (magic !== undefined && t === magic ? null : parseLongText(t));
    case 'int':
    case 'short':
    case 'unsignedByte': {
      const bits = field.datatype === 'int' ? 32 : field.datatype === 'short' ? 16 : 0;
      return (t) => {
        if (magic !== undefined && t === magic) return null;
        const v = parseIntText(t);
        return v !== BAD && bits > 0 && /^0x/i.test(t) ? toSigned(v, bits) : v;
      };
    }
    case 'boolean':
      return parseBooleanText;
    case 'bit':
      return (t) => (t === '1' ? true : t === '0' ? false : BAD);
    default:
      return (t) => t;
  }
}

// Array elements are whitespace-separated (§5.1); commas, seen in the wild (astropy W01), are tolerated.
const WS = /[\s,]+/;

/** The parser for a FIELD/PARAM's text; empty (or blank, for non-strings) text is null (§5.1). */
export function textParser(field: Field): TextParser {
  const size = parseArraysize(field.arraysize);
  const dt = field.datatype;
  if (isCharType(dt)) {
    if (size && size.dims.length > 1) {
      const w = size.dims[0];
      return (t) => {
        if (t === '') return null;
        const out: string[] = [];
        for (let i = 0; i < t.length; i += w) out.push(t.slice(i, i + w));
        return out;
      };
    }
    return (t) => (t === '' ? null : t);
  }
  const el = elementParser(field);
  if (dt === 'bit' && size) {
    return (t) => {
      const s = t.replace(/[\s,]/g, '');
      if (s === '') return null;
      if (!/^[01]*$/.test(s)) return BAD;
      return Array.from(s, (c) => c === '1');
    };
  }
  if (!size && !isComplexType(dt)) {
    return (t) => {
      if (dt !== 'boolean' && t.trim() === '') return null;
      return el(dt === 'boolean' ? t : t.trim());
    };
  }
  const magic = isIntegerType(dt) && field.nullValue !== undefined ? String(field.nullValue).trim() : undefined;
  return (t) => {
    const s = t.replace(/^[\s,]+|[\s,]+$/g, '');
    if (s === '') return null;
    const parts = s.split(WS);
    if (!size && parts.length !== 2) return BAD; // a complex scalar is "re im"
    const out: unknown[] = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      if (magic !== undefined && parts[i] === magic) {
        out[i] = null;
        continue;
      }
      const v = el(parts[i]);
      if (v === BAD) return BAD;
      out[i] = v;
    }
    return out;
  };
}
