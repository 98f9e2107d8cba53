// The PostgreSQL bulk path for uploads (upload.ts): rows are gathered column by column and written with
// `INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...)` statements (PostgreSQL 15 §9.19: unnest with several
// arrays zips them), so the server parses a handful of array parameters instead of 5 parameters per row; the arrays
// go as array literals built here (§8.15.6), cheaper than node-postgres's generic per-element escaping. The HEALPix
// index is computed here (@obscura/archive healpixIndex, as for catalogues) and the pgSphere spoint in SQL from the
// same RA/Dec arrays. Each run of ROWS_PER_RUN rows is sorted here by HEALPix index before it is written, so the
// table's physical order is a few sweeps over the sky: the GiST index built afterwards sees neighbours together, and a
// cross-match driven from the upload probes the catalogue's GiST in that order, keeping its pages hot (100k probes of
// the 3.4M-row bench catalogue: 1.32 s in one sorted run, 1.34 s in runs of 25k, 1.47 s unsorted, 1.59 s shuffled;
// sorting the whole upload first costs more than that, as nothing can be inserted while it is parsed). Two statements
// are in flight on separate pool connections (the backends insert in parallel while the next rows are parsed and
// their literals built); no transaction: the table is new, private to the request, and dropped by the caller on error.
import { type Database, HEALPIX_COLUMN, healpixIndex, SPOINT_COLUMN, type TableDef } from '@obscura/archive';

/** Rows sorted together and written by one statement. */
const ROWS_PER_RUN = 25_000;
/** Statements in flight at once (each on its own pool connection; the PostgreSQL backends insert in parallel). */
const STATEMENTS_IN_FLIGHT = 2;
/** Rows per statement (a run larger than this would go as several). */
const ROWS_PER_STATEMENT = 25_000;
/** The sort key: the HEALPix cell at order 15 (~6″; finer order is no help to the page order) over the row's
 * position in the run, one float64 (12·4^15 · 2^18 < 2^53), so a run is sorted by a typed-array sort. */
const KEY_SHIFT = 2 ** 28; // order 29 -> 15
const RUN_BITS = 2 ** 18; // > ROWS_PER_RUN
const NO_POSITION = 12 * 4 ** 15;

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
      const cell = h === null ? NO_POSITION : Math.floor(Number(h) / KEY_SHIFT);
      this.keys.push(cell * RUN_BITS + this.keys.length);
    }
    if (this.columns[0].length === ROWS_PER_RUN) await this.flush();
  }

  /** Sends the gathered rows (in HEALPix order) as statements, at most STATEMENTS_IN_FLIGHT at a time. */
  private async flush(): Promise<void> {
    const n = this.columns[0].length;
    if (n === 0) return;
    let columns = this.columns;
    let hpx = this.hpx;
    this.columns = columns.map(() => []);
    this.hpx = [];
    if (this.ra >= 0) {
      const keys = Float64Array.from(this.keys).sort();
      this.keys = [];
      const order = Uint32Array.from(keys, (k) => k % RUN_BITS);
      columns = columns.map((c) => Array.from(order, (i) => c[i]));
      hpx = Array.from(order, (i) => hpx[i]);
    }
    for (let from = 0; from < n; from += ROWS_PER_STATEMENT) {
      while (this.pending.length >= STATEMENTS_IN_FLIGHT) await this.settleOne();
      const slice = (c: readonly unknown[]) => {
        const part = c.slice(from, from + ROWS_PER_STATEMENT);
        return arrayLiteral(part) ?? part;
      };
      const params: unknown[] = columns.map(slice);
      if (this.ra >= 0) params.push(slice(hpx));
      const run = this.db.run(this.sql, params);
      run.catch(() => {}); // awaited by settleOne() or settle()
      this.pending.push(run);
      await new Promise<void>((resolve) => setImmediate(resolve)); // the statement goes out before the next is built
    }
  }

  private async settleOne(): Promise<void> {
    const run = this.pending.shift();
    if (run) this.written += await run;
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
