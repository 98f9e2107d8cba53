// The named rewrite behind "a cone never scans the table" on SQLite: a constant circle or polygon becomes the list
// of order-29 HEALPix index ranges covering it (@obscura/sky coveringIndexRanges), so
// `obscura_hpx BETWEEN lo AND hi OR ...` is answered from the B-tree index; the exact test runs only on those rows.
import { coveringIndexRanges, type Region } from '@obscura/sky';
import { HEALPIX_COLUMN_ORDER } from '../catalog.ts';

/** Ranges beyond this count are coarsened one order at a time (a long OR list costs more than it saves). */
const MAX_RANGES = 64;
/** Deepest covering order (cells of 0.2″, a handful of rows at most even in dense catalogues). */
const MAX_ORDER = 20;
/** Shapes at least this wide (radius or polygon extent, degrees) scan the table: a hemisphere filters little. */
const NO_FILTER_RADIUS = 90;

/** Inclusive [lo, hi] order-29 index ranges covering the shape, or null when the shape gets no filter (≥ 90°). */
export function coveringRanges(shape: Region): [bigint, bigint][] | null {
  if (shape.type !== 'circle' && shape.type !== 'polygon') return null;
  return coveringIndexRanges(shape, {
    indexOrder: HEALPIX_COLUMN_ORDER,
    maxRanges: MAX_RANGES,
    maxOrder: MAX_ORDER,
    noFilterRadius: NO_FILTER_RADIUS,
  });
}

/** `(col BETWEEN lo AND hi OR ...)` */
export function rangesSql(column: string, ranges: [bigint, bigint][]): string {
  if (ranges.length === 0) return '0';
  return `(${ranges.map(([lo, hi]) => `${column} BETWEEN ${lo} AND ${hi}`).join(' OR ')})`;
}
