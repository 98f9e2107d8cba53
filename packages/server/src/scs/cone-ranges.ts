// The HEALPix side of a cone search on SQLite: the cone becomes a short list of order-29 index ranges (the order of
// the `obscura_hpx` column, @obscura/archive) covering it, each answered by one B-tree range seek; the exact distance
// test then runs only on the rows those ranges return. The covering comes from @obscura/sky queryDisc (inclusive:
// every cell overlapping the disc) at an order chosen for the radius and coarsened until the list is short. An
// order-k cell p covers the order-29 indices [p·4^(29-k), (p+1)·4^(29-k)).
// (The same idea as @obscura/adql's coveringRanges, which is not exported; the tuning here is measured for SCS:
// see scs.bench.ts.)
import { HEALPIX_INDEX_ORDER } from '@obscura/archive';
import { bestDepth, queryDisc } from '@obscura/sky';

/** At most this many ranges; a longer list is coarsened one order at a time. */
export const MAX_CONE_RANGES = 16;
/**
 * Deepest order used (cells of 0.2"). queryDisc's number API goes to 24, but there an inclusive disc much smaller
 * than a cell can come back empty (queryDisc(24, 0, 0, 1e-7, { inclusive: true }) → no cells, @obscura/sky 0.1);
 * @obscura/adql stops at 20 too.
 */
const MAX_QUERY_ORDER = 20;
/** Radius below which the covering uses this instead (SR=0 still selects the cells around the centre). */
const MIN_COVER_RADIUS = 1e-6;

/**
 * Inclusive [lo, hi] order-29 index ranges covering the cone, at most MAX_CONE_RANGES, or null when the cone
 * covers the whole sky (SR ≥ 180°) and needs no index filter.
 */
export function coneRanges(ra: number, dec: number, radius: number): [bigint, bigint][] | null {
  if (radius >= 180) return null;
  const r = Math.max(radius, MIN_COVER_RADIUS);
  // bestDepth: the deepest order whose cells are still wider than the radius; two orders finer keeps the covering
  // within a few cells of the disc's area.
  let order = Math.min(MAX_QUERY_ORDER, bestDepth(r) + 2);
  let ranges = queryDisc(order, ra, dec, r, { inclusive: true });
  while (ranges.length / 2 > MAX_CONE_RANGES && order > 0) {
    order--;
    ranges = queryDisc(order, ra, dec, r, { inclusive: true });
  }
  const shift = BigInt(2 * (HEALPIX_INDEX_ORDER - order));
  const out: [bigint, bigint][] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    out.push([BigInt(ranges[i]) << shift, (BigInt(ranges[i + 1]) << shift) - 1n]);
  }
  return out;
}

/** Statements are cached by range count: counts are rounded up to these, padded with empty ranges. */
export const RANGE_BUCKETS = [1, 2, 4, 8, 16] as const;

export function rangeBucket(n: number): number {
  for (const b of RANGE_BUCKETS) if (n <= b) return b;
  throw new Error(`${n} ranges is more than ${MAX_CONE_RANGES}`);
}

/** An empty range (lo > hi): pads a range list to its bucket without matching anything. */
export const EMPTY_RANGE: [bigint, bigint] = [-1n, -2n];
