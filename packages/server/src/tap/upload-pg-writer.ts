// The PostgreSQL bulk path for uploads (upload.ts): rows are gathered column by column and written with
// `INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...)` statements (PostgreSQL 15 §9.19: unnest with several
// arrays zips them), so the server parses a handful of array parameters instead of 5 parameters per row; the arrays
// go as array literals built here (§8.15.6), cheaper than node-postgres's generic per-element escaping. The HEALPix
// index is computed here (@obscura/archive healpixIndex, as for catalogues) and the pgSphere spoint in SQL from the
// same RA/Dec arrays. Up to ROWS_PER_RUN rows (the whole of most uploads) are sorted here by HEALPix index before they
// are written, so the table's physical order is one sweep over the sky: the GiST index built afterwards sees
// neighbours together, and a cross-match driven from the upload probes the catalogue's GiST in that order, keeping
// its pages hot. A run goes as STATEMENTS_IN_FLIGHT statements at once on separate pool connections while the next
// rows are parsed (no transaction: the table is new, private to the request, and dropped by the caller on error).
import { type Database, HEALPIX_COLUMN, healpixIndex, SPOINT_COLUMN, type TableDef } from '@obscura/archive';

/** Rows sorted together (memory: one run of parsed rows). */
const ROWS_PER_RUN = 200_000;
/** Statements of one run sent at once (each on its own pool connection; the PostgreSQL backends insert in parallel). */
const STATEMENTS_IN_FLIGHT = 2;
const MIN_ROWS_PER_STATEMENT = 10_000;

/** A PostgreSQL array literal (§8.15.6) of scalars, or undefined when an element is of a kind left to node-postgres. */
export function arrayLiteral(values: readonly unknown[]): string | undefined {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number')
      parts[i] = Number.isFinite(v) ? String(v) : `"${v}"`; // NaN, Infinity, -Infinity
    else if (typeof v === 'string') parts[i] = `"${v.replace(/["\\]/g, '\\$&')}"`;
    else if (typeof v === 'bigint') parts[i] = String(v);
    else if (typeof v === 'boolean') parts[i] = v ? 't' : 'f';
    else return undefined;
  }
  return `{${parts.join(',')}}`;
}

export class PostgresArrayWriter {
  private readonly sql: string;
  private columns: unknown[][];
  private keys: number[] = [];
  private hpx: (bigint | null)[] = [];
  private readonly ra: number;
  private readonly dec: number;
  /** The statements in flight (PostgreSQL inserts while this process parses the next rows). */
  private pending: Promise<number>[] = [];
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
      `FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})`;
  }

  /** Adds one row (values in the constructor's column order). */
  async add(values: unknown[]): Promise<void> {
    for (let i = 0; i < values.length; i++) this.columns[i].push(values[i]);
    if (this.ra >= 0) {
      const h = healpixIndex(values[this.ra], values[this.dec]);
      this.hpx.push(h);
      this.keys.push(h === null ? Number.POSITIVE_INFINITY : Number(h));
    }
    if (this.columns[0].length === ROWS_PER_RUN) await this.flush();
  }

  /** Sends the gathered rows (in HEALPix order) as statements in flight, after the previous run's have finished. */
  private async flush(): Promise<void> {
    await this.settle();
    const n = this.columns[0].length;
    if (n === 0) return;
    let columns = this.columns;
    let hpx = this.hpx;
    this.columns = columns.map(() => []);
    this.hpx = [];
    if (this.ra >= 0) {
      const keys = this.keys;
      this.keys = [];
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => keys[a] - keys[b] || a - b);
      columns = columns.map((c) => Array.from(order, (i) => c[i]));
      hpx = Array.from(order, (i) => hpx[i]);
    }
    const per = Math.max(MIN_ROWS_PER_STATEMENT, Math.ceil(n / STATEMENTS_IN_FLIGHT));
    for (let from = 0; from < n; from += per) {
      const slice = (c: readonly unknown[]) => {
        const part = c.slice(from, from + per);
        return arrayLiteral(part) ?? part;
      };
      const params: unknown[] = columns.map(slice);
      if (this.ra >= 0) params.push(slice(hpx));
      const run = this.db.run(this.sql, params);
      run.catch(() => {}); // awaited by the next flush or by finish()
      this.pending.push(run);
    }
  }

  /** Waits for the statements in flight; throws the first error. */
  async settle(): Promise<void> {
    const runs = this.pending;
    this.pending = [];
    // Every statement is awaited (none left running against a table the caller may drop), the first error thrown.
    const results = await Promise.allSettled(runs);
    for (const r of results) {
      if (r.status === 'rejected') throw r.reason;
      this.written += r.value;
    }
  }

  /** Writes the rows still gathered; returns the rows written. */
  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.written;
  }
}
