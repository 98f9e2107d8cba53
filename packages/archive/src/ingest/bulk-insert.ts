// The catalogue fast path: rows arrive as arrays of typed values in a fixed column order (no Row objects, no
// per-value conversion), are packed straight into the parameter array of one prepared multi-row INSERT … ON
// CONFLICT statement, and the spatial index columns are computed beside them. Compared with Database.upsert on Row
// objects this skips building and flattening intermediate arrays (see ingest.bench.ts for the figures).
import type { Database } from '../database.ts';
import { insertStatement } from '../operations.ts';
import { qualifiedName, type TableDef } from '../schema/types.ts';

// SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 (sqlite.org/limits.html §9); PostgreSQL's limit is 65535
// parameters per statement (protocol Int16 count).
const MAX_PARAMS = { sqlite: 32_000, postgres: 60_000 } as const;
const MAX_ROWS = { sqlite: 250, postgres: 1000 } as const;

export class BulkWriter {
  private readonly names: string[];
  private readonly sql: string;
  private readonly perStatement: number;
  private readonly width: number;
  private readonly derived: ReturnType<Database['dialect']['derivedColumns']>;
  private readonly raIndex: number;
  private readonly decIndex: number;
  private readonly probe: Record<string, unknown> = {};
  private params: unknown[];
  private filled = 0;
  /** PostgreSQL: keys in the statement being filled (ON CONFLICT cannot touch one row twice in a statement). */
  private readonly keys: Set<unknown> | null;
  private readonly keyIndex: number;
  written = 0;

  constructor(
    private readonly db: Database,
    private readonly table: TableDef,
    private readonly columns: string[],
    private readonly upsert = true,
  ) {
    const s = table.spatialIndex;
    this.derived = s ? db.dialect.derivedColumns(table).filter((d) => d.cast !== 'spoly') : [];
    this.raIndex = s ? columns.indexOf(s.ra) : -1;
    this.decIndex = s ? columns.indexOf(s.dec) : -1;
    if (s && (this.raIndex < 0 || this.decIndex < 0)) {
      throw new Error(`${qualifiedName(table)}: the columns must include ${s.ra} and ${s.dec}`);
    }
    this.names = [...columns, ...this.derived.map((d) => d.name)];
    this.width = this.names.length;
    const dn = db.dialect.name;
    this.perStatement = Math.max(1, Math.min(MAX_ROWS[dn], Math.floor(MAX_PARAMS[dn] / this.width)));
    const casts = [...columns.map(() => undefined), ...this.derived.map((d) => d.cast)];
    this.sql = insertStatement(db, table, this.names, casts, upsert, this.perStatement);
    this.params = new Array(this.perStatement * this.width);
    this.keyIndex = columns.indexOf(table.primaryKey[0]);
    this.keys = upsert && dn === 'postgres' && table.primaryKey.length === 1 ? new Set() : null;
  }

  /** Adds one row (values in the constructor's column order); writes a statement whenever one is full. */
  async add(values: unknown[]): Promise<void> {
    if (this.keys) {
      const k = values[this.keyIndex];
      if (this.keys.has(k)) await this.finish(); // the later row wins, as on SQLite
      this.keys.add(k);
    }
    const p = this.params;
    let at = this.filled * this.width;
    const n = this.columns.length;
    for (let i = 0; i < n; i++) p[at++] = values[i];
    if (this.derived.length) {
      const s = this.table.spatialIndex!;
      this.probe[s.ra] = values[this.raIndex];
      this.probe[s.dec] = values[this.decIndex];
      for (const d of this.derived) p[at++] = d.compute(this.probe);
    }
    if (++this.filled === this.perStatement) await this.flushFull();
  }

  private async flushFull(): Promise<void> {
    this.written += await this.db.run(this.sql, this.params);
    this.filled = 0;
    this.keys?.clear();
  }

  /** Writes the rows still buffered (a shorter statement). */
  async finish(): Promise<number> {
    if (this.filled > 0) {
      const casts = [...this.columns.map(() => undefined), ...this.derived.map((d) => d.cast)];
      const sql = insertStatement(this.db, this.table, this.names, casts, this.upsert, this.filled);
      this.written += await this.db.run(sql, this.params.slice(0, this.filled * this.width));
      this.filled = 0;
      this.keys?.clear();
    }
    return this.written;
  }
}
