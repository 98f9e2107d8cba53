// The table-valued function behind the SQLite HEALPix index join (crossmatch.ts, sqlite.ts): obscura_cover(ra, dec,
// radius) lists the inclusive order-29 index ranges [lo, hi] covering the circle (degrees), so a join on
// `inner.obscura_hpx BETWEEN c.lo AND c.hi` is a few B-tree range seeks per outer row. Few, coarse ranges suit a
// join: each costs one seek, and the exact distance test drops the extra rows.
import { ang2pix, bestDepth, coveringIndexRanges, neighbours } from '@obscura/sky';
import { HEALPIX_COLUMN_ORDER } from '../catalog.ts';

export const COVER_FUNCTION = 'obscura_cover';

/** At most this many ranges per circle (one seek each). */
const JOIN_MAX_RANGES = 8;
/** Below this radius (degrees) a circle is covered by its centre's cell and that cell's neighbours. */
const NEIGHBOUR_COVER_RADIUS = 0.01;
/** Deepest order of the number HEALPix API (the neighbour cover works there). */
const MAX_NUMBER_ORDER = 24;
const NB = new Float64Array(8);
const CELLS = new Float64Array(9);
/** The whole index range: a circle this wide is no filter. */
const ALL: [bigint, bigint] = [0n, 12n * 4n ** BigInt(HEALPIX_COLUMN_ORDER) - 1n];

/** The covering ranges of a circle; none for a missing centre or a negative radius. */
export function coverRanges(ra: unknown, dec: unknown, radius: unknown): [bigint, bigint][] {
  const a = Number(ra);
  const d = Number(dec);
  const r = Number(radius);
  if (ra === null || dec === null || radius === null || !Number.isFinite(a) || !Number.isFinite(d)) return [];
  if (!(r >= 0) || d < -90 || d > 90) return [];
  if (r < NEIGHBOUR_COVER_RADIUS) return neighbourCover(((a % 360) + 360) % 360, d, r);
  const ranges = coveringIndexRanges(
    { type: 'circle', ra: ((a % 360) + 360) % 360, dec: d, radius: r },
    { indexOrder: HEALPIX_COLUMN_ORDER, maxRanges: JOIN_MAX_RANGES, noFilterRadius: 90 },
  );
  return ranges ?? [ALL];
}

/**
 * A small circle's cover in constant time: at the deepest order whose narrowest cell is still at least r wide, a
 * point within r of the centre lies in the centre's cell or in one touching it (a geodesic of length r cannot
 * cross a whole cell), so the centre cell and its 7 or 8 neighbours cover the circle: ≤ 9 ranges, adjacent ones
 * merged. (coveringIndexRanges computes a tighter cover, at ~50-100 µs a circle: too slow per row of a join.)
 */
function neighbourCover(ra: number, dec: number, r: number): [bigint, bigint][] {
  const order = Math.min(bestDepth(r), MAX_NUMBER_ORDER);
  const centre = ang2pix(order, ra, dec);
  neighbours(order, centre, NB);
  let n = 0;
  CELLS[n++] = centre;
  for (let i = 0; i < 8; i++) if (NB[i] >= 0) CELLS[n++] = NB[i];
  const cells = CELLS.subarray(0, n).sort();
  const shift = BigInt(2 * (HEALPIX_COLUMN_ORDER - order));
  const out: [bigint, bigint][] = [];
  let lo = cells[0];
  let hi = cells[0];
  for (let i = 1; i <= n; i++) {
    if (i < n && cells[i] === hi + 1) {
      hi = cells[i];
      continue;
    }
    if (i < n && cells[i] === hi) continue;
    out.push([BigInt(lo) << shift, ((BigInt(hi) + 1n) << shift) - 1n]);
    if (i < n) lo = hi = cells[i];
  }
  return out;
}

/** The part of a better-sqlite3 Database that registers a table-valued function. */
export interface SqliteTableRegistry {
  table(
    name: string,
    definition: {
      columns: string[];
      parameters: string[];
      safeIntegers?: boolean;
      directOnly?: boolean;
      rows: (...params: unknown[]) => Generator<unknown>;
    },
  ): unknown;
}

export function registerCoverTable(db: SqliteTableRegistry): void {
  db.table(COVER_FUNCTION, {
    columns: ['lo', 'hi'],
    parameters: ['ra', 'dec', 'radius'],
    directOnly: false,
    *rows(ra: unknown, dec: unknown, radius: unknown) {
      for (const [lo, hi] of coverRanges(ra, dec, radius)) yield [lo, hi];
    },
  } as never);
}
