// The HEALPix side of a cone search on SQLite: the cone becomes a short list of order-29 index ranges (the order of
// the `obscura_hpx` column, @obscura/archive) covering it, each answered by one B-tree range seek; the exact distance
// test then runs only on the rows those ranges return. The covering is @obscura/sky coveringIndexRanges (inclusive:
// every cell overlapping the disc), with the tuning measured for SCS (see scs.bench.ts).
import { HEALPIX_INDEX_ORDER } from '@obscura/archive';
import { coveringIndexRanges } from '@obscura/sky';

/** At most this many ranges; a longer list is coarsened one order at a time. */
export const MAX_CONE_RANGES = 16;
/**
 * Deepest covering order (cells of 0.2″). Deeper orders are correct but only change cones below ~1e-4° and make
 * them slower: an SR=0 cone covered at order 20 gives 1.5 ranges on average in 27 µs, at order 24 2.3 ranges in
 * 34 µs (more seeks, a larger statement bucket) for no fewer rows, since a 0.2″ cell holds at most a few rows.
 */
const MAX_QUERY_ORDER = 20;

/**
 * Inclusive [lo, hi] order-29 index ranges covering the cone, at most MAX_CONE_RANGES, or null when the cone
 * covers the whole sky (SR ≥ 180°) and needs no index filter. SR = 0 still selects the cells around the centre.
 */
export function coneRanges(ra: number, dec: number, radius: number): [bigint, bigint][] | null {
  return coveringIndexRanges(
    { type: 'circle', ra, dec, radius },
    { indexOrder: HEALPIX_INDEX_ORDER, maxRanges: MAX_CONE_RANGES, maxOrder: MAX_QUERY_ORDER },
  );
}

/** Statements are cached by range count: counts are rounded up to these, padded with empty ranges. */
export const RANGE_BUCKETS = [1, 2, 4, 8, 16] as const;

export function rangeBucket(n: number): number {
  for (const b of RANGE_BUCKETS) if (n <= b) return b;
  throw new Error(`${n} ranges is more than ${MAX_CONE_RANGES}`);
}

/** An empty range (lo > hi): pads a range list to its bucket without matching anything. */
export const EMPTY_RANGE: [bigint, bigint] = [-1n, -2n];
