// The 8 neighbours of a pixel (healpix_cxx T_Healpix_Base::neighbors; Górski et al. 2005 Fig. 4 for how the base
// faces touch). Output order is healpy's get_all_neighbours order: SW, W, NW, N, NE, E, SE, S, with −1 where a pixel
// has only 7 neighbours (where only 3 base faces meet).

import { nest2xyfBig, xyf2nestBig } from './big.ts';
import { checkOrder, MAX_ORDER } from './constants.ts';
import { nest2xyf, xyf2nest } from './nested.ts';
import { ring2xyf, xyf2ring } from './ring.ts';

/** Offsets in (ix, iy) of SW, W, NW, N, NE, E, SE, S. */
const NB_X = Int32Array.of(-1, -1, 0, 1, 1, 1, 0, -1);
const NB_Y = Int32Array.of(0, 1, 1, 1, 0, -1, -1, -1);
/** Face across each of the 9 directions (rows: S, SE, E, SW, centre, NE, W, NW, N) for each of the 12 faces. */
// biome-ignore format: a table
const NB_FACE = [
  Int32Array.of(8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9), // S
  Int32Array.of(5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8), // SE
  Int32Array.of(-1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1), // E
  Int32Array.of(4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10), // SW
  Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), // centre
  Int32Array.of(1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4), // NE
  Int32Array.of(-1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1), // W
  Int32Array.of(3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7), // NW
  Int32Array.of(2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3), // N
];
/** How (x, y) transform when crossing into the neighbouring face: bit 1 = flip x, bit 2 = flip y, bit 4 = swap. */
// biome-ignore format: a table
const NB_SWAP = [
  Int32Array.of(0, 0, 3), Int32Array.of(0, 0, 6), Int32Array.of(0, 0, 0),
  Int32Array.of(0, 0, 5), Int32Array.of(0, 0, 0), Int32Array.of(5, 0, 0),
  Int32Array.of(0, 0, 0), Int32Array.of(6, 0, 0), Int32Array.of(3, 0, 0),
];

/**
 * Computes the (face, ix, iy) of the 8 neighbours of (face, ix, iy) at `order` into nb (24 ints: face, x, y per
 * direction, face −1 when the neighbour does not exist).
 */
export function xyfNeighbours(order: number, face: number, ix: number, iy: number, nb: Int32Array): void {
  const nside = 2 ** order;
  for (let i = 0; i < 8; i++) {
    let x = ix + NB_X[i];
    let y = iy + NB_Y[i];
    let nbnum = 4;
    if (x < 0) {
      x += nside;
      nbnum -= 1;
    } else if (x >= nside) {
      x -= nside;
      nbnum += 1;
    }
    if (y < 0) {
      y += nside;
      nbnum -= 3;
    } else if (y >= nside) {
      y -= nside;
      nbnum += 3;
    }
    const f = NB_FACE[nbnum][face];
    if (f >= 0) {
      const bits = NB_SWAP[nbnum][face >> 2];
      if (bits & 1) x = nside - x - 1;
      if (bits & 2) y = nside - y - 1;
      if (bits & 4) {
        const t = x;
        x = y;
        y = t;
      }
    }
    nb[3 * i] = f;
    nb[3 * i + 1] = x;
    nb[3 * i + 2] = y;
  }
}

const XYF = new Int32Array(3);
const NB = new Int32Array(24);

/** The 8 NESTED neighbours (SW, W, NW, N, NE, E, SE, S; −1 = none) of `ipix` at order 0..24, into out[offset..+7]. */
export function neighbours(order: number, ipix: number, out: Float64Array | Int32Array, offset = 0): void {
  checkOrder(order);
  nest2xyf(order, ipix, XYF);
  xyfNeighbours(order, XYF[0], XYF[1], XYF[2], NB);
  for (let i = 0; i < 8; i++) {
    out[offset + i] = NB[3 * i] < 0 ? -1 : xyf2nest(order, NB[3 * i + 1], NB[3 * i + 2], NB[3 * i]);
  }
}

/** The 8 RING neighbours of RING pixel `ipix` at order 0..24 (healpy get_all_neighbours with nest=False). */
export function neighboursRing(order: number, ipix: number, out: Float64Array | Int32Array, offset = 0): void {
  checkOrder(order);
  ring2xyf(order, ipix, XYF);
  xyfNeighbours(order, XYF[0], XYF[1], XYF[2], NB);
  for (let i = 0; i < 8; i++) {
    out[offset + i] = NB[3 * i] < 0 ? -1 : xyf2ring(order, NB[3 * i + 1], NB[3 * i + 2], NB[3 * i]);
  }
}

/** bigint variant for orders 0..29: returns 8 entries, −1n for a missing neighbour. */
export function neighboursBig(order: number, ipix: bigint): bigint[] {
  checkOrder(order, MAX_ORDER);
  nest2xyfBig(order, ipix, XYF);
  xyfNeighbours(order, XYF[0], XYF[1], XYF[2], NB);
  const out: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(NB[3 * i] < 0 ? -1n : xyf2nestBig(order, NB[3 * i + 1], NB[3 * i + 2], NB[3 * i]));
  }
  return out;
}
