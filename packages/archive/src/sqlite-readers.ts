// The read-only connections behind SqliteDatabase.prepare(): a small pool, each connection with its prepared
// statements cached by SQL text, so a hot query (a cone search) costs neither a connection open nor a prepare.
// better-sqlite3 allows no other statement on a connection while an iterator is open on it, so a run takes a
// connection to itself until its batches are consumed; concurrent runs open more connections (up to IDLE_MAX kept).
import BetterSqlite3 from 'better-sqlite3';
import type { PreparedQuery } from './database.ts';
import { readBatch } from './sqlite-batches.ts';

type Connection = BetterSqlite3.Database;

interface Reader {
  connection: Connection;
  statements: Map<string, BetterSqlite3.Statement>;
}

/** Idle connections kept open; more may be open while runs overlap. */
const IDLE_MAX = 8;
const STATEMENTS_PER_CONNECTION = 64;

export class SqliteReaders {
  private readonly idle: Reader[] = [];
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly hooks: ((c: Connection) => void)[],
  ) {}

  private acquire(): Reader {
    if (this.closed) throw new Error('database is closed');
    const r = this.idle.pop();
    if (r) return r;
    const connection = new BetterSqlite3(this.file, { readonly: true, fileMustExist: true });
    connection.pragma('busy_timeout = 10000');
    for (const hook of this.hooks) hook(connection);
    return { connection, statements: new Map() };
  }

  private release(r: Reader): void {
    if (this.closed || this.idle.length >= IDLE_MAX) r.connection.close();
    else this.idle.push(r);
  }

  private statement(r: Reader, sql: string): BetterSqlite3.Statement {
    let s = r.statements.get(sql);
    if (!s) {
      s = r.connection.prepare(sql);
      if (!s.reader) throw new Error('prepare() needs a query that returns rows');
      s.raw(true).safeIntegers(true);
      if (r.statements.size >= STATEMENTS_PER_CONNECTION) r.statements.delete(r.statements.keys().next().value!);
      r.statements.set(sql, s);
    }
    return s;
  }

  prepare(sql: string): PreparedQuery {
    const self = this;
    return {
      async *batches(params: unknown[], batchSize = 1000): AsyncIterable<unknown[][]> {
        const r = self.acquire();
        let it: IterableIterator<unknown[]> | undefined;
        try {
          it = self.statement(r, sql).iterate(...params) as IterableIterator<unknown[]>;
          for (;;) {
            const batch = readBatch(it, batchSize);
            if (batch.length > 0) yield batch;
            if (batch.length < batchSize) break;
          }
        } finally {
          it?.return?.();
          self.release(r);
        }
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const r of this.idle.splice(0)) r.connection.close();
  }
}
