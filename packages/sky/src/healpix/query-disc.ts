// Cone (disc) coverage in the NESTED scheme, as healpix_cxx query_disc / query_disc_inclusive (healpy query_disc):
// a depth-first descent over the pixel hierarchy that classifies each pixel by the distance of its centre to the
// disc centre against radius ± max_pixrad(order) (the largest centre-to-corner distance at that order).
//  - exact (inclusive = false): the pixels whose CENTRE lies inside the disc;
//  - inclusive: every pixel that overlaps the disc, plus possibly a few that only come close: the overlap test is
//    done on sub-pixels `fact` (a power of 2, default 4 as in healpy) times finer, so the result is a superset.
// Result: a range list (see ranges.ts). Allocation-free apart from the returned array (a module-level stack).

import { interleave } from './bits.ts';
import { checkOrder, DEG, JPLL, JRLL, MAX_ORDER, maxPixrad } from './constants.ts';
import { RangeListBuilder } from './ranges.ts';

export interface DiscOptions {
  /** Include every pixel that overlaps the disc (default false: only pixels whose centre is inside). */
  inclusive?: boolean;
  /** Oversampling factor of the inclusive overlap test, a power of 2 (default 4, as healpy). */
  fact?: number;
}

/**
 * Writes the unit vector (x, y, z) of the point (x, y) (fractional coordinates in 0..1) of base face `face`.
 * sin θ is taken from 1 − z = nr²/3 in the polar caps (healpix_cxx's `sth`), so the vector keeps full absolute
 * precision next to the poles too.
 */
export function xyf2vec(x: number, y: number, face: number, out: Float64Array): void {
  const jr = JRLL[face] - x - y;
  let nr: number;
  let z: number;
  let sth: number;
  if (jr < 1) {
    nr = jr;
    const t = (nr * nr) / 3;
    z = 1 - t;
    sth = Math.sqrt(t * (2 - t));
  } else if (jr > 3) {
    nr = 4 - jr;
    const t = (nr * nr) / 3;
    z = t - 1;
    sth = Math.sqrt(t * (2 - t));
  } else {
    nr = 1;
    z = ((2 - jr) * 2) / 3;
    sth = Math.sqrt((1 - z) * (1 + z));
  }
  let tmp = JPLL[face] * nr + x - y;
  if (tmp < 0) tmp += 8;
  if (tmp >= 8) tmp -= 8;
  const phi = nr < 1e-15 ? 0 : (0.25 * Math.PI * tmp) / nr;
  out[0] = sth * Math.cos(phi);
  out[1] = sth * Math.sin(phi);
  out[2] = z;
}

/** Squared chord length between two points `angle` radians apart: (2 sin(angle/2))², increasing on 0..π. */
function chord2(angle: number): number {
  const c = 2 * Math.sin(angle / 2);
  return c * c;
}

const STACK_MAX = 12 + 3 * (MAX_ORDER + 2) + 4;
const S_FACE = new Int32Array(STACK_MAX);
const S_X = new Int32Array(STACK_MAX);
const S_Y = new Int32Array(STACK_MAX);
const S_O = new Int32Array(STACK_MAX);
const VEC = new Float64Array(3);
/** Squared chord of radius + max_pixrad(o) (beyond it a pixel cannot touch the disc; Infinity past π). */
const OUTER2 = new Float64Array(MAX_ORDER + 1);
/** Squared chord of radius − max_pixrad(o) (within it a pixel lies wholly inside the disc; −1 below 0). */
const INNER2 = new Float64Array(MAX_ORDER + 1);
const BUILDER = new RangeListBuilder(1024);

/**
 * NESTED pixels at `order` (0..24) covered by the disc of `radiusDeg` around (lon, lat) (degrees), as a range list.
 */
export function queryDisc(
  order: number,
  lonDeg: number,
  latDeg: number,
  radiusDeg: number,
  options: DiscOptions = {},
): Float64Array {
  checkOrder(order);
  const inclusive = options.inclusive ?? false;
  const fact = inclusive ? (options.fact ?? 4) : 1;
  if (!Number.isInteger(fact) || fact < 1 || (fact & (fact - 1)) !== 0) {
    throw new RangeError(`oversampling factor must be a power of 2, got ${fact}`);
  }
  const oplus = Math.round(Math.log2(fact));
  const omax = order + oplus;
  if (omax > MAX_ORDER) throw new RangeError(`order ${order} with oversampling ${fact} exceeds order ${MAX_ORDER}`);
  const npface = 4 ** order;
  const b = BUILDER;
  b.clear();
  const radius = radiusDeg * DEG;
  if (radius >= Math.PI) {
    b.add(0, 12 * npface);
    return b.toArray();
  }
  // Distances are compared as squared chords |v − v0|², not as cosines (healpix_cxx compares cos d against
  // cos(r ± dr)): 1 − cos d ≈ d²/2 has an absolute rounding error of ~1e-16, so cosines cannot tell apart angles
  // below ~1e-8 rad, and at deep orders cos(r + max_pixrad) rounds to 1, which pruned every pixel of a tiny
  // inclusive disc (order 24, r = 1e-7° gave no cells). The chord, from vector differences, is good to ~1e-16 rad.
  const rad2 = chord2(radius);
  for (let o = 0; o <= omax; o++) {
    const dr = maxPixrad(2 ** o);
    OUTER2[o] = radius + dr >= Math.PI ? Number.POSITIVE_INFINITY : chord2(radius + dr);
    INNER2[o] = radius - dr < 0 ? -1 : chord2(radius - dr);
  }
  const lat0 = latDeg * DEG;
  const lon0 = lonDeg * DEG;
  const x0 = Math.cos(lat0) * Math.cos(lon0);
  const y0 = Math.cos(lat0) * Math.sin(lon0);
  const z0 = Math.sin(lat0);

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
    xyf2vec((ix + 0.5) * inv, (iy + 0.5) * inv, face, VEC);
    const dx = VEC[0] - x0;
    const dy = VEC[1] - y0;
    const dz = VEC[2] - z0;
    // Squared chord between the pixel centre and the disc centre.
    const d2 = dx * dx + dy * dy + dz * dz;
    if (!(d2 < OUTER2[o])) continue;
    // 1: centre outside the disc; 2: centre inside, pixel may cross the edge; 3: pixel wholly inside.
    const zone = d2 > rad2 ? 1 : d2 >= INNER2[o] ? 2 : 3;
    if (o < order) {
      if (zone >= 3) {
        const span = 4 ** (order - o);
        const start = (face * 4 ** o + interleave(ix, iy)) * span;
        b.add(start, start + span);
      } else {
        top = pushChildren(top, face, ix, iy, o);
      }
    } else if (o > order) {
      const shift = o - order;
      if (zone >= 2 || o >= omax) {
        const p = face * npface + interleave(ix >> shift, iy >> shift);
        b.add(p, p + 1);
        top = stacktop;
      } else {
        top = pushChildren(top, face, ix, iy, o);
      }
    } else if (zone >= 2) {
      const p = face * npface + interleave(ix, iy);
      b.add(p, p + 1);
    } else if (inclusive) {
      if (order < omax) {
        stacktop = top;
        top = pushChildren(top, face, ix, iy, o);
      } else {
        const p = face * npface + interleave(ix, iy);
        b.add(p, p + 1);
      }
    }
  }
  return b.toArray();
}

/** Pushes the 4 children of (face, ix, iy, o) so that they pop in NESTED order. Returns the new stack top. */
function pushChildren(top: number, face: number, ix: number, iy: number, o: number): number {
  for (let k = 3; k >= 0; k--) {
    S_FACE[top] = face;
    S_X[top] = 2 * ix + (k & 1);
    S_Y[top] = 2 * iy + (k >> 1);
    S_O[top] = o + 1;
    top++;
  }
  return top;
}
