// The table-valued function behind the SQLite HEALPix index join (crossmatch.ts, sqlite.ts): obscura_cover(ra, dec,
// radius) lists the inclusive order-29 index ranges [lo, hi] covering the circle (degrees), so a join on
// `inner.obscura_hpx BETWEEN c.lo AND c.hi` is a few B-tree range seeks per outer row. Few, coarse ranges suit a
// join: each costs one seek, and the exact distance test drops the extra rows.
import { coveringIndexRanges } from '@obscura/sky';
import { HEALPIX_COLUMN_ORDER } from '../catalog.ts';

export const COVER_FUNCTION = 'obscura_cover';

/** At most this many ranges per circle (one seek each). */
const JOIN_MAX_RANGES = 4;
/** The whole index range: a circle this wide is no filter. */
const ALL: [bigint, bigint] = [0n, 12n * 4n ** BigInt(HEALPIX_COLUMN_ORDER) - 1n];

/** The covering ranges of a circle; none for a missing centre or a negative radius. */
export function coverRanges(ra: unknown, dec: unknown, radius: unknown): [bigint, bigint][] {
  const a = Number(ra);
  const d = Number(dec);
  const r = Number(radius);
  if (ra === null || dec === null || radius === null || !Number.isFinite(a) || !Number.isFinite(d)) return [];
  if (!(r >= 0) || d < -90 || d > 90) return [];
  const ranges = coveringIndexRanges(
    { type: 'circle', ra: ((a % 360) + 360) % 360, dec: d, radius: r },
    { indexOrder: HEALPIX_COLUMN_ORDER, maxRanges: JOIN_MAX_RANGES, noFilterRadius: 90 },
  );
  return ranges ?? [ALL];
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
