// Index ranges covering a region, for a database column holding each row's NESTED HEALPix index at `indexOrder`
// (29 in @obscura/archive): an inclusive queryDisc / queryPolygon (every cell overlapping the region) at an order
// chosen for the region's size, coarsened one order at a time until the list is short, so that
// `col BETWEEN lo AND hi OR ...` is answered by a few B-tree range seeks and the exact test runs only on those rows.
// An order-k cell p covers the order-`indexOrder` indices [p·4^(indexOrder−k), (p+1)·4^(indexOrder−k)).
import { angularDistance } from '../distance.ts';
import type { CircleShape, PolygonShape } from '../shapes.ts';
import { bestDepth } from './best-depth.ts';
import { MAX_ORDER, MAX_ORDER_NUMBER } from './constants.ts';
import { queryDisc } from './query-disc.ts';
import { queryPolygon } from './query-polygon.ts';

export interface IndexRangesOptions {
  /** Order of the indexed column (default 29). */
  indexOrder?: number;
  /** At most this many ranges: a longer list is coarsened one order at a time (down to order 0). */
  maxRanges: number;
  /** Deepest order of the covering (default 24, the deepest the `number` API takes); capped at indexOrder. */
  maxOrder?: number;
  /** Regions at least this wide (circle radius or polygon extent, degrees) get null: no filter (default 180). */
  noFilterRadius?: number;
}

/**
 * Radius below which a circle is covered as this one: a zero radius (a cone search with SR = 0) still selects the
 * cells around the centre, whichever side of a cell edge a row at exactly the centre falls on.
 */
const MIN_COVER_RADIUS = 1e-6;

/**
 * Sorted, disjoint inclusive [lo, hi] index ranges at `indexOrder` covering the circle or polygon (degrees), at most
 * `maxRanges` of them; null when the region needs no filter (at least `noFilterRadius` wide) or has no extent.
 */
export function coveringIndexRanges(
  region: CircleShape | PolygonShape,
  options: IndexRangesOptions,
): [bigint, bigint][] | null {
  const indexOrder = options.indexOrder ?? MAX_ORDER;
  const maxOrder = Math.min(options.maxOrder ?? MAX_ORDER_NUMBER, MAX_ORDER_NUMBER, indexOrder);
  const noFilterRadius = options.noFilterRadius ?? 180;
  let radius: number;
  let query: (order: number) => Float64Array;
  if (region.type === 'circle') {
    if (!(region.radius >= 0) || region.radius >= noFilterRadius) return null;
    radius = Math.max(region.radius, MIN_COVER_RADIUS);
    query = (o) => queryDisc(o, region.ra, region.dec, radius, { inclusive: true });
  } else {
    // Size: the largest distance from the first vertex, a bound on the polygon's extent.
    const v0 = region.vertices[0];
    radius = Math.max(...region.vertices.map((v) => angularDistance(v0.ra, v0.dec, v.ra, v.dec)));
    if (!(radius > 0) || radius >= noFilterRadius) return null;
    query = (o) => queryPolygon(o, region, { inclusive: true });
  }
  // bestDepth: the deepest order whose cells are still wider than the radius; two orders finer keeps the covering
  // within a few cells of the region's area.
  let order = Math.min(maxOrder, bestDepth(radius) + 2);
  let ranges = query(order);
  while (ranges.length / 2 > options.maxRanges && order > 0) {
    order--;
    ranges = query(order);
  }
  const shift = BigInt(2 * (indexOrder - order));
  const out: [bigint, bigint][] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    out.push([BigInt(ranges[i]) << shift, (BigInt(ranges[i + 1]) << shift) - 1n]);
  }
  return out;
}
