// Geometry values: ADQL geometry expressions whose arguments are constants become @obscura/sky shapes at
// translation time (so the SQL can use literals and the HEALPix index), and the text encoding the registered
// SQLite functions pass between each other. Stored footprints (s_region) hold STC-S ("Polygon ICRS ra dec ...", ObsCore
// 1.1 adql:REGION) or DALI 1.1 §3.3 text ("ra dec ..."); decodeGeometry reads both.
import { boxToPolygon, formatNumber, parseStcs, type Region, type Shape } from '@obscura/sky';
import type { Expression, Position } from '../ast.ts';

/** The numeric value of a constant expression (a number, possibly signed or parenthesised), else null. */
export function constantNumber(e: Expression): number | null {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'Parenthesized':
      return constantNumber(e.expr);
    case 'Unary': {
      const v = constantNumber(e.operand);
      return v === null ? null : e.op === '-' ? -v : e.op === '+' ? v : null;
    }
    default:
      return null;
  }
}

function constantPosition(p: Position): [number, number] | null {
  if (p.kind === 'Coordinates') {
    const x = constantNumber(p.x);
    const y = constantNumber(p.y);
    return x === null || y === null ? null : [x, y];
  }
  if (p.kind === 'Point') {
    const x = constantNumber(p.x);
    const y = constantNumber(p.y);
    return x === null || y === null ? null : [x, y];
  }
  return null;
}

/** The shape of a geometry constructor with constant arguments (boxes become their polygon), else null. */
export function constantShape(e: Expression): Region | null {
  switch (e.kind) {
    case 'Parenthesized':
      return constantShape(e.expr);
    case 'Point': {
      const p = constantPosition(e);
      return p ? { type: 'point', ra: p[0], dec: p[1] } : null;
    }
    case 'Circle': {
      const c = constantPosition(e.center);
      const r = constantNumber(e.radius);
      return c && r !== null ? { type: 'circle', ra: c[0], dec: c[1], radius: r } : null;
    }
    case 'Box': {
      const c = constantPosition(e.center);
      const w = constantNumber(e.width);
      const h = constantNumber(e.height);
      return c && w !== null && h !== null
        ? boxToPolygon({ type: 'box', ra: c[0], dec: c[1], width: w, height: h })
        : null;
    }
    case 'Polygon': {
      const vs: { ra: number; dec: number }[] = [];
      for (const v of e.vertices) {
        const p = constantPosition(v);
        if (!p) return null;
        vs.push({ ra: p[0], dec: p[1] });
      }
      return { type: 'polygon', vertices: vs };
    }
    case 'Region': {
      const r = parseStcs(e.arg.value);
      return r.value ?? null;
    }
    default:
      return null;
  }
}

/** The text the SQLite geometry functions exchange: `point ra dec`, `circle ra dec r`, `polygon ra dec ...`. */
export function encodeShape(s: Shape): string {
  switch (s.type) {
    case 'point':
      return `point ${formatNumber(s.ra)} ${formatNumber(s.dec)}`;
    case 'circle':
      return `circle ${formatNumber(s.ra)} ${formatNumber(s.dec)} ${formatNumber(s.radius)}`;
    case 'polygon':
      return `polygon ${s.vertices.map((v) => `${formatNumber(v.ra)} ${formatNumber(v.dec)}`).join(' ')}`;
    case 'box':
      return encodeShape(boxToPolygon(s));
  }
}

/** DALI 1.1 §3.3 text of a point, circle or polygon (what a geometry select item returns). */
export function daliText(s: Region): string | null {
  switch (s.type) {
    case 'point':
      return `${formatNumber(s.ra)} ${formatNumber(s.dec)}`;
    case 'circle':
      return `${formatNumber(s.ra)} ${formatNumber(s.dec)} ${formatNumber(s.radius)}`;
    case 'polygon':
      return s.vertices.map((v) => `${formatNumber(v.ra)} ${formatNumber(v.dec)}`).join(' ');
    case 'box':
      return daliText(boxToPolygon(s));
    default:
      return null;
  }
}

const cache = new Map<string, Region | null>();
const CACHE_MAX = 4096;

/**
 * Decodes a geometry value: our own encoding, DALI text (2 numbers a point, 3 a circle, 6 or more a polygon) or
 * STC-S (what TAP 1.0 services store in s_region). Null for anything else. Cached: the same literal or stored
 * footprint is decoded once.
 */
export function decodeGeometry(text: string): Region | null {
  let r = cache.get(text);
  if (r !== undefined) return r;
  r = decodeUncached(text);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, r);
  return r;
}

function numbersOf(text: string): number[] | null {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  const out = parts.map(Number);
  return out.length > 0 && out.every(Number.isFinite) ? out : null;
}

function fromNumbers(n: number[], kind: string | null): Region | null {
  const k = kind ?? (n.length === 2 ? 'point' : n.length === 3 ? 'circle' : 'polygon');
  if (k === 'point' && n.length === 2) return { type: 'point', ra: n[0], dec: n[1] };
  if (k === 'circle' && n.length === 3) return { type: 'circle', ra: n[0], dec: n[1], radius: n[2] };
  if (k === 'polygon' && n.length >= 6 && n.length % 2 === 0) {
    const vertices = [];
    for (let i = 0; i < n.length; i += 2) vertices.push({ ra: n[i], dec: n[i + 1] });
    return { type: 'polygon', vertices };
  }
  return null;
}

function decodeUncached(text: string): Region | null {
  const m = /^\s*(point|circle|polygon)\s+(.*)$/s.exec(text);
  if (m) {
    const n = numbersOf(m[2]);
    return n ? fromNumbers(n, m[1]) : null;
  }
  if (/^\s*[-+.\d]/.test(text)) {
    const n = numbersOf(text);
    return n ? fromNumbers(n, null) : null;
  }
  return parseStcs(text).value ?? null;
}
