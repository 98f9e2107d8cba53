// A read session on the SQLite archive: one read-only connection holding one read transaction, so every statement run
// in it sees the same snapshot of the database (sqlite.org/wal.html §"Concurrency": in WAL mode a read transaction
// sees the database as of its first read, whatever commits after). Two sessions opened while no write can commit
// (SqliteDatabase.holdWrites) see the same snapshot: TAP reads one result in parallel through them (a range of rowids
// each, server/src/tap/partitioned-query.ts).
import BetterSqlite3 from 'better-sqlite3';
import type { ColumnMeta } from './database.ts';
import { readBatch } from './sqlite-batches.ts';

type Connection = BetterSqlite3.Database;

/** One query prepared in a session: run it again and again with other parameters, each run read in batches. */
export interface SessionStatement {
  readonly columns: ColumnMeta[];
  /** Runs the statement; each call of the result gives the next batch of value arrays (empty at the end). */
  run(params: unknown[]): { next(batchSize: number): unknown[][]; close(): void };
}

export class SqliteReadSession {
  private closed = false;

  private constructor(private readonly connection: Connection) {}

  /** Opens a read-only connection (hooks run on it first, e.g. the ADQL SQL functions) and starts its snapshot. */
  static open(file: string, hooks: readonly ((c: Connection) => void)[]): SqliteReadSession {
    const c = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      c.pragma('busy_timeout = 10000');
      for (const hook of hooks) hook(c);
      // BEGIN is deferred: the snapshot is taken by the first read, made here so that it is taken now.
      c.exec('BEGIN');
      c.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      c.close();
      throw e;
    }
    return new SqliteReadSession(c);
  }

  prepare(sql: string): SessionStatement {
    if (this.closed) throw new Error('the read session is closed');
    const stmt = this.connection.prepare(sql);
    if (!stmt.reader) throw new Error('a read session runs only queries that return rows');
    stmt.raw(true).safeIntegers(true);
    const columns = stmt.columns().map((c) => ({ name: c.name, dbType: c.type }));
    return {
      columns,
      run(params) {
        const iterator = stmt.iterate(...params) as IterableIterator<unknown[]>;
        return {
          next: (batchSize) => readBatch(iterator, batchSize),
          close: () => iterator.return?.(),
        };
      },
    };
  }

  /** Runs a query to its end (small results: plans, counts) inside the session's snapshot. */
  all(sql: string, params: unknown[] = []): unknown[][] {
    const run = this.prepare(sql).run(params);
    const rows: unknown[][] = [];
    for (let b = run.next(1000); b.length > 0; b = run.next(1000)) rows.push(...b);
    return rows;
  }

  /** Ends the read transaction and closes the connection (open iterators first: better-sqlite3 needs them closed). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.connection.inTransaction) this.connection.exec('COMMIT');
    } finally {
      this.connection.close();
    }
  }
}
