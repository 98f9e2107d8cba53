// The embedded backend: one SQLite file (better-sqlite3, WAL mode). Writes go through one connection guarded by a
// FIFO lock (a transaction holds it across its awaits); each stream() reads through its own read-only connection
// (WAL lets readers run beside the writer), so a long result never blocks ingestion.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type {
  BatchOptions,
  BatchStream,
  ColumnMeta,
  Database,
  InsertOptions,
  PreparedQuery,
  Row,
  RowStream,
} from './database.ts';
import { sqliteDialect } from './dialect.ts';
import { Mutex } from './mutex.ts';
import * as ops from './operations.ts';
import type { CatalogueDescription } from './schema/catalogue.ts';
import type { TableDef } from './schema/types.ts';
import { readBatch } from './sqlite-batches.ts';
import { SqliteReadSession } from './sqlite-read-session.ts';
import { SqliteReaders } from './sqlite-readers.ts';
import { normalizeRow } from './values.ts';

type Connection = BetterSqlite3.Database;

/** How long a statement waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/** `sqlite:PATH` (PATH relative to the working directory) to an absolute file path. */
export function sqlitePath(url: string): string {
  const p = url.replace(/^sqlite:(\/\/)?/, '');
  if (p === '' || p === ':memory:')
    throw new Error('sqlite: needs a file path (streams read through a second connection)');
  return resolve(p);
}

function connect(file: string, readonly: boolean): Connection {
  const c = new BetterSqlite3(file, { readonly, fileMustExist: readonly });
  c.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    c.pragma('journal_mode = WAL'); // sqlite.org/wal.html: readers do not block the writer and vice versa
    c.pragma('synchronous = NORMAL'); // durable at checkpoints; WAL keeps the file consistent after a crash
    c.pragma('foreign_keys = ON');
  }
  return c;
}

interface Shared {
  file: string;
  writer: Connection;
  lock: Mutex;
  closed: boolean;
  /** Prepared statements of the writer by SQL text (bulk inserts run the same multi-row INSERT many times). */
  statements: Map<string, BetterSqlite3.Statement>;
  /** Run on the writer and on every read connection stream() opens (e.g. ADQL's SQL functions). */
  hooks: ((c: Connection) => void)[];
  /** Read-only connections with cached statements for prepare(). */
  readers: SqliteReaders;
}

const STATEMENT_CACHE_SIZE = 64;

export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;

  private constructor(
    readonly url: string,
    private readonly shared: Shared,
    /** Savepoint depth: 0 outside a transaction. */
    private readonly depth = 0,
  ) {}

  static open(url: string): SqliteDatabase {
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    const hooks: ((c: Connection) => void)[] = [];
    return new SqliteDatabase(url, {
      file,
      writer: connect(file, false),
      lock: new Mutex(),
      closed: false,
      statements: new Map(),
      hooks,
      readers: new SqliteReaders(file, hooks),
    });
  }

  /** The file this database lives in. */
  get file(): string {
    return this.shared.file;
  }

  private exclusive<T>(fn: (c: Connection) => T): Promise<T> {
    if (this.shared.closed) return Promise.reject(new Error('database is closed'));
    if (this.depth > 0) return Promise.resolve().then(() => fn(this.shared.writer));
    return this.shared.lock.lock(() => fn(this.shared.writer));
  }

  /** The writer's prepared statement for sql, from a small cache (preparing a 500-row INSERT costs ~10 % of it). */
  private prepared(c: Connection, sql: string): BetterSqlite3.Statement {
    const cache = this.shared.statements;
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = c.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.exclusive((c) => this.prepared(c, sql).run(...params).changes);
  }

  all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.exclusive((c) => {
      const stmt = c.prepare(sql);
      if (!stmt.reader) {
        stmt.run(...params);
        return [];
      }
      return (stmt.safeIntegers(true).all(...params) as Row[]).map(normalizeRow) as T[];
    });
  }

  runMany(sql: string, paramLists: Iterable<unknown[]>): Promise<number> {
    return this.exclusive((c) => {
      const stmt = this.prepared(c, sql);
      let changes = 0;
      for (const p of paramLists) changes += stmt.run(...p).changes;
      return changes;
    });
  }

  /**
   * Prepares sql on a connection of its own (inside a transaction: the writer, so uncommitted rows are seen) and
   * starts iterating it; `finish` ends the iteration and closes that connection.
   */
  private openCursor<T>(
    sql: string,
    params: unknown[],
    raw: boolean,
  ): { columns: ColumnMeta[]; iterator: IterableIterator<T>; finish: () => Promise<void> } {
    if (this.shared.closed) throw new Error('database is closed');
    // Inside a transaction the stream must see its uncommitted rows: read through the writer (the tx holds it).
    const own = this.depth === 0;
    const conn = own ? connect(this.shared.file, true) : this.shared.writer;
    let iterator: IterableIterator<T>;
    let columns: ColumnMeta[];
    try {
      if (own) for (const hook of this.shared.hooks) hook(conn);
      const stmt = conn.prepare(sql);
      if (!stmt.reader) throw new Error('stream() needs a query that returns rows');
      columns = stmt.columns().map((c) => ({ name: c.name, dbType: c.type }));
      iterator = stmt
        .raw(raw)
        .safeIntegers(true)
        .iterate(...params) as IterableIterator<T>;
    } catch (e) {
      if (own) conn.close();
      throw e;
    }
    let done = false;
    const finish = async () => {
      if (done) return;
      done = true;
      iterator.return?.();
      if (own) conn.close();
    };
    return { columns, iterator, finish };
  }

  async streamBatches(sql: string, params: unknown[] = [], options: BatchOptions = {}): Promise<BatchStream> {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const { columns, iterator, finish } = this.openCursor<unknown[]>(sql, params, true);
    return {
      columns,
      close: finish,
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            const batch = readBatch(iterator, batchSize);
            if (batch.length > 0) yield batch;
            if (batch.length < batchSize) break;
          }
        } finally {
          await finish();
        }
      },
    };
  }

  async stream(sql: string, params: unknown[] = []): Promise<RowStream> {
    const { columns, iterator, finish } = this.openCursor<Row>(sql, params, false);
    return {
      columns,
      close: finish,
      async *[Symbol.asyncIterator]() {
        try {
          for (const row of iterator) yield normalizeRow(row);
        } finally {
          await finish();
        }
      },
    };
  }

  prepare(sql: string): PreparedQuery {
    return this.shared.readers.prepare(sql);
  }

  async withTransaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const body = async () => {
      const w = this.shared.writer;
      const savepoint = `sp${this.depth}`;
      w.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(new SqliteDatabase(this.url, this.shared, this.depth + 1));
        w.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
        return result;
      } catch (e) {
        if (this.depth === 0) {
          if (w.inTransaction) w.exec('ROLLBACK');
        } else {
          w.exec(`ROLLBACK TO ${savepoint}`);
          w.exec(`RELEASE ${savepoint}`);
        }
        throw e;
      }
    };
    if (this.shared.closed) throw new Error('database is closed');
    return this.depth > 0 ? body() : this.shared.lock.lock(body);
  }

  /**
   * A read session of its own (sqlite-read-session.ts): one connection, one snapshot for every statement run in it,
   * with the hooks (e.g. the ADQL SQL functions) registered.
   */
  openReadSession(): SqliteReadSession {
    if (this.shared.closed) throw new Error('database is closed');
    return SqliteReadSession.open(this.shared.file, this.shared.hooks);
  }

  /**
   * Runs fn while no write can commit, from this process or any other: under the writer's lock with an IMMEDIATE
   * transaction open (sqlite.org/lang_transaction.html: it takes the RESERVED lock, which one connection at a time
   * holds until it ends), rolled back after. Read sessions whose snapshots start inside fn all see the same database.
   * Never waits for a write: undefined (fn not run) when one is under way or queued here, or another process holds
   * the lock.
   */
  async holdWrites<T>(fn: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.shared.closed || this.depth > 0) return undefined;
    const held = this.shared.lock.tryLock(async () => {
      const w = this.shared.writer;
      try {
        w.pragma('busy_timeout = 0');
        w.exec('BEGIN IMMEDIATE');
      } catch (e) {
        if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return undefined;
        throw e;
      } finally {
        w.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      try {
        return { value: await fn() };
      } finally {
        w.exec('ROLLBACK');
      }
    });
    return held ?? undefined;
  }

  migrate(): Promise<number> {
    return ops.migrate(this);
  }

  tables(): Promise<TableDef[]> {
    return ops.allTables(this);
  }

  table(name: string): Promise<TableDef> {
    return ops.findTable(this, name);
  }

  createCatalogue(description: CatalogueDescription): Promise<TableDef> {
    return ops.createCatalogue(this, description);
  }

  async insert(table: string | TableDef, rows: Iterable<Row>, options: InsertOptions = {}): Promise<number> {
    const t = typeof table === 'string' ? await this.table(table) : table;
    return ops.insertRows(this, t, rows, options.upsert ?? false);
  }

  upsert(table: string | TableDef, rows: Iterable<Row>): Promise<number> {
    return this.insert(table, rows, { upsert: true });
  }

  onConnection(hook: (connection: unknown) => void): void {
    this.shared.hooks.push(hook);
    hook(this.shared.writer);
  }

  async close(): Promise<void> {
    if (this.depth > 0) throw new Error('close() the database, not a transaction handle');
    await this.shared.lock.lock(() => {
      if (this.shared.closed) return;
      this.shared.closed = true;
      this.shared.readers.close();
      this.shared.writer.close();
    });
  }
}
