// The sky footprint of an image: the outline of its outer pixel edges (pixel −0.5 … n − 0.5, FITS 4.0 §8.1 pixel
// centres at integers) mapped through the WCS, as a polygon of great-circle edges (DALI 1.1 §3.3.7). Where the
// projection bends a pixel edge away from the great circle between two vertices (SIN, ZEA, … far from the tangent
// point; never TAN, whose straight lines are great circles, Calabretta & Greisen 2002 §5.1.3), the edge is split
// until every piece stays within `tolerancePixels` of the real edge.
import type { Wcs } from '@obscura/fits';
import { angularDistance, lonLatToVector, preparePolygon, skyWinding, vectorToLonLat } from '@obscura/sky';

export interface Footprint {
  /** [ra, dec] degrees, counter-clockwise seen from inside the sphere (DALI 1.1 §3.3.7). */
  vertices: [number, number][];
  /** Centre and radius (degrees) of the smallest circle enclosing the vertices. */
  circle: { ra: number; dec: number; radius: number };
}

const MAX_SPLITS = 6; // at most 2^6 = 64 pieces per edge

function world(wcs: Wcs, x: number, y: number): [number, number] | null {
  const [a, d] = wcs.pixelToWorld(x, y);
  return Number.isFinite(a) && Number.isFinite(d) ? [a, d] : null;
}

/** Great-circle midpoint of two sky positions (degrees). */
function greatCircleMidpoint(a: [number, number], b: [number, number]): [number, number] {
  const v = new Float64Array(6);
  lonLatToVector(a[0], a[1], v, 0);
  lonLatToVector(b[0], b[1], v, 3);
  const out = new Float64Array(2);
  vectorToLonLat(v[0] + v[3], v[1] + v[4], v[2] + v[5], out, 0);
  return [out[0], out[1]];
}

/**
 * Vertices along one pixel edge from p0 to p1 (excluding p1): p0, then split points where the great circle strays
 * more than `tolerance` degrees from the projected edge.
 */
function edgeVertices(
  wcs: Wcs,
  p0: [number, number],
  p1: [number, number],
  w0: [number, number],
  w1: [number, number],
  tolerance: number,
  depth: number,
  out: [number, number][],
): boolean {
  const xm = (p0[0] + p1[0]) / 2;
  const ym = (p0[1] + p1[1]) / 2;
  const wm = world(wcs, xm, ym);
  if (!wm) return false;
  const chord = greatCircleMidpoint(w0, w1);
  if (depth < MAX_SPLITS && angularDistance(chord[0], chord[1], wm[0], wm[1]) > tolerance) {
    if (!edgeVertices(wcs, p0, [xm, ym], w0, wm, tolerance, depth + 1, out)) return false;
    return edgeVertices(wcs, [xm, ym], p1, wm, w1, tolerance, depth + 1, out);
  }
  out.push(w0);
  return true;
}

/**
 * The footprint of a width×height image, or null when a corner or edge point falls off the sky (an all-sky
 * projection: no polygon describes it).
 */
export function imageFootprint(wcs: Wcs, width: number, height: number, tolerancePixels = 0.1): Footprint | null {
  const x0 = -0.5;
  const y0 = -0.5;
  const x1 = width - 0.5;
  const y1 = height - 0.5;
  const corners: [number, number][] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  const sky = corners.map(([x, y]) => world(wcs, x, y));
  if (sky.some((s) => s === null)) return null;
  const tolerance = tolerancePixels * wcs.pixelScale().mean;
  const vertices: [number, number][] = [];
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    if (!edgeVertices(wcs, corners[i], corners[j], sky[i]!, sky[j]!, tolerance, 0, vertices)) return null;
  }
  let ordered = vertices.map(([a, d]) => [((a % 360) + 360) % 360, d] as [number, number]);
  // A mirrored WCS (CDELT1 > 0) walks the edges clockwise on the sky: reverse to DALI's counter-clockwise order.
  const prepared = preparePolygon(ordered.map(([ra, dec]) => ({ ra, dec })));
  if (skyWinding(prepared) !== 'counterclockwise') ordered = ordered.reverse();
  return { vertices: ordered, circle: enclosingCircle(ordered) };
}

/**
 * Smallest circle enclosing points on the sphere (for footprints smaller than a hemisphere), by the Bădoiu–Clarkson
 * iteration: move the centre toward the farthest point by 1/(k+1) of the way; it converges to the minimal enclosing
 * ball (Bădoiu & Clarkson 2003, "Smaller core-sets for balls"). Then the radius is the farthest distance.
 */
export function enclosingCircle(points: [number, number][]): { ra: number; dec: number; radius: number } {
  const n = points.length;
  const v = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) lonLatToVector(points[i][0], points[i][1], v, 3 * i);
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < n; i++) {
    cx += v[3 * i];
    cy += v[3 * i + 1];
    cz += v[3 * i + 2];
  }
  const farthest = (): number => {
    let best = -1;
    let bestDot = Number.POSITIVE_INFINITY;
    const norm = Math.hypot(cx, cy, cz);
    for (let i = 0; i < n; i++) {
      const dot = (cx * v[3 * i] + cy * v[3 * i + 1] + cz * v[3 * i + 2]) / norm;
      if (dot < bestDot) {
        bestDot = dot;
        best = i;
      }
    }
    return best;
  };
  const norm0 = Math.hypot(cx, cy, cz);
  cx /= norm0;
  cy /= norm0;
  cz /= norm0;
  for (let k = 1; k <= 2000; k++) {
    const f = farthest();
    const t = 1 / (k + 1);
    cx += (v[3 * f] - cx) * t;
    cy += (v[3 * f + 1] - cy) * t;
    cz += (v[3 * f + 2] - cz) * t;
    const m = Math.hypot(cx, cy, cz);
    cx /= m;
    cy /= m;
    cz /= m;
  }
  const out = new Float64Array(2);
  vectorToLonLat(cx, cy, cz, out, 0);
  let radius = 0;
  for (const [a, d] of points) radius = Math.max(radius, angularDistance(out[0], out[1], a, d));
  return { ra: out[0], dec: out[1], radius };
}

/** DALI 1.1 §3.3.7 polygon text: "ra1 dec1 ra2 dec2 …" in degrees. */
export function daliPolygon(vertices: [number, number][]): string {
  return vertices.map(([a, d]) => `${round(a)} ${round(d)}`).join(' ');
}

/**
 * STC-S polygon text (STC-S 1.33 §4.4; TAP 1.0 §6): "Polygon ICRS ra1 dec1 ra2 dec2 …" in degrees — the ObsCore 1.1
 * s_region value (adql:REGION), the form CADC and DaCHS publish.
 */
export function stcsPolygon(vertices: [number, number][]): string {
  return `Polygon ICRS ${daliPolygon(vertices)}`;
}

// 1e-9 deg (4 µas) keeps every vertex far below a pixel while keeping the text short.
function round(v: number): string {
  const r = Math.round(v * 1e9) / 1e9;
  return Object.is(r, -0) ? '0' : String(r);
}
