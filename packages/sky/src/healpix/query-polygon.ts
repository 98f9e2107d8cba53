// Polygon coverage in the NESTED scheme, as a range list. Same depth-first descent as query_disc, with each pixel
// bounded by the circle of radius max_pixrad(order) around its centre:
//  - exact (inclusive = false): pixels whose CENTRE lies inside the polygon;
//  - inclusive: pixels that may overlap the polygon: some sub-pixel `fact` times finer (default 4) has a bounding
//    circle that intersects it. A superset of the overlapping pixels, like healpy's inclusive query_polygon.
import {
  distanceToArc,
  polygonContainsVector,
  polygonIntersectsCircle,
  preparePolygon,
  type SphericalPolygon,
} from '../polygon.ts';
import type { PolygonShape, Vertex } from '../shapes.ts';
import { interleave } from './bits.ts';
import { checkOrder, MAX_ORDER, maxPixrad, RAD } from './constants.ts';
import { xyf2ang } from './nested.ts';
import { RangeListBuilder } from './ranges.ts';

export interface PolygonQueryOptions {
  inclusive?: boolean;
  fact?: number;
}

const STACK_MAX = 12 + 3 * (MAX_ORDER + 2) + 4;
const S_FACE = new Int32Array(STACK_MAX);
const S_X = new Int32Array(STACK_MAX);
const S_Y = new Int32Array(STACK_MAX);
const S_O = new Int32Array(STACK_MAX);
const LL = new Float64Array(2);
const PIXRAD = new Float64Array(MAX_ORDER + 1);

function push(top: number, face: number, ix: number, iy: number, o: number): number {
  for (let k = 3; k >= 0; k--) {
    S_FACE[top] = face;
    S_X[top] = 2 * ix + (k & 1);
    S_Y[top] = 2 * iy + (k >> 1);
    S_O[top] = o + 1;
    top++;
  }
  return top;
}

/** The circle of radius r (radians) around the unit vector (x, y, z) lies entirely inside the polygon. */
function circleInside(p: SphericalPolygon, x: number, y: number, z: number, r: number): boolean {
  if (!polygonContainsVector(p, x, y, z)) return false;
  // Centre inside and no edge within r ⇔ the whole circle is inside.
  for (let i = 0; i < p.n; i++) {
    if (distanceToArc(x, y, z, p.v, 3 * i, 3 * ((i + 1) % p.n)) <= r) return false;
  }
  return true;
}

/** NESTED pixels at `order` (0..24) covered by a polygon (vertices in degrees), as a range list. */
export function queryPolygon(
  order: number,
  polygon: readonly Vertex[] | PolygonShape | SphericalPolygon,
  options: PolygonQueryOptions = {},
): Float64Array {
  checkOrder(order);
  const poly = 'area' in polygon ? polygon : preparePolygon(polygon);
  const inclusive = options.inclusive ?? false;
  const fact = inclusive ? (options.fact ?? 4) : 1;
  if (!Number.isInteger(fact) || fact < 1 || (fact & (fact - 1)) !== 0) {
    throw new RangeError(`oversampling factor must be a power of 2, got ${fact}`);
  }
  const omax = order + Math.round(Math.log2(fact));
  if (omax > MAX_ORDER) throw new RangeError(`order ${order} with oversampling ${fact} exceeds order ${MAX_ORDER}`);
  for (let o = 0; o <= omax; o++) PIXRAD[o] = maxPixrad(2 ** o);
  const npface = 4 ** order;
  const b = new RangeListBuilder(256);
  let top = 0;
  for (let f = 11; f >= 0; f--) {
    S_FACE[top] = f;
    S_X[top] = 0;
    S_Y[top] = 0;
    S_O[top] = 0;
    top++;
  }
  let stacktop = 0;
  while (top > 0) {
    top--;
    const face = S_FACE[top];
    const ix = S_X[top];
    const iy = S_Y[top];
    const o = S_O[top];
    const inv = 1 / 2 ** o;
    xyf2ang((ix + 0.5) * inv, (iy + 0.5) * inv, face, LL);
    const lon = LL[0];
    const lat = LL[1];
    const cl = Math.cos(lat / RAD);
    const x = cl * Math.cos(lon / RAD);
    const y = cl * Math.sin(lon / RAD);
    const z = Math.sin(lat / RAD);
    const r = PIXRAD[o];
    if (o < order) {
      if (!polygonIntersectsCircle(poly, lon, lat, r * RAD)) continue;
      if (circleInside(poly, x, y, z, r)) {
        const span = 4 ** (order - o);
        const start = (face * 4 ** o + interleave(ix, iy)) * span;
        b.add(start, start + span);
      } else top = push(top, face, ix, iy, o);
    } else if (o === order) {
      const p = face * npface + interleave(ix, iy);
      if (polygonContainsVector(poly, x, y, z)) b.add(p, p + 1);
      else if (inclusive && polygonIntersectsCircle(poly, lon, lat, r * RAD)) {
        if (o < omax) {
          stacktop = top;
          top = push(top, face, ix, iy, o);
        } else b.add(p, p + 1);
      }
    } else {
      // o > order (inclusive only): the parent is in as soon as one sub-pixel may overlap.
      if (!polygonIntersectsCircle(poly, lon, lat, r * RAD)) continue;
      if (o >= omax || polygonContainsVector(poly, x, y, z)) {
        const shift = o - order;
        const p = face * npface + interleave(ix >> shift, iy >> shift);
        b.add(p, p + 1);
        top = stacktop;
      } else top = push(top, face, ix, iy, o);
    }
  }
  return b.toArray();
}
