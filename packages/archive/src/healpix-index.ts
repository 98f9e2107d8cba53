// The HEALPix index stored with every position: nested scheme, order 29 (the finest 64-bit order, ~0.4 mas
// pixels), as a BIGINT — so one B-tree index serves cone searches at any coarser order by range (an order-k pixel
// p covers the order-29 range [p << 2(29-k), (p+1) << 2(29-k)) ). Górski et al. 2005 §4; computed by @obscura/sky.
import { ang2pixBig } from '@obscura/sky';

export const HEALPIX_INDEX_ORDER = 29;

/** Order-29 nested HEALPix index of an ICRS position in degrees; null when either coordinate is missing or bad. */
export function healpixIndex(raDeg: unknown, decDeg: unknown): bigint | null {
  if (typeof raDeg !== 'number' || typeof decDeg !== 'number') return null;
  if (!Number.isFinite(raDeg) || !Number.isFinite(decDeg) || decDeg < -90 || decDeg > 90) return null;
  return ang2pixBig(HEALPIX_INDEX_ORDER, raDeg, decDeg);
}

/** The order-29 index range [lo, hi) covered by pixel `ipix` of a coarser `order` (for range scans). */
export function healpixRange(order: number, ipix: bigint): [bigint, bigint] {
  const shift = BigInt(2 * (HEALPIX_INDEX_ORDER - order));
  return [ipix << shift, (ipix + 1n) << shift];
}
