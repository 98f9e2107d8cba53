// Result types of ADQL values, in the terms a VOTable FIELD needs (VOTable 1.4 §4.1 datatype/arraysize, DALI 1.1
// §3.3 xtype, VOUnit, UCD1+), plus the coarse kind the checker reasons with (ADQL 2.1 §3 type system).
import type { CatalogColumn } from './catalog.ts';

export type ValueKindName = 'integer' | 'real' | 'string' | 'timestamp' | 'boolean' | 'geometry' | 'null' | 'unknown';
export type GeometryKind = 'point' | 'circle' | 'polygon' | 'region';

export interface ValueType {
  datatype: string;
  arraysize: string | null;
  xtype: string | null;
  unit: string | null;
  ucd: string | null;
}

/** A column of a query result: its output name and its VOTable type. */
export interface ResultColumn extends ValueType {
  name: string;
  description?: string | null;
  /** The column's utype, for a plain column reference (aliased or not); null for an expression. */
  utype?: string | null;
}

export const T_INT: ValueType = { datatype: 'int', arraysize: null, xtype: null, unit: null, ucd: null };
export const T_LONG: ValueType = { datatype: 'long', arraysize: null, xtype: null, unit: null, ucd: null };
export const T_DOUBLE: ValueType = { datatype: 'double', arraysize: null, xtype: null, unit: null, ucd: null };
export const T_STRING: ValueType = { datatype: 'char', arraysize: '*', xtype: null, unit: null, ucd: null };
export const T_TIMESTAMP: ValueType = { datatype: 'char', arraysize: '*', xtype: 'timestamp', unit: null, ucd: null };
/** The type of NULL or of something we cannot know: VOTable needs a datatype, char * is the safe one. */
export const T_UNKNOWN: ValueType = { datatype: 'char', arraysize: '*', xtype: null, unit: null, ucd: null };

/** DALI 1.1 §3.3.5-3.3.7 geometry serialisations (degrees). */
export function geometryType(g: GeometryKind, unit: string | null = 'deg'): ValueType {
  switch (g) {
    case 'point':
      return { datatype: 'double', arraysize: '2', xtype: 'point', unit, ucd: null };
    case 'circle':
      return { datatype: 'double', arraysize: '3', xtype: 'circle', unit, ucd: null };
    case 'polygon':
      return { datatype: 'double', arraysize: '*', xtype: 'polygon', unit, ucd: null };
    case 'region':
      return { datatype: 'char', arraysize: '*', xtype: 'adql:REGION', unit: null, ucd: null };
  }
}

export function columnType(c: CatalogColumn): ValueType {
  return {
    datatype: c.datatype,
    arraysize: c.arraysize ?? null,
    xtype: c.xtype ?? null,
    unit: c.unit ?? null,
    ucd: c.ucd ?? null,
  };
}

export function geometryKindOf(t: ValueType): GeometryKind | null {
  const x = t.xtype?.toLowerCase();
  if (x === 'point' || x === 'circle' || x === 'polygon') return x;
  if (x === 'adql:region' || x === 'region' || x === 'moc' || x === 'shape') return 'region';
  return null;
}

export function kindOf(t: ValueType): ValueKindName {
  if (geometryKindOf(t)) return 'geometry';
  if (t === T_UNKNOWN) return 'unknown';
  if (t.xtype?.toLowerCase() === 'timestamp') return 'timestamp';
  switch (t.datatype) {
    case 'short':
    case 'int':
    case 'long':
    case 'unsignedByte':
      return 'integer';
    case 'float':
    case 'double':
      return 'real';
    case 'boolean':
      return 'boolean';
    case 'char':
    case 'unicodeChar':
      return 'string';
    default:
      return 'unknown';
  }
}

export function isNumericKind(k: ValueKindName): boolean {
  return k === 'integer' || k === 'real' || k === 'boolean';
}
