// RING ↔ NESTED conversion (healpix_cxx ring2xyf / xyf2ring; Górski et al. 2005 §4). The RING scheme is offered only
// for conversion (reference values, interoperability with healpy maps); everything else in this package is NESTED.
import { checkOrder, JPLL, JRLL, MAX_ORDER } from './constants.ts';
import { nest2xyf, xyf2nest } from './nested.ts';

/** Integer square root, exact for arguments below 2^53 (healpix_cxx isqrt). */
function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v + 0.5));
  if (r * r > v) r--;
  else if ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** Writes out[offset..+2] = face, ix, iy of RING pixel `pix` at order 0..24. */
export function ring2xyf(order: number, pix: number, out: Int32Array, offset = 0): void {
  const nside = 2 ** order;
  const npix = 12 * nside * nside;
  const ncap = 2 * nside * (nside - 1);
  const nl2 = 2 * nside;
  let iring: number;
  let iphi: number;
  let kshift: number;
  let nr: number;
  let face: number;
  if (pix < ncap) {
    iring = (1 + isqrt(1 + 2 * pix)) >> 1;
    iphi = pix + 1 - 2 * iring * (iring - 1);
    kshift = 0;
    nr = iring;
    face = Math.floor((iphi - 1) / nr);
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = Math.floor(ip / (4 * nside));
    iring = tmp + nside;
    iphi = ip - tmp * 4 * nside + 1;
    kshift = (iring + nside) & 1;
    nr = nside;
    const ire = tmp + 1;
    const irm = nl2 + 1 - tmp;
    const ifm = Math.floor((iphi - (ire >> 1) + nside - 1) / nside);
    const ifp = Math.floor((iphi - (irm >> 1) + nside - 1) / nside);
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
  } else {
    const ip = npix - pix;
    iring = (1 + isqrt(2 * ip - 1)) >> 1;
    iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
    kshift = 0;
    nr = iring;
    iring = 2 * nl2 - iring;
    face = Math.floor((iphi - 1) / nr) + 8;
  }
  const irt = iring - (2 + (face >> 2)) * nside + 1;
  let ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
  if (ipt >= nl2) ipt -= 8 * nside;
  out[offset] = face;
  out[offset + 1] = Math.floor((ipt - irt) / 2);
  out[offset + 2] = Math.floor((-ipt - irt) / 2);
}

/** RING index of (face, ix, iy) at order 0..24. */
export function xyf2ring(order: number, ix: number, iy: number, face: number): number {
  const nside = 2 ** order;
  const nl4 = 4 * nside;
  const jr = JRLL[face] * nside - ix - iy - 1;
  let nr: number;
  let nBefore: number;
  let shifted: boolean;
  if (jr < nside) {
    shifted = true;
    nr = jr;
    nBefore = 2 * jr * (jr - 1);
  } else if (jr < 3 * nside) {
    shifted = ((jr - nside) & 1) === 0;
    nr = nside;
    nBefore = 2 * nside * (nside - 1) + (jr - nside) * nl4;
  } else {
    shifted = true;
    nr = nl4 - jr;
    nBefore = 12 * nside * nside - 2 * nr * (nr + 1);
  }
  const kshift = shifted ? 0 : 1;
  let jp = Math.floor((JPLL[face] * nr + ix - iy + 1 + kshift) / 2);
  if (jp < 1) jp += nl4;
  return nBefore + jp - 1;
}

const XYF = new Int32Array(3);

/** NESTED → RING index at order 0..24. */
export function nest2ring(order: number, ipix: number): number {
  checkOrder(order);
  nest2xyf(order, ipix, XYF);
  return xyf2ring(order, XYF[1], XYF[2], XYF[0]);
}

/** RING → NESTED index at order 0..24. */
export function ring2nest(order: number, ipix: number): number {
  checkOrder(order);
  ring2xyf(order, ipix, XYF);
  return xyf2nest(order, XYF[1], XYF[2], XYF[0]);
}

// ---- bigint variants (orders 0..29) ----

function isqrtBig(v: bigint): bigint {
  let r = BigInt(Math.floor(Math.sqrt(Number(v) + 0.5)));
  while (r * r > v) r--;
  while ((r + 1n) * (r + 1n) <= v) r++;
  return r;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Writes face, ix, iy of RING pixel `pix` (bigint) at order 0..29. */
export function ring2xyfBig(order: number, pix: bigint, out: Int32Array, offset = 0): void {
  checkOrder(order, MAX_ORDER);
  const nside = 1n << BigInt(order);
  const npix = 12n * nside * nside;
  const ncap = 2n * nside * (nside - 1n);
  const nl2 = 2n * nside;
  let iring: bigint;
  let iphi: bigint;
  let kshift: bigint;
  let nr: bigint;
  let face: number;
  if (pix < ncap) {
    iring = (1n + isqrtBig(1n + 2n * pix)) >> 1n;
    iphi = pix + 1n - 2n * iring * (iring - 1n);
    kshift = 0n;
    nr = iring;
    face = Number((iphi - 1n) / nr);
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = ip / (4n * nside);
    iring = tmp + nside;
    iphi = ip - tmp * 4n * nside + 1n;
    kshift = (iring + nside) & 1n;
    nr = nside;
    const ire = tmp + 1n;
    const irm = nl2 + 1n - tmp;
    const ifm = Number(floorDiv(iphi - (ire >> 1n) + nside - 1n, nside));
    const ifp = Number(floorDiv(iphi - (irm >> 1n) + nside - 1n, nside));
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
  } else {
    const ip = npix - pix;
    iring = (1n + isqrtBig(2n * ip - 1n)) >> 1n;
    iphi = 4n * iring + 1n - (ip - 2n * iring * (iring - 1n));
    kshift = 0n;
    nr = iring;
    iring = 2n * nl2 - iring;
    face = Number((iphi - 1n) / nr) + 8;
  }
  const irt = iring - BigInt(2 + (face >> 2)) * nside + 1n;
  let ipt = 2n * iphi - BigInt(JPLL[face]) * nr - kshift - 1n;
  if (ipt >= nl2) ipt -= 8n * nside;
  out[offset] = face;
  out[offset + 1] = Number(floorDiv(ipt - irt, 2n));
  out[offset + 2] = Number(floorDiv(-ipt - irt, 2n));
}

/** RING index (bigint) of (face, ix, iy) at order 0..29. */
export function xyf2ringBig(order: number, ix: number, iy: number, face: number): bigint {
  checkOrder(order, MAX_ORDER);
  const nside = 1n << BigInt(order);
  const nl4 = 4n * nside;
  const jr = BigInt(JRLL[face]) * nside - BigInt(ix) - BigInt(iy) - 1n;
  let nr: bigint;
  let nBefore: bigint;
  let shifted: boolean;
  if (jr < nside) {
    shifted = true;
    nr = jr;
    nBefore = 2n * jr * (jr - 1n);
  } else if (jr < 3n * nside) {
    shifted = ((jr - nside) & 1n) === 0n;
    nr = nside;
    nBefore = 2n * nside * (nside - 1n) + (jr - nside) * nl4;
  } else {
    shifted = true;
    nr = nl4 - jr;
    nBefore = 12n * nside * nside - 2n * nr * (nr + 1n);
  }
  const kshift = shifted ? 0n : 1n;
  let jp = floorDiv(BigInt(JPLL[face]) * nr + BigInt(ix) - BigInt(iy) + 1n + kshift, 2n);
  if (jp < 1n) jp += nl4;
  return nBefore + jp - 1n;
}
