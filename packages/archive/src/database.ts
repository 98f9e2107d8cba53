// One Database interface, two backends: SQLite (better-sqlite3, the embedded default) and PostgreSQL + pgSphere
// (pg pool). Callers write SQL for `db.dialect` (placeholders via `db.dialect.param(i)`); everything that knows the
// archive's tables (migrations, TAP_SCHEMA, bulk insert/upsert, catalogues) is shared in operations.ts.
import type { Dialect } from './dialect.ts';
import type { CatalogueDescription } from './schema/catalogue.ts';
import type { TableDef } from './schema/types.ts';

export type Row = Record<string, unknown>;

/**
 * What a streamed result's columns are: the name and the database's own type name (SQLite: the declared column
 * type or null for expressions; PostgreSQL: the pg_type name, e.g. `float8`, `spoint`).
 */
export interface ColumnMeta {
  name: string;
  dbType: string | null;
}

/**
 * Rows read from a database cursor one at a time (better-sqlite3 `.iterate()`, pg-query-stream), never the whole
 * result in memory. Integers come back as numbers when they fit in a double exactly and as bigint otherwise (order-29
 * HEALPix indices); TIMESTAMPs as ISO 8601 strings. Breaking out of `for await` closes the cursor.
 */
export interface RowStream extends AsyncIterable<Row> {
  readonly columns: ColumnMeta[];
  close(): Promise<void>;
}

/**
 * A result read from a database cursor in batches of value arrays (one array per row, values in SELECT order), the
 * fast path for large results: no row object per row and one await per batch instead of one per row (better-sqlite3
 * `.raw(true).iterate()`, pg-query-stream with `rowMode: 'array'`). Values are as in RowStream. Breaking out of
 * `for await` (or close()) closes the cursor.
 */
export interface BatchStream extends AsyncIterable<unknown[][]> {
  readonly columns: ColumnMeta[];
  close(): Promise<void>;
}

export interface BatchOptions {
  /** Rows per batch (default 1000). */
  batchSize?: number;
}

/**
 * A read-only query prepared once and run many times, for hot paths such as cone searches (SQLite: statements cached
 * on a small pool of read-only connections; PostgreSQL: a cursor per run). Rows come as value arrays in SELECT order
 * (integers as on stream()), in batches, and the cursor is held only while the batches are iterated.
 */
export interface PreparedQuery {
  batches(params: unknown[], batchSize?: number): AsyncIterable<unknown[][]>;
}

export interface InsertOptions {
  /** Update the rows whose primary key already exists instead of failing (idempotent re-ingest). */
  upsert?: boolean;
}

export interface Database {
  readonly dialect: Dialect;
  /** The URL it was opened with (`sqlite:PATH` or `postgres://...`). */
  readonly url: string;

  /** Runs one statement; returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs a query and returns every row (for small results; use stream() for large ones). */
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a query and returns its rows as a stream from a cursor. */
  stream(sql: string, params?: unknown[]): Promise<RowStream>;
  /** Runs a query and returns its rows as batches of value arrays from a cursor (large results: see BatchStream). */
  streamBatches(sql: string, params?: unknown[], options?: BatchOptions): Promise<BatchStream>;
  /** A read-only query to run many times with different parameters (see PreparedQuery). */
  prepare(sql: string): PreparedQuery;
  /** Runs one statement once per parameter list (prepared once where the backend can). */
  runMany(sql: string, paramLists: Iterable<unknown[]>): Promise<number>;

  /**
   * Runs fn in a transaction: committed when fn resolves, rolled back when it throws (an interrupted batch leaves no
   * half-written rows). Inside, use the `tx` handle; nested calls become savepoints.
   */
  withTransaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;

  /** Creates or upgrades the archive schema (idempotent) and rewrites TAP_SCHEMA; returns the schema version. */
  migrate(): Promise<number>;
  /** Every table: the fixed ones and the catalogues created so far. */
  tables(): Promise<TableDef[]>;
  /** One table by qualified name (`ivoa.obscore`, `vlass.components`). */
  table(name: string): Promise<TableDef>;
  /** Creates (idempotently) a catalogue table with its spatial index and publishes it in TAP_SCHEMA. */
  createCatalogue(description: CatalogueDescription): Promise<TableDef>;
  /** Inserts rows (keys are column names) in one transaction; returns how many were written. */
  insert(table: string | TableDef, rows: Iterable<Row>, options?: InsertOptions): Promise<number>;
  /** insert with upsert by primary key. */
  upsert(table: string | TableDef, rows: Iterable<Row>): Promise<number>;

  /**
   * Registers a function run on every connection that executes queries, now and for each one opened later (SQLite:
   * the better-sqlite3 handle, e.g. to add SQL functions; PostgreSQL: not needed, the hook is never called).
   */
  onConnection(hook: (connection: unknown) => void): void;

  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/obscura.sqlite';

/** The URL to use: the argument, else $OBSCURA_DB, else `sqlite:./data/obscura.sqlite` (DESIGN.md, `--db`). */
export function databaseUrl(url?: string): string {
  return url ?? process.env.OBSCURA_DB ?? DEFAULT_DATABASE_URL;
}

export interface OpenOptions {
  /** Create/upgrade the schema on open (default true). */
  migrate?: boolean;
}

/** Opens the archive database named by a URL (see databaseUrl) and, by default, migrates its schema. */
export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<Database> {
  const u = databaseUrl(url);
  let db: Database;
  if (u.startsWith('sqlite:')) {
    const { SqliteDatabase } = await import('./sqlite-database.ts');
    db = SqliteDatabase.open(u);
  } else if (u.startsWith('postgres://') || u.startsWith('postgresql://')) {
    const { PostgresDatabase } = await import('./postgres-database.ts');
    db = PostgresDatabase.open(u);
  } else {
    throw new Error(`unsupported database URL "${u}": use sqlite:PATH or postgres://USER@HOST:PORT/DB`);
  }
  if (options.migrate ?? true) {
    try {
      await db.migrate();
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}
