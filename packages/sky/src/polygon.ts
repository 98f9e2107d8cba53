// Spherical polygons with great-circle (minor-arc) edges: area, containment, convexity, winding, and intersection
// tests against circles and other polygons.
//
// Semantics (DALI 1.1 §3.3.7: a polygon is the smaller of the two regions its edges bound): we accept either vertex
// order and always take the SMALLER region as the polygon. `skyWinding` reports the order the vertices came in, as
// seen from the centre of the sphere (the way the sky is seen: north up, east to the LEFT); e.g. the square
// "10 10 20 10 20 20 10 20" (RA increasing first) is 'clockwise' in that view.
//
// Area: sum of signed triangle solid angles (Van Oosterom & Strackee 1983, tan(E/2) = a·(b×c) / (1 + a·b + b·c + c·a)),
// exact for large polygons. Containment: the same sum taken from the antipode of the test point tells on which side
// of the boundary that point lies (see `sideSum`), so it holds for non-convex and large polygons too.
import { lonLatToVector } from './angles.ts';
import type { BoxShape, PolygonShape, Vertex } from './shapes.ts';

const FOUR_PI = 4 * Math.PI;

/** A polygon prepared for repeated tests: unit vectors, area, and a bounding cap for fast rejection. */
export interface SphericalPolygon {
  /** Number of vertices. */
  n: number;
  /** Unit vectors, 3 per vertex. */
  v: Float64Array;
  /** True when the smaller region lies to the right of the vertex order (seen from outside the sphere). */
  inverted: boolean;
  /** Area of the (smaller) region in steradians. */
  area: number;
  /** Unit vector of the bounding-cap centre and cosine of its radius (−2: no cap, test everything). */
  cap: Float64Array;
  capCos: number;
}

/** Solid angle (signed, radians²) of the triangle a, b, c with minor-arc sides; positive when CCW seen from outside. */
function triangleSolidAngle(v: Float64Array, ia: number, ib: number, q: Float64Array, iq: number): number {
  const ax = q[iq];
  const ay = q[iq + 1];
  const az = q[iq + 2];
  const bx = v[ia];
  const by = v[ia + 1];
  const bz = v[ia + 2];
  const cx = v[ib];
  const cy = v[ib + 1];
  const cz = v[ib + 2];
  const num = ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  const den = 1 + ax * bx + ay * by + az * bz + bx * cx + by * cy + bz * cz + cx * ax + cy * ay + cz * az;
  return 2 * Math.atan2(num, den);
}

/**
 * Σ of the signed solid angles of the triangles (q, v_i, v_{i+1}). Equals area(L) when −q lies outside L (L = the
 * region to the left of the edges seen from outside) and area(L) − 4π when −q lies inside L.
 */
function sideSum(v: Float64Array, n: number, q: Float64Array, iq: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    s += triangleSolidAngle(v, 3 * i, 3 * j, q, iq);
  }
  return s;
}

/** Prepares a polygon from its vertices (degrees). At least 3 vertices are expected (parsers check that). */
export function preparePolygon(vertices: readonly Vertex[] | PolygonShape): SphericalPolygon {
  const vs = 'type' in vertices ? vertices.vertices : vertices;
  const n = vs.length;
  const v = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) lonLatToVector(vs[i].ra, vs[i].dec, v, 3 * i);
  const s = sideSum(v, n, v, 0);
  let areaL = s > 0 ? s : s + FOUR_PI;
  if (areaL >= FOUR_PI) areaL -= FOUR_PI;
  const inverted = areaL > 2 * Math.PI;
  const area = inverted ? FOUR_PI - areaL : areaL;
  // Bounding cap: around the normalised vertex mean; valid (the smaller region lies inside it) when its radius < 90°.
  const cap = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    cap[0] += v[3 * i];
    cap[1] += v[3 * i + 1];
    cap[2] += v[3 * i + 2];
  }
  const norm = Math.hypot(cap[0], cap[1], cap[2]);
  let capCos = -2;
  if (norm > 1e-12) {
    cap[0] /= norm;
    cap[1] /= norm;
    cap[2] /= norm;
    let minCos = 1;
    for (let i = 0; i < n; i++) {
      minCos = Math.min(minCos, cap[0] * v[3 * i] + cap[1] * v[3 * i + 1] + cap[2] * v[3 * i + 2]);
    }
    if (minCos > 1e-9) capCos = Math.cos(Math.acos(minCos) + 1e-9);
  }
  return { n, v, inverted, area, cap, capCos };
}

/** Area in steradians of the polygon (the smaller region). */
export function polygonArea(p: SphericalPolygon | PolygonShape): number {
  return ('area' in p ? p : preparePolygon(p)).area;
}

/** Area in square degrees. */
export function polygonAreaDeg2(p: SphericalPolygon | PolygonShape): number {
  return polygonArea(p) * (180 / Math.PI) ** 2;
}

const Q = new Float64Array(3);

/** True when the unit vector (x, y, z) lies inside the polygon (points exactly on an edge may go either way). */
export function polygonContainsVector(p: SphericalPolygon, x: number, y: number, z: number): boolean {
  if (p.capCos > -2 && p.cap[0] * x + p.cap[1] * y + p.cap[2] * z < p.capCos) return false;
  Q[0] = -x;
  Q[1] = -y;
  Q[2] = -z;
  const inLeft = sideSum(p.v, p.n, Q, 0) < 0;
  return inLeft !== p.inverted;
}

const PV = new Float64Array(3);

/** True when (ra, dec) in degrees lies inside the polygon. */
export function polygonContains(p: SphericalPolygon, ra: number, dec: number): boolean {
  lonLatToVector(ra, dec, PV);
  return polygonContainsVector(p, PV[0], PV[1], PV[2]);
}

/** Winding of the vertex order as seen on the sky (from the sphere's centre). */
export function skyWinding(p: SphericalPolygon): 'clockwise' | 'counterclockwise' {
  // Not inverted ⇔ the smaller region is on the left seen from outside ⇔ counter-clockwise from outside ⇔
  // clockwise from inside.
  return p.inverted ? 'counterclockwise' : 'clockwise';
}

/** True when every vertex turns the same way around the smaller region (no reflex angle). */
export function isConvex(p: SphericalPolygon): boolean {
  const { n, v } = p;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const a = 3 * ((i + n - 1) % n);
    const b = 3 * i;
    const c = 3 * ((i + 1) % n);
    const cx = v[a + 1] * v[b + 2] - v[a + 2] * v[b + 1];
    const cy = v[a + 2] * v[b] - v[a] * v[b + 2];
    const cz = v[a] * v[b + 1] - v[a + 1] * v[b];
    const t = cx * v[c] + cy * v[c + 1] + cz * v[c + 2];
    if (t > 1e-15) pos++;
    else if (t < -1e-15) neg++;
  }
  // Left turns (t > 0) bound a region on the left; it must be the smaller one.
  return p.inverted ? pos === 0 : neg === 0;
}

/** Angular distance (radians) from the unit vector p to the minor arc a→b of great circle. */
export function distanceToArc(px: number, py: number, pz: number, v: Float64Array, ia: number, ib: number): number {
  const ax = v[ia];
  const ay = v[ia + 1];
  const az = v[ia + 2];
  const bx = v[ib];
  const by = v[ib + 1];
  const bz = v[ib + 2];
  let nx = ay * bz - az * by;
  let ny = az * bx - ax * bz;
  let nz = ax * by - ay * bx;
  const nn = Math.hypot(nx, ny, nz);
  const toA = angle(px, py, pz, ax, ay, az);
  const toB = angle(px, py, pz, bx, by, bz);
  if (nn < 1e-15) return Math.min(toA, toB);
  nx /= nn;
  ny /= nn;
  nz /= nn;
  const d = px * nx + py * ny + pz * nz;
  // Projection of p onto the great circle; inside the arc when it is on the b-side of a and the a-side of b.
  const qx = px - d * nx;
  const qy = py - d * ny;
  const qz = pz - d * nz;
  const sa = (ay * qz - az * qy) * nx + (az * qx - ax * qz) * ny + (ax * qy - ay * qx) * nz;
  const sb = (qy * bz - qz * by) * nx + (qz * bx - qx * bz) * ny + (qx * by - qy * bx) * nz;
  if (sa >= 0 && sb >= 0) return Math.atan2(Math.abs(d), Math.hypot(qx, qy, qz));
  return Math.min(toA, toB);
}

function angle(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.hypot(cx, cy, cz), ax * bx + ay * by + az * bz);
}

/** True when the polygon and the circle (degrees) share at least one point. */
export function polygonIntersectsCircle(p: SphericalPolygon, ra: number, dec: number, radiusDeg: number): boolean {
  lonLatToVector(ra, dec, PV);
  const [x, y, z] = [PV[0], PV[1], PV[2]];
  if (polygonContainsVector(p, x, y, z)) return true;
  const r = radiusDeg * (Math.PI / 180);
  for (let i = 0; i < p.n; i++) {
    if (distanceToArc(x, y, z, p.v, 3 * i, 3 * ((i + 1) % p.n)) <= r) return true;
  }
  return false;
}

/** True when minor arcs a→b (in v) and c→d (in w) cross. */
function arcsCross(v: Float64Array, ia: number, ib: number, w: Float64Array, ic: number, id: number): boolean {
  const n1x = v[ia + 1] * v[ib + 2] - v[ia + 2] * v[ib + 1];
  const n1y = v[ia + 2] * v[ib] - v[ia] * v[ib + 2];
  const n1z = v[ia] * v[ib + 1] - v[ia + 1] * v[ib];
  const n2x = w[ic + 1] * w[id + 2] - w[ic + 2] * w[id + 1];
  const n2y = w[ic + 2] * w[id] - w[ic] * w[id + 2];
  const n2z = w[ic] * w[id + 1] - w[ic + 1] * w[id];
  const sc = n1x * w[ic] + n1y * w[ic + 1] + n1z * w[ic + 2];
  const sd = n1x * w[id] + n1y * w[id + 1] + n1z * w[id + 2];
  if ((sc > 0 && sd > 0) || (sc < 0 && sd < 0)) return false;
  const sa = n2x * v[ia] + n2y * v[ia + 1] + n2z * v[ia + 2];
  const sb = n2x * v[ib] + n2y * v[ib + 1] + n2z * v[ib + 2];
  if ((sa > 0 && sb > 0) || (sa < 0 && sb < 0)) return false;
  // Both great circles separate the other arc's ends: the arcs meet at x = ±(n1 × n2); check x is on arc a→b's side.
  let xx = n1y * n2z - n1z * n2y;
  let xy = n1z * n2x - n1x * n2z;
  let xz = n1x * n2y - n1y * n2x;
  const mx = v[ia] + v[ib] + w[ic] + w[id];
  const my = v[ia + 1] + v[ib + 1] + w[ic + 1] + w[id + 1];
  const mz = v[ia + 2] + v[ib + 2] + w[ic + 2] + w[id + 2];
  if (xx * mx + xy * my + xz * mz < 0) {
    xx = -xx;
    xy = -xy;
    xz = -xz;
  }
  const ab = v[ia] * v[ib] + v[ia + 1] * v[ib + 1] + v[ia + 2] * v[ib + 2];
  const cd = w[ic] * w[id] + w[ic + 1] * w[id + 1] + w[ic + 2] * w[id + 2];
  const xa = xx * v[ia] + xy * v[ia + 1] + xz * v[ia + 2];
  const xb = xx * v[ib] + xy * v[ib + 1] + xz * v[ib + 2];
  const xc = xx * w[ic] + xy * w[ic + 1] + xz * w[ic + 2];
  const xd = xx * w[id] + xy * w[id + 1] + xz * w[id + 2];
  const nx = Math.hypot(xx, xy, xz);
  if (nx === 0) return true; // same great circle: overlapping collinear arcs, count as touching
  // x lies on the minor arc a→b iff it is at least as close to both ends as they are to each other.
  return xa / nx >= ab - 1e-15 && xb / nx >= ab - 1e-15 && xc / nx >= cd - 1e-15 && xd / nx >= cd - 1e-15;
}

/** True when two polygons share at least one point. */
export function polygonsIntersect(a: SphericalPolygon, b: SphericalPolygon): boolean {
  for (let i = 0; i < b.n; i++) if (polygonContainsVector(a, b.v[3 * i], b.v[3 * i + 1], b.v[3 * i + 2])) return true;
  for (let i = 0; i < a.n; i++) if (polygonContainsVector(b, a.v[3 * i], a.v[3 * i + 1], a.v[3 * i + 2])) return true;
  for (let i = 0; i < a.n; i++) {
    const i2 = 3 * ((i + 1) % a.n);
    for (let j = 0; j < b.n; j++) {
      if (arcsCross(a.v, 3 * i, i2, b.v, 3 * j, 3 * ((j + 1) % b.n))) return true;
    }
  }
  return false;
}

/**
 * The 4 corners of an STC-S Box as a polygon: the gnomonic (TAN) plane at the centre, corners at (±tan(w/2),
 * ±tan(h/2)), so the sides are great circles whose midpoints lie w/2 east/west and h/2 north/south of the centre.
 * Vertex order: NE, NW, SW, SE (east is +RA).
 */
export function boxToPolygon(box: BoxShape): PolygonShape {
  const c = new Float64Array(3);
  lonLatToVector(box.ra, box.dec, c);
  const a = box.ra * (Math.PI / 180);
  const d = box.dec * (Math.PI / 180);
  const e = [-Math.sin(a), Math.cos(a), 0];
  const nrt = [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)];
  const tx = Math.tan((box.width / 2) * (Math.PI / 180));
  const ty = Math.tan((box.height / 2) * (Math.PI / 180));
  const vertices: Vertex[] = [];
  for (const [sx, sy] of [
    [1, 1],
    [-1, 1],
    [-1, -1],
    [1, -1],
  ]) {
    const x = c[0] + sx * tx * e[0] + sy * ty * nrt[0];
    const y = c[1] + sx * tx * e[1] + sy * ty * nrt[1];
    const z = c[2] + sx * tx * e[2] + sy * ty * nrt[2];
    const r = Math.hypot(x, y);
    let ra = r === 0 ? 0 : Math.atan2(y, x) * (180 / Math.PI);
    if (ra < 0) ra += 360;
    vertices.push({ ra, dec: Math.atan2(z, r) * (180 / Math.PI) });
  }
  return { type: 'polygon', vertices };
}
