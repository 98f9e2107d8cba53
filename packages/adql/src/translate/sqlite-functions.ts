// The functions the SQLite translation calls, registered on a better-sqlite3 connection: geometry in JS with
// @obscura/sky, the math SQLite lacks (cot, truncate to n places), the UDFs, and case-sensitive LIKE.
import {
  ang2pixBig,
  angularDistance,
  boxToPolygon,
  polygonAreaDeg2,
  polygonOf,
  type Region,
  regionContains,
  regionsIntersect,
} from '@obscura/sky';
import { specconv } from '../units.ts';
import { registerCoverTable, type SqliteTableRegistry } from './cover-table.ts';
import { decodeGeometry, encodeShape } from './geometry-values.ts';

/** The part of a better-sqlite3 Database this needs (structural, so the package has no hard dependency on it). */
export interface SqliteConnection {
  function(
    name: string,
    options: { deterministic?: boolean; varargs?: boolean; safeIntegers?: boolean },
    fn: (...args: never[]) => unknown,
  ): unknown;
  pragma(source: string): unknown;
  /** better-sqlite3's table-valued functions (the HEALPix cover of a cross-match). */
  table?: SqliteTableRegistry['table'];
}

type V = number | bigint | string | null;

const num = (v: V): number | null => (v === null ? null : typeof v === 'number' ? v : Number(v));

function geom(v: V): Region | null {
  return typeof v === 'string' ? decodeGeometry(v) : null;
}

function area(r: Region): number | null {
  switch (r.type) {
    case 'point':
      return 0;
    case 'circle':
      // Spherical cap: 2π(1 − cos r) sr, in square degrees.
      return 2 * Math.PI * (1 - Math.cos((r.radius * Math.PI) / 180)) * (180 / Math.PI) ** 2;
    case 'polygon':
      return polygonAreaDeg2(polygonOf(r));
    case 'box':
      return polygonAreaDeg2(boxToPolygon(r));
    default:
      return null;
  }
}

/** Centre of a shape: a circle's centre, a polygon's normalised mean vertex vector. */
function centroid(r: Region): { ra: number; dec: number } | null {
  if (r.type === 'point' || r.type === 'circle') return { ra: r.ra, dec: r.dec };
  const poly = r.type === 'box' ? boxToPolygon(r) : r.type === 'polygon' ? r : null;
  if (!poly) return null;
  let x = 0;
  let y = 0;
  let z = 0;
  for (const v of poly.vertices) {
    const a = (v.ra * Math.PI) / 180;
    const d = (v.dec * Math.PI) / 180;
    x += Math.cos(d) * Math.cos(a);
    y += Math.cos(d) * Math.sin(a);
    z += Math.sin(d);
  }
  let ra = (Math.atan2(y, x) * 180) / Math.PI;
  if (ra < 0) ra += 360;
  return { ra, dec: (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI };
}

function dali(r: Region): string | null {
  switch (r.type) {
    case 'point':
      return `${r.ra} ${r.dec}`;
    case 'circle':
      return `${r.ra} ${r.dec} ${r.radius}`;
    case 'polygon':
      return r.vertices.map((v) => `${v.ra} ${v.dec}`).join(' ');
    case 'box':
      return dali(boxToPolygon(r));
    default:
      return null;
  }
}

const normLon = (ra: number) => ((ra % 360) + 360) % 360;

/** ivo_hasword: the needle's words appear consecutively among the haystack's words (ASCII letters and digits). */
export function hasWord(haystack: string, needle: string): boolean {
  const n = needle
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (n === '') return false;
  const h = ` ${haystack.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return h.includes(` ${n} `);
}

/** Registers every function the SQLite translation may call, and makes LIKE case-sensitive (ADQL 2.1 §2.3.3). */
export function registerSqliteFunctions(db: SqliteConnection): void {
  db.pragma('case_sensitive_like = ON');
  if (db.table) registerCoverTable(db as SqliteTableRegistry);
  const det = { deterministic: true };
  const fn = (name: string, f: (...a: V[]) => unknown, options: { deterministic?: boolean; varargs?: boolean } = det) =>
    db.function(name, options, f as (...args: never[]) => unknown);

  fn('adql_cot', (x) => (x === null ? null : 1 / Math.tan(num(x)!)));
  fn('adql_truncate', (x, n) => {
    if (x === null || n === null) return null;
    const f = 10 ** Math.trunc(num(n)!);
    return Math.trunc(num(x)! * f) / f;
  });
  fn('adql_float', (x) => (x === null ? null : Math.fround(Number(x))));
  fn('adql_rand', () => Math.random(), { deterministic: false });
  fn('adql_timestamp', (x) => {
    if (x === null) return null;
    const d = new Date(typeof x === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(x) ? `${x}Z` : String(x));
    return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('Z', '');
  });

  // Geometry constructors (text encoding, geometry-values.ts).
  fn('adql_point', (x, y) =>
    x === null || y === null ? null : encodeShape({ type: 'point', ra: num(x)!, dec: num(y)! }),
  );
  fn('adql_circle', (c, r) => {
    const p = geom(c);
    if (p?.type !== 'point' || r === null) return null;
    return encodeShape({ type: 'circle', ra: p.ra, dec: p.dec, radius: num(r)! });
  });
  fn(
    'adql_polygon',
    (...xs) => {
      if (xs.some((x) => x === null)) return null;
      const vertices = [];
      for (let i = 0; i + 1 < xs.length; i += 2) vertices.push({ ra: num(xs[i])!, dec: num(xs[i + 1])! });
      return encodeShape({ type: 'polygon', vertices });
    },
    { deterministic: true, varargs: true },
  );
  fn('adql_box', (c, w, h) => {
    const p = geom(c);
    if (p?.type !== 'point' || w === null || h === null) return null;
    return encodeShape(boxToPolygon({ type: 'box', ra: p.ra, dec: p.dec, width: num(w)!, height: num(h)! }));
  });

  // Predicates and measures (ADQL 2.1 §4.2).
  fn('adql_point_in', (ra, dec, g) => {
    const r = geom(g);
    if (ra === null || dec === null || !r) return null;
    return regionContains(r, num(ra)!, num(dec)!) ? 1 : 0;
  });
  fn('adql_contains', (a, b) => {
    const ra = geom(a);
    const rb = geom(b);
    if (!ra || !rb) return null;
    if (ra.type === 'point') return regionContains(rb, ra.ra, ra.dec) ? 1 : 0;
    if (ra.type === 'circle' && rb.type === 'circle') {
      return angularDistance(ra.ra, ra.dec, rb.ra, rb.dec) + ra.radius <= rb.radius ? 1 : 0;
    }
    // A polygon or circle inside another region: every vertex inside and no edge crossing; for a circle, its
    // boundary sampled finely enough (64 points) — pgSphere does the exact test, see README.
    const pts =
      ra.type === 'circle'
        ? Array.from({ length: 64 }, (_, k) => offset(ra.ra, ra.dec, ra.radius, (2 * Math.PI * k) / 64))
        : ra.type === 'polygon'
          ? ra.vertices
          : ra.type === 'box'
            ? boxToPolygon(ra).vertices
            : null;
    if (!pts) return null;
    return pts.every((p) => regionContains(rb, p.ra, p.dec)) ? 1 : 0;
  });
  fn('adql_intersects', (a, b) => {
    const ra = geom(a);
    const rb = geom(b);
    if (!ra || !rb) return null;
    try {
      return regionsIntersect(ra, rb) ? 1 : 0;
    } catch {
      return null;
    }
  });
  fn('adql_distance', (a1, d1, a2, d2) =>
    a1 === null || d1 === null || a2 === null || d2 === null
      ? null
      : angularDistance(num(a1)!, num(d1)!, num(a2)!, num(d2)!),
  );
  fn('adql_distance_g', (a, b) => {
    const p = geom(a);
    const q = geom(b);
    if (!p || !q || p.type !== 'point' || q.type !== 'point') return null;
    return angularDistance(p.ra, p.dec, q.ra, q.dec);
  });
  fn('adql_area', (g) => {
    const r = geom(g);
    return r ? area(r) : null;
  });
  fn('adql_centroid', (g) => {
    const r = geom(g);
    const c = r ? centroid(r) : null;
    return c ? encodeShape({ type: 'point', ra: c.ra, dec: c.dec }) : null;
  });
  fn('adql_coord1', (g) => {
    const r = geom(g);
    return r?.type === 'point' ? normLon(r.ra) : null;
  });
  fn('adql_coord2', (g) => {
    const r = geom(g);
    return r?.type === 'point' ? r.dec : null;
  });
  fn('adql_dali', (g) => {
    const r = geom(g);
    return r ? dali(r) : null;
  });

  // User-defined functions (udfs.ts).
  fn('ivo_healpix_index', (o, ra, dec) => {
    if (o === null || ra === null || dec === null) return null;
    const order = Math.trunc(num(o)!);
    if (order < 0 || order > 29) return null;
    const p = ang2pixBig(order, num(ra)!, num(dec)!);
    return p <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(p) : p;
  });
  fn('ivo_specconv', (v, from, to) => {
    if (v === null || typeof from !== 'string' || typeof to !== 'string') return null;
    const r = specconv(num(v)!, from, to);
    return Number.isFinite(r) ? r : null;
  });
  fn('ivo_interval_overlaps', (l1, h1, l2, h2) => {
    if (l1 === null || h1 === null || l2 === null || h2 === null) return null;
    return num(h1)! >= num(l2)! && num(h2)! >= num(l1)! ? 1 : 0;
  });
  fn('ivo_hasword', (h, n) => (h === null || n === null ? null : hasWord(String(h), String(n)) ? 1 : 0));
  fn('obscura_resolution_at', (res, ref, f) => {
    if (res === null || ref === null || f === null || num(f) === 0) return null;
    return (num(res)! * num(ref)!) / num(f)!;
  });
}

/** The point at angular distance r (degrees) and position angle theta (radians) from (ra, dec). */
function offset(ra: number, dec: number, r: number, theta: number): { ra: number; dec: number } {
  const d2r = Math.PI / 180;
  const rho = r * d2r;
  const d0 = dec * d2r;
  const sinD = Math.sin(d0) * Math.cos(rho) + Math.cos(d0) * Math.sin(rho) * Math.cos(theta);
  const d = Math.asin(Math.max(-1, Math.min(1, sinD)));
  const a = ra * d2r + Math.atan2(Math.sin(theta) * Math.sin(rho) * Math.cos(d0), Math.cos(rho) - Math.sin(d0) * sinD);
  return { ra: normLon(a / d2r), dec: d / d2r };
}
