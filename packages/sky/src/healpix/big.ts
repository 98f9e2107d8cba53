// bigint variants of the NESTED functions, exact for every order 0..29 (indices up to 12·4^29 − 1 < 2^63).
// The geometry still runs in float64 with 32-bit integer pixel coordinates (ix, iy < 2^29); only the final
// index assembly uses BigInt. For bulk work, ang2pixManyBig writes straight into a BigUint64Array without
// creating any BigInt.
import { compact32, interleaveHi, interleaveLo, TWO32 } from './bits.ts';
import { checkOrder, MAX_ORDER } from './constants.ts';
import { ang2xyf, checkPosition, xyf2ang, xyfCorners, xyfVertices } from './nested.ts';
import { ring2xyfBig, xyf2ringBig } from './ring.ts';

const XYF = new Int32Array(3);

/** NESTED index (bigint) of (face, ix, iy) at order 0..29. */
export function xyf2nestBig(order: number, ix: number, iy: number, face: number): bigint {
  const hi = interleaveHi(ix, iy);
  const lo = interleaveLo(ix, iy);
  return (BigInt(face) << BigInt(2 * order)) + ((BigInt(hi) << 32n) | BigInt(lo));
}

/** Writes face, ix, iy of NESTED index `ipix` (bigint) at order 0..29. */
export function nest2xyfBig(order: number, ipix: bigint, out: Int32Array, offset = 0): void {
  const shift = BigInt(2 * order);
  const face = ipix >> shift;
  const rest = ipix - (face << shift);
  const lo = Number(rest & 0xffffffffn);
  const hi = Number(rest >> 32n);
  out[offset] = Number(face);
  out[offset + 1] = compact32(lo) | (compact32(hi) << 16);
  out[offset + 2] = compact32(lo >>> 1) | (compact32(hi >>> 1) << 16);
}

export function ang2pixBig(order: number, lonDeg: number, latDeg: number): bigint {
  checkOrder(order, MAX_ORDER);
  checkPosition(lonDeg, latDeg);
  ang2xyf(order, lonDeg, latDeg, XYF);
  return xyf2nestBig(order, XYF[1], XYF[2], XYF[0]);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Batch ang2pix for any order 0..29 into a BigUint64Array, allocation-free: the two 32-bit halves of each index are
 * written through a Uint32Array view of the same buffer.
 */
export function ang2pixManyBig(
  order: number,
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
  out: BigUint64Array,
): void {
  checkOrder(order, MAX_ORDER);
  const n = Math.min(lons.length, lats.length);
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const iLo = LITTLE_ENDIAN ? 0 : 1;
  const iHi = 1 - iLo;
  const npface = 4 ** order;
  for (let i = 0; i < n; i++) {
    const lat = lats[i];
    if (!(lat >= -90 && lat <= 90)) checkPosition(lons[i], lat);
    ang2xyf(order, lons[i], lat, XYF);
    let lo = interleaveLo(XYF[1], XYF[2]);
    let hi = interleaveHi(XYF[1], XYF[2]);
    if (order >= 16) {
      hi += XYF[0] * 2 ** (2 * order - 32);
    } else {
      const v = XYF[0] * npface + lo;
      hi = Math.floor(v / TWO32);
      lo = v - hi * TWO32;
    }
    words[2 * i + iLo] = lo;
    words[2 * i + iHi] = hi;
  }
}

export function pix2angBig(order: number, ipix: bigint, out: Float64Array, offset = 0): void {
  checkOrder(order, MAX_ORDER);
  nest2xyfBig(order, ipix, XYF);
  const inv = 1 / 2 ** order;
  xyf2ang((XYF[1] + 0.5) * inv, (XYF[2] + 0.5) * inv, XYF[0], out, offset);
}

export function cornersBig(order: number, ipix: bigint, out: Float64Array, offset = 0): void {
  checkOrder(order, MAX_ORDER);
  nest2xyfBig(order, ipix, XYF);
  xyfCorners(order, XYF[0], XYF[1], XYF[2], out, offset);
}

export function verticesBig(order: number, ipix: bigint, out: Float64Array, offset = 0): void {
  checkOrder(order, MAX_ORDER);
  nest2xyfBig(order, ipix, XYF);
  xyfVertices(order, XYF[0], XYF[1], XYF[2], out, offset);
}

export function nest2ringBig(order: number, ipix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  nest2xyfBig(order, ipix, XYF);
  return xyf2ringBig(order, XYF[1], XYF[2], XYF[0]);
}

export function ring2nestBig(order: number, ipix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  ring2xyfBig(order, ipix, XYF);
  return xyf2nestBig(order, XYF[1], XYF[2], XYF[0]);
}
