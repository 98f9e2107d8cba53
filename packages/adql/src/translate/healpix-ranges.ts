// The named rewrite behind "a cone never scans the table" on SQLite: a constant circle or polygon becomes the list
// of order-29 HEALPix index ranges covering it (inclusive coverage from @obscura/sky queryDisc / queryPolygon at an
// order chosen for the size), so `obscura_hpx BETWEEN lo AND hi OR ...` is answered from the B-tree index; the
// exact test runs only on those rows. An order-k pixel p covers the order-29 indices [p·4^(29-k), (p+1)·4^(29-k)).
import { angularDistance, bestDepth, queryDisc, queryPolygon, type Region } from '@obscura/sky';
import { HEALPIX_COLUMN_ORDER } from '../catalog.ts';

/** Ranges beyond this count are coarsened one order at a time (a long OR list costs more than it saves). */
const MAX_RANGES = 64;

/** Inclusive [lo, hi] order-29 index ranges covering the shape, or null when the shape needs no filter (≥ 180°). */
export function coveringRanges(shape: Region): [bigint, bigint][] | null {
  let radius: number;
  let query: (order: number) => Float64Array;
  if (shape.type === 'circle') {
    if (!(shape.radius > 0) || shape.radius >= 90) return null;
    radius = shape.radius;
    query = (o) => queryDisc(o, shape.ra, shape.dec, shape.radius, { inclusive: true });
  } else if (shape.type === 'polygon') {
    // Size: the largest distance from the first vertex, a bound on the polygon's extent.
    const v0 = shape.vertices[0];
    radius = Math.max(...shape.vertices.map((v) => angularDistance(v0.ra, v0.dec, v.ra, v.dec)));
    if (!(radius > 0) || radius >= 90) return null;
    query = (o) => queryPolygon(o, shape, { inclusive: true });
  } else {
    return null;
  }
  let order = Math.min(20, bestDepth(radius) + 2);
  let ranges = query(order);
  while (ranges.length / 2 > MAX_RANGES && order > 0) {
    order--;
    ranges = query(order);
  }
  const shift = BigInt(2 * (HEALPIX_COLUMN_ORDER - order));
  const out: [bigint, bigint][] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    out.push([BigInt(ranges[i]) << shift, (BigInt(ranges[i + 1]) << shift) - 1n]);
  }
  return out;
}

/** `(col BETWEEN lo AND hi OR ...)` */
export function rangesSql(column: string, ranges: [bigint, bigint][]): string {
  if (ranges.length === 0) return '0';
  return `(${ranges.map(([lo, hi]) => `${column} BETWEEN ${lo} AND ${hi}`).join(' OR ')})`;
}
