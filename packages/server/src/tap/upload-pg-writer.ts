// The PostgreSQL bulk path for uploads (upload.ts): rows are gathered column by column and written with one
// `INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...)` per 20,000 rows (PostgreSQL 15 §9.19: unnest with
// several arrays zips them), so the server parses a handful of array parameters instead of 5 parameters per row;
// the HEALPix index is computed here (@obscura/archive healpixIndex, as for catalogues) and the pgSphere spoint in
// SQL from the same RA/Dec arrays. Rows go in HEALPix order, so the GiST index built afterwards sees neighbours
// together (about a quarter faster to build). A statement runs while the next rows are parsed (one in flight).
import { type Database, HEALPIX_COLUMN, healpixIndex, SPOINT_COLUMN, type TableDef } from '@obscura/archive';

const ROWS_PER_STATEMENT = 25_000;

export class PostgresArrayWriter {
  private readonly sql: string;
  private readonly columns: unknown[][];
  private readonly hpx: (string | null)[] = [];
  private readonly ra: number;
  private readonly dec: number;
  private filled = 0;
  /** The statement in flight (PostgreSQL inserts while this process parses the next rows). */
  private pending: Promise<number> | null = null;
  written = 0;

  constructor(
    private readonly db: Database,
    table: TableDef,
    names: string[],
  ) {
    const d = db.dialect;
    const types = names.map((n) => {
      const c = table.columns.find((x) => x.name === n);
      if (!c) throw new Error(`${table.name} has no column ${n}`);
      return d.columnType(c);
    });
    this.columns = names.map(() => []);
    const s = table.spatialIndex;
    this.ra = s ? names.indexOf(s.ra) : -1;
    this.dec = s ? names.indexOf(s.dec) : -1;
    const u = (i: number) => `u.c${i}`;
    const targets = names.map((n) => d.quote(n));
    const values = names.map((_, i) => u(i));
    const arrays = types.map((t, i) => `$${i + 1}::${t}[]`);
    const aliases = names.map((_, i) => `c${i}`);
    if (s) {
      const [ra, dec] = [u(this.ra), u(this.dec)];
      targets.push(d.quote(HEALPIX_COLUMN), d.quote(SPOINT_COLUMN));
      values.push(
        'u.h',
        `CASE WHEN ${ra} IS NOT NULL AND ${dec} BETWEEN -90 AND 90 THEN spoint(radians(${ra}), radians(${dec})) END`,
      );
      arrays.push(`$${names.length + 1}::bigint[]`);
      aliases.push('h');
    }
    this.sql =
      `INSERT INTO ${d.table(table)} (${targets.join(', ')}) SELECT ${values.join(', ')} ` +
      `FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})${s ? ' ORDER BY u.h' : ''}`;
  }

  /** Adds one row (values in the constructor's column order). */
  async add(values: unknown[]): Promise<void> {
    for (let i = 0; i < values.length; i++) this.columns[i].push(values[i]);
    if (this.ra >= 0) {
      const h = healpixIndex(values[this.ra], values[this.dec]);
      this.hpx.push(h === null ? null : String(h));
    }
    if (++this.filled === ROWS_PER_STATEMENT) await this.flush();
  }

  private async flush(): Promise<void> {
    await this.settle();
    if (this.filled === 0) return;
    const params: unknown[] = this.columns.map((c) => c.splice(0));
    if (this.ra >= 0) params.push(this.hpx.splice(0));
    this.filled = 0;
    const run = this.db.run(this.sql, params);
    run.catch(() => {}); // awaited by the next flush or by finish()
    this.pending = run;
  }

  private async settle(): Promise<void> {
    const p = this.pending;
    this.pending = null;
    if (p) this.written += await p;
  }

  /** Writes the rows still gathered; returns the rows written. */
  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.written;
  }
}
