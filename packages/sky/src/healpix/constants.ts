// HEALPix constants (Górski et al. 2005, ApJ 622:759, §4 and Fig. 4; the same tables appear in healpix_cxx).

/** Deepest order (nside = 2^29) any HEALPix library supports: 12·4^29 pixels need 63 bits. */
export const MAX_ORDER = 29;
/**
 * Deepest order whose NESTED indices are exact in a JavaScript `number`: 12·4^24 < 2^53 but 12·4^25 > 2^53.
 * The `number` API accepts orders 0..24; the `…Big` functions take and return `bigint` for orders 0..29.
 */
export const MAX_ORDER_NUMBER = 24;

/** Ring number (in units of nside) of the southernmost corner of each base face, counted from the north pole. */
export const JRLL = Int32Array.of(2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4);
/** Longitude (in units of π/4) of the southern corner of each base face. */
export const JPLL = Int32Array.of(1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7);

export const HALF_PI = Math.PI / 2;
export const TWO_PI = 2 * Math.PI;
export const DEG = Math.PI / 180;
export const RAD = 180 / Math.PI;

/** Throws a RangeError unless order is an integer in 0..max. */
export function checkOrder(order: number, max = MAX_ORDER_NUMBER): void {
  if (!Number.isInteger(order) || order < 0 || order > max) {
    const hint = max === MAX_ORDER_NUMBER ? ' (use the …Big functions for orders 25..29)' : '';
    throw new RangeError(`HEALPix order must be an integer in 0..${max}, got ${order}${hint}`);
  }
}

/** nside = 2^order. Throws for an nside that is not a power of two in 1..2^29 (the NESTED scheme needs one). */
export function nsideToOrder(nside: number): number {
  if (!Number.isInteger(nside) || nside < 1 || nside > 2 ** MAX_ORDER || (nside & (nside - 1)) !== 0) {
    throw new RangeError(
      `nside ${nside} is not supported: the NESTED scheme needs nside = 2^order with order in 0..${MAX_ORDER}`,
    );
  }
  return Math.round(Math.log2(nside));
}

export function orderToNside(order: number): number {
  return 2 ** order;
}

/** Number of pixels of the whole sphere, 12·nside² (exact as a number up to order 24). */
export function nside2npix(nside: number): number {
  return 12 * nside * nside;
}

/** Solid angle of one pixel in steradians: 4π / (12·nside²). */
export function nside2pixarea(nside: number): number {
  return (4 * Math.PI) / (12 * nside * nside);
}

/** Square root of the pixel area, in radians (healpy nside2resol). */
export function nside2resol(nside: number): number {
  return Math.sqrt(nside2pixarea(nside));
}

/**
 * Largest angular distance (radians) between a pixel centre and any of its corners at this nside; healpix_cxx
 * max_pixrad: the distance between the centre-ish point (z = 2/3, φ = π/(4·nside)) and the corner
 * (z = 1 − (1 − 1/nside)²/3, φ = 0), which is where the pixels are the most elongated.
 */
export function maxPixrad(nside: number): number {
  const za = 2 / 3;
  const pa = Math.PI / (4 * nside);
  let t1 = 1 - 1 / nside;
  t1 *= t1;
  const zb = 1 - t1 / 3;
  const sa = Math.sqrt((1 - za) * (1 + za));
  const sb = Math.sqrt((1 - zb) * (1 + zb));
  // Vectors a = (sa cos pa, sa sin pa, za), b = (sb, 0, zb); angle = atan2(|a×b|, a·b) (stable for small angles).
  const ax = sa * Math.cos(pa);
  const ay = sa * Math.sin(pa);
  const cx = ay * zb;
  const cy = za * sb - ax * zb;
  const cz = -ay * sb;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * sb + za * zb);
}
