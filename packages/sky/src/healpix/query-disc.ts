// Cone (disc) coverage in the NESTED scheme, as healpix_cxx query_disc / query_disc_inclusive (healpy query_disc):
// a depth-first descent over the pixel hierarchy that classifies each pixel by the distance of its centre to the
// disc centre against radius ± max_pixrad(order) (the largest centre-to-corner distance at that order).
//  - exact (inclusive = false): the pixels whose CENTRE lies inside the disc;
//  - inclusive: every pixel that overlaps the disc, plus possibly a few that only come close: the overlap test is
//    done on sub-pixels `fact` (a power of 2, default 4 as in healpy) times finer, so the result is a superset.
// Result: a range list (see ranges.ts). Allocation-free apart from the returned array (a module-level stack).

import { interleave } from './bits.ts';
import { checkOrder, DEG, HALF_PI, JPLL, JRLL, MAX_ORDER, maxPixrad } from './constants.ts';
import { RangeListBuilder } from './ranges.ts';

export interface DiscOptions {
  /** Include every pixel that overlaps the disc (default false: only pixels whose centre is inside). */
  inclusive?: boolean;
  /** Oversampling factor of the inclusive overlap test, a power of 2 (default 4, as healpy). */
  fact?: number;
}

/** Cosine and sine-product inputs: writes z = cos θ and φ of the centre of (face, x, y) (fractional coordinates). */
export function xyf2zphi(x: number, y: number, face: number, out: Float64Array): void {
  const jr = JRLL[face] - x - y;
  let nr: number;
  let z: number;
  if (jr < 1) {
    nr = jr;
    z = 1 - (nr * nr) / 3;
  } else if (jr > 3) {
    nr = 4 - jr;
    z = (nr * nr) / 3 - 1;
  } else {
    nr = 1;
    z = ((2 - jr) * 2) / 3;
  }
  let tmp = JPLL[face] * nr + x - y;
  if (tmp < 0) tmp += 8;
  if (tmp >= 8) tmp -= 8;
  out[0] = z;
  out[1] = nr < 1e-15 ? 0 : (0.25 * Math.PI * tmp) / nr;
}

const STACK_MAX = 12 + 3 * (MAX_ORDER + 2) + 4;
const S_FACE = new Int32Array(STACK_MAX);
const S_X = new Int32Array(STACK_MAX);
const S_Y = new Int32Array(STACK_MAX);
const S_O = new Int32Array(STACK_MAX);
const ZPHI = new Float64Array(2);
const CRPDR = new Float64Array(MAX_ORDER + 1);
const CRMDR = new Float64Array(MAX_ORDER + 1);
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
  const cosrad = Math.cos(radius);
  for (let o = 0; o <= omax; o++) {
    const dr = maxPixrad(2 ** o);
    CRPDR[o] = radius + dr > Math.PI ? -1 : Math.cos(radius + dr);
    CRMDR[o] = radius - dr < 0 ? 1 : Math.cos(radius - dr);
  }
  const theta0 = HALF_PI - latDeg * DEG;
  const z0 = Math.cos(theta0);
  const phi0 = lonDeg * DEG;
  const s0 = (1 - z0) * (1 + z0);

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
    xyf2zphi((ix + 0.5) * inv, (iy + 0.5) * inv, face, ZPHI);
    const z = ZPHI[0];
    // cosdist_zphi: cosine of the angular distance between the pixel centre and the disc centre.
    const cangdist = z0 * z + Math.cos(phi0 - ZPHI[1]) * Math.sqrt(s0 * ((1 - z) * (1 + z)));
    if (!(cangdist > CRPDR[o])) continue;
    const zone = cangdist < cosrad ? 1 : cangdist <= CRMDR[o] ? 2 : 3;
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
