// The cone query path of one catalogue, on either backend, returning rows as value arrays (the verbosity's
// columns, then the distance in degrees), exactly those within SR of the centre:
// - SQLite: the cone's HEALPix ranges (cone-ranges.ts) as `obscura_hpx BETWEEN ? AND ?` OR'ed (one B-tree seek
//   each; a UNION ALL of range scans measured the same on the medium demo, see the README), the exact distance test in JS;
// - PostgreSQL: `obscura_pos <@ scircle(...)` answered from the pgSphere GiST index (radius widened by 1e-9 rad so
//   pgSphere's own rounding cannot lose a row), then the same JS test, so both backends return the same rows.
// Statements are prepared once per (verbosity, range-count bucket) and reused (Database.prepare).
import { type ColumnDef, type Database, HEALPIX_COLUMN, type PreparedQuery, SPOINT_COLUMN } from '@obscura/archive';
import { angularDistance } from '@obscura/sky';
import type { ScsCatalogue } from './catalogue.ts';
import type { Verbosity } from './cone-params.ts';
import { coneRanges, EMPTY_RANGE, rangeBucket } from './cone-ranges.ts';

export interface Cone {
  ra: number;
  dec: number;
  sr: number;
}

const DEG = Math.PI / 180;
/** pgSphere compares with a tolerance of its own; widening the circle keeps every candidate (the JS test decides). */
const PG_WIDEN_RAD = 1e-9;
/** pgSphere circles are at most 90° in radius; larger cones scan the table (they return half the sky anyway). */
const PG_MAX_CIRCLE_DEG = 90;

/** Columns to select, starting with the catalogue's id, RA and Dec; `key` names the set in the statement cache. */
export interface ColumnSet {
  key: string;
  columns: ColumnDef[];
}

export class ConeSearcher {
  private readonly statements = new Map<string, PreparedQuery>();

  constructor(
    private readonly db: Database,
    private readonly cat: ScsCatalogue,
  ) {}

  private select(columns: ColumnDef[]): string {
    const q = this.db.dialect.quote;
    return `SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM ${this.db.dialect.table(this.cat.def)}`;
  }

  private prepared(key: string, sql: () => string): PreparedQuery {
    let p = this.statements.get(key);
    if (!p) {
      p = this.db.prepare(sql());
      this.statements.set(key, p);
    }
    return p;
  }

  /** The statement and parameters for a cone. */
  private plan(cone: Cone, set: ColumnSet): { query: PreparedQuery; params: unknown[] } {
    const d = this.db.dialect;
    const verb = set.key;
    const select = () => this.select(set.columns);
    if (d.name === 'postgres') {
      if (cone.sr >= PG_MAX_CIRCLE_DEG) return { query: this.prepared(`all:${verb}`, select), params: [] };
      const query = this.prepared(
        `circle:${verb}`,
        () => `${select()} WHERE ${d.quote(SPOINT_COLUMN)} <@ scircle(spoint($1::float8, $2::float8), $3::float8)`,
      );
      return { query, params: [cone.ra * DEG, cone.dec * DEG, cone.sr * DEG + PG_WIDEN_RAD] };
    }
    const ranges = coneRanges(cone.ra, cone.dec, cone.sr);
    if (ranges === null) return { query: this.prepared(`all:${verb}`, select), params: [] };
    const n = rangeBucket(ranges.length);
    while (ranges.length < n) ranges.push(EMPTY_RANGE);
    const hpx = d.quote(HEALPIX_COLUMN);
    const query = this.prepared(`ranges:${verb}:${n}`, () => {
      const terms = Array.from({ length: n }, () => `${hpx} BETWEEN ? AND ?`);
      return `${select()} WHERE ${terms.join(' OR ')}`;
    });
    return { query, params: ranges.flat() };
  }

  /**
   * Rows within the cone, each the verbosity's column values followed by the distance (degrees), in batches; at
   * most `limit` + 1 rows (one more than asked tells the caller the result overflowed).
   */
  search(cone: Cone, verb: Verbosity, limit: number, batchSize = 1000): AsyncIterable<unknown[][]> {
    return this.searchColumns(cone, { key: String(verb), columns: this.cat.columns[verb] }, limit, batchSize);
  }

  /** Like search, with any columns that start with the catalogue's id, RA and Dec (`key` names the set). */
  async *searchColumns(cone: Cone, set: ColumnSet, limit: number, batchSize = 1000): AsyncIterable<unknown[][]> {
    const { query, params } = this.plan(cone, set);
    const raAt = 1;
    const decAt = 2; // every column set starts with id, ra, dec
    let left = limit + 1;
    for await (const batch of query.batches(params, batchSize)) {
      const out: unknown[][] = [];
      for (const row of batch) {
        const ra = row[raAt] as number | null;
        const dec = row[decAt] as number | null;
        if (ra === null || dec === null) continue;
        const r = angularDistance(cone.ra, cone.dec, ra, dec);
        if (!(r <= cone.sr)) continue;
        row.push(r);
        out.push(row);
        if (--left === 0) break;
      }
      if (out.length > 0) yield out;
      if (left === 0) return;
    }
  }
}
