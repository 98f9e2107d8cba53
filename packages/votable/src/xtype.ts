// DALI xtypes (DALI 1.1 §3.3-3.7; moc and shape from DALI 1.2 §3) mapped to VOTable datatype/arraysize, and the JS
// values they take: point [lon, lat], circle [lon, lat, radius], polygon [lon0, lat0, lon1, lat1, …] (≥ 3 vertices),
// interval [lo, hi] (numbers, ±Infinity for open ends), timestamp "YYYY-MM-DD['T'hh:mm:ss[.SSS]]" string,
// moc an ASCII MOC string (MOC 2.0 §4.3.2), shape "circle …" / "polygon …" / "range …" string. Null is null.
import { fail } from './diagnostics.ts';
import type { Datatype, Field } from './field.ts';

export type DaliXtype = 'point' | 'circle' | 'polygon' | 'interval' | 'timestamp' | 'moc' | 'shape' | 'range';

const XTYPE_TYPES: Record<DaliXtype, { datatype: Datatype; arraysize: string }> = {
  timestamp: { datatype: 'char', arraysize: '*' }, // DALI 1.1 §3.3
  interval: { datatype: 'double', arraysize: '2' }, // DALI 1.1 §3.4
  point: { datatype: 'double', arraysize: '2' }, // DALI 1.1 §3.5
  circle: { datatype: 'double', arraysize: '3' }, // DALI 1.1 §3.6
  polygon: { datatype: 'double', arraysize: '*' }, // DALI 1.1 §3.7
  range: { datatype: 'double', arraysize: '4' }, // DALI 1.2 §3 (range)
  moc: { datatype: 'char', arraysize: '*' }, // DALI 1.2 §3 (MOC)
  shape: { datatype: 'char', arraysize: '*' }, // DALI 1.2 §3 (shape)
};

export function isDaliXtype(xtype: string | undefined): xtype is DaliXtype {
  return xtype !== undefined && Object.hasOwn(XTYPE_TYPES, xtype);
}

/** A FIELD for a DALI xtype, with the datatype and arraysize DALI requires; `extra` adds unit, ucd, … */
export function daliField(name: string, xtype: DaliXtype, extra: Partial<Omit<Field, 'name' | 'xtype'>> = {}): Field {
  const t = XTYPE_TYPES[xtype];
  return { name, datatype: t.datatype, arraysize: t.arraysize, xtype, ...extra };
}

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/;

/**
 * A DALI timestamp (DALI 1.1 §3.3): `YYYY-MM-DDThh:mm:ss.SSS`, UTC, without "Z" for astronomical times; `civil`
 * appends "Z" (civil times, e.g. a job's creation time).
 */
export function formatTimestamp(date: Date | number, civil = false): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  const iso = d.toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ
  return civil ? iso : iso.slice(0, -1);
}

/** Parses a DALI timestamp (with or without time, fraction or "Z") as UTC; throws VOTABLE_BAD_XTYPE_VALUE. */
export function parseTimestamp(s: string): Date {
  const t = s.trim();
  if (!TIMESTAMP_RE.test(t)) fail('VOTABLE_BAD_XTYPE_VALUE', `not a DALI timestamp: "${s}"`);
  const ms = Date.parse(t.endsWith('Z') ? t : t.length === 10 ? `${t}T00:00:00Z` : `${t}Z`);
  if (Number.isNaN(ms)) fail('VOTABLE_BAD_XTYPE_VALUE', `not a DALI timestamp: "${s}"`);
  return new Date(ms);
}

export type DaliShape =
  | { type: 'circle'; lon: number; lat: number; radius: number }
  | { type: 'polygon'; vertices: number[] }
  | { type: 'range'; lon1: number; lon2: number; lat1: number; lat2: number };

/** The string value of a shape xtype (DALI 1.2 §3 shape): "circle 12.3 45.6 0.5", "polygon …", "range …". */
export function formatShape(shape: DaliShape): string {
  switch (shape.type) {
    case 'circle':
      return `circle ${shape.lon} ${shape.lat} ${shape.radius}`;
    case 'polygon':
      checkPolygon(shape.vertices);
      return `polygon ${shape.vertices.join(' ')}`;
    case 'range':
      return `range ${shape.lon1} ${shape.lon2} ${shape.lat1} ${shape.lat2}`;
  }
}

export function parseShape(s: string): DaliShape {
  const [type, ...rest] = s.trim().split(/\s+/);
  const nums = rest.map(Number);
  if (nums.some((n) => Number.isNaN(n))) fail('VOTABLE_BAD_XTYPE_VALUE', `bad number in shape "${s}"`);
  if (type === 'circle' && nums.length === 3) return { type, lon: nums[0], lat: nums[1], radius: nums[2] };
  if (type === 'range' && nums.length === 4)
    return { type, lon1: nums[0], lon2: nums[1], lat1: nums[2], lat2: nums[3] };
  if (type === 'polygon') {
    checkPolygon(nums);
    return { type, vertices: nums };
  }
  return fail('VOTABLE_BAD_XTYPE_VALUE', `not a DALI shape: "${s}"`);
}

function checkPolygon(v: ArrayLike<number>): void {
  // DALI 1.1 §3.7: an even number of values and at least three vertices.
  if (v.length < 6 || v.length % 2 !== 0) {
    fail('VOTABLE_BAD_XTYPE_VALUE', `a DALI polygon has ≥ 3 vertices (an even count ≥ 6 of numbers), got ${v.length}`);
  }
}

/**
 * Checks a JS value against a DALI xtype (null always passes); throws VOTABLE_BAD_XTYPE_VALUE. For writers that want
 * to reject bad geometry before it reaches a client.
 */
export function checkXtypeValue(xtype: DaliXtype, value: unknown): void {
  if (value === null || value === undefined) return;
  const arr = value as ArrayLike<number>;
  switch (xtype) {
    case 'point':
    case 'interval':
      if (arr.length !== 2) fail('VOTABLE_BAD_XTYPE_VALUE', `${xtype} takes 2 numbers, got ${arr.length}`);
      return;
    case 'circle':
      if (arr.length !== 3) fail('VOTABLE_BAD_XTYPE_VALUE', `circle takes 3 numbers, got ${arr.length}`);
      return;
    case 'range':
      if (arr.length !== 4) fail('VOTABLE_BAD_XTYPE_VALUE', `range takes 4 numbers, got ${arr.length}`);
      return;
    case 'polygon':
      checkPolygon(arr);
      return;
    case 'timestamp':
      parseTimestamp(String(value));
      return;
    case 'shape':
      parseShape(String(value));
      return;
    case 'moc':
      // MOC 2.0 §4.3.2 ASCII: "order/cells order/cells…", e.g. "3/1-4 5 4/", or "s3/1 t…" for space-time.
      if (!/^[\dst/,\-\s]*$/.test(String(value))) fail('VOTABLE_BAD_XTYPE_VALUE', `not an ASCII MOC: "${value}"`);
      return;
  }
}
