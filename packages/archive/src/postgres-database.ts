// The production backend: PostgreSQL 15 + pgSphere through a pg pool. A transaction takes one pooled client for
// its whole life; stream() reads with a server-side cursor (pg-query-stream), batch by batch.
import pg from 'pg';
import QueryStream from 'pg-query-stream';
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
import { postgresDialect } from './dialect.ts';
import * as ops from './operations.ts';
import type { CatalogueDescription } from './schema/catalogue.ts';
import type { TableDef } from './schema/types.ts';
import { isoTimestamp, normalizeInteger } from './values.ts';

// Type OIDs of pg_type (src/include/catalog/pg_type.dat) whose default parsing we change.
const INT8 = 20;
const TIMESTAMP = 1114;
const NUMERIC = 1700;

/** Row values as on SQLite: int8 as number when exact else bigint, timestamp as ISO text. */
const types = {
  getTypeParser(oid: number, format?: string): (v: string) => unknown {
    // Up to 15 digits an integer is below 2^53: Number() is exact and far cheaper than a BigInt round trip.
    if (oid === INT8) return (v) => (v.length <= 15 ? Number(v) : normalizeInteger(BigInt(v)));
    if (oid === TIMESTAMP) return (v) => isoTimestamp(v);
    if (oid === NUMERIC) return (v) => Number(v);
    return (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format);
  },
};

interface Shared {
  pool: pg.Pool;
  /** pg_type names by OID, filled on demand for column metadata. */
  typeNames: Map<number, string>;
}

type Queryable = pg.Pool | pg.PoolClient;

/** How long closing a cursor may take before the statement behind it is cancelled. */
const CLOSE_QUICKLY_MS = 100;
/** How long a cancelled cursor gets to acknowledge its close before its client is discarded anyway. */
const CANCEL_WAIT_MS = 2000;

/** True when p settles within ms. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([p.then(() => true), late]).finally(() => clearTimeout(timer));
}

export class PostgresDatabase implements Database {
  readonly dialect = postgresDialect;

  private constructor(
    readonly url: string,
    private readonly shared: Shared,
    /** The transaction's client, or undefined at top level. */
    private readonly client?: pg.PoolClient,
    private readonly depth = 0,
  ) {}

  static open(url: string, poolSize = 10): PostgresDatabase {
    // JIT off for the archive's own sessions (PostgreSQL 15 §20.7.4 jit): the planner costs a cross-match's nested
    // loop of pgSphere GiST probes in the millions (pgSphere estimates 0.1% of the table per probe), so JIT would
    // compile for 0.2-0.5 s on index-driven queries that finish in about a second. Set per connection, as a startup
    // option, so the operator's database and other clients keep their settings.
    const pool = new pg.Pool({ connectionString: url, max: poolSize, types, options: '-c jit=off' });
    // An idle client losing its server (restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return new PostgresDatabase(url, { pool, typeNames: new Map() });
  }

  private get q(): Queryable {
    return this.client ?? this.shared.pool;
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    const r = await this.q.query(sql, params);
    return r.rowCount ?? 0;
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.q.query(sql, params);
    return r.rows as T[];
  }

  async runMany(sql: string, paramLists: Iterable<unknown[]>): Promise<number> {
    let n = 0;
    for (const p of paramLists) n += await this.run(sql, p);
    return n;
  }

  private async typeName(oids: number[]): Promise<Map<number, string>> {
    const missing = oids.filter((o) => !this.shared.typeNames.has(o));
    if (missing.length) {
      const rows = await this.shared.pool.query('SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1)', [
        missing,
      ]);
      for (const r of rows.rows) this.shared.typeNames.set(r.oid, r.typname);
    }
    return this.shared.typeNames;
  }

  /**
   * Runs sql through a server-side cursor (pg-query-stream) on a pooled client of its own (inside a transaction: the
   * transaction's client) and waits for the RowDescription, which gives the result's columns (PostgreSQL protocol
   * §55.7) and surfaces SQL errors before any row is read. `close` stops the cursor and releases the client.
   */
  private async openCursor(
    sql: string,
    params: unknown[],
    options: { batchSize: number; rowMode?: 'array' },
  ): Promise<{ qs: QueryStream; columns: ColumnMeta[]; close: () => Promise<void> }> {
    const own = !this.client;
    const client = this.client ?? (await this.shared.pool.connect());
    const qs = new QueryStream(sql, params, { ...options, types });
    let fields: { name: string; dataTypeID: number }[] | null = null;
    const described = new Promise<void>((resolve, reject) => {
      const original = qs.handleRowDescription;
      qs.handleRowDescription = (msg: { fields: { name: string; dataTypeID: number }[] }) => {
        fields = msg.fields;
        original(msg);
        resolve();
      };
      qs.once('error', reject);
      qs.once('end', resolve);
    });
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      if (own) (client as pg.PoolClient).release(err);
    };
    client.query(qs);
    // Start reading so the server answers; rows wait in the stream's small buffer (backpressure).
    qs.pause();
    const first = new Promise<void>((resolve) => qs.once('readable', resolve));
    try {
      await Promise.race([described, first.then(() => described)]);
    } catch (e) {
      qs.destroy();
      release(e as Error);
      throw e;
    }
    const names = await this.typeName(((fields ?? []) as { dataTypeID: number }[]).map((f) => f.dataTypeID));
    const columns: ColumnMeta[] = ((fields ?? []) as { name: string; dataTypeID: number }[]).map((f) => ({
      name: f.name,
      dbType: names.get(f.dataTypeID) ?? null,
    }));
    let finished = false;
    qs.once('end', () => {
      finished = true;
    });
    qs.once('error', () => {
      finished = true;
    });
    let closing: Promise<void> | null = null;
    const close = () => {
      closing ??= closeCursor();
      return closing;
    };
    const closeCursor = async () => {
      if (released) return;
      const closed = new Promise<boolean>((resolve) => {
        if (qs.destroyed) resolve(true);
        else qs.destroy().once('close', () => resolve(true));
      });
      // Closed before its end (executionDuration, ABORT, client gone) while the server is still executing: closing
      // the portal waits for the running Execute (a long sort goes on server-side), so after a short wait the backend
      // is told to cancel the statement (PostgreSQL 15 §9.27.2 pg_cancel_backend) and the connection is not given back
      // to the pool. A transaction's own client is left alone: cancelling would abort the caller's transaction.
      let discard: Error | undefined;
      if (own && !finished && !(await within(closed, CLOSE_QUICKLY_MS))) {
        discard = await this.cancelBackend(client);
        await within(closed, CANCEL_WAIT_MS);
      } else await closed;
      release(discard);
    };
    return { qs, columns, close };
  }

  /**
   * Cancels the statement running on a client's backend from a short-lived connection of its own (the pool may be
   * exhausted by the very queries to cancel); returns the error to discard that client with. Best effort: a failure
   * to cancel still leads to the client being discarded, which ends its backend once the statement returns.
   */
  private async cancelBackend(client: pg.ClientBase): Promise<Error> {
    const pid = (client as pg.ClientBase & { processID: number | null }).processID;
    const reason = new Error('query cancelled');
    if (!pid) return reason;
    const canceller = new pg.Client({ connectionString: this.url });
    canceller.on('error', () => {});
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The query may have ended meanwhile, or the server be gone: the client is discarded all the same.
    } finally {
      await canceller.end().catch(() => {});
    }
    return reason;
  }

  async stream(sql: string, params: unknown[] = []): Promise<RowStream> {
    const { qs, columns, close } = await this.openCursor(sql, params, { batchSize: 1000 });
    return {
      columns,
      close,
      async *[Symbol.asyncIterator]() {
        try {
          for await (const row of qs) yield row as Row;
        } finally {
          await close();
        }
      },
    };
  }

  async streamBatches(sql: string, params: unknown[] = [], options: BatchOptions = {}): Promise<BatchStream> {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    // The cursor fetches batchSize rows per round trip; the rows of one fetch are gathered from the stream's buffer
    // without an await per row (Readable.read() returns null when the buffer is empty).
    const { qs, columns, close } = await this.openCursor(sql, params, { batchSize, rowMode: 'array' });
    return {
      columns,
      close,
      async *[Symbol.asyncIterator]() {
        try {
          let ended = false;
          let failure: Error | undefined;
          qs.once('end', () => {
            ended = true;
          });
          qs.on('error', (e: Error) => {
            failure = e;
          });
          let batch: unknown[][] = [];
          for (;;) {
            if (failure) throw failure;
            let row: unknown[] | null = qs.read() as unknown[] | null;
            while (row !== null) {
              batch.push(row);
              if (batch.length >= batchSize) {
                yield batch;
                batch = [];
              }
              row = qs.read() as unknown[] | null;
            }
            if (ended || qs.readableEnded || qs.destroyed) break;
            await new Promise<void>((resolve) => {
              const done = () => {
                qs.off('readable', done);
                qs.off('end', done);
                qs.off('error', done);
                qs.off('close', done);
                resolve();
              };
              qs.once('readable', done);
              qs.once('end', done);
              qs.once('error', done);
              // close() from elsewhere (a stopped query) destroys the stream: the iteration ends.
              qs.once('close', done);
            });
          }
          if (failure) throw failure;
          if (batch.length > 0) yield batch;
        } finally {
          await close();
        }
      },
    };
  }

  /** PostgreSQL plans such a statement in well under a millisecond: each run is a cursor (pg-query-stream). */
  prepare(sql: string): PreparedQuery {
    const self = this;
    return {
      async *batches(params: unknown[], batchSize = 1000): AsyncIterable<unknown[][]> {
        const own = !self.client;
        const client = self.client ?? (await self.shared.pool.connect());
        const qs = new QueryStream(sql, params, { batchSize, rowMode: 'array', types });
        let failed: Error | undefined;
        try {
          client.query(qs);
          let batch: unknown[][] = [];
          for await (const row of qs) {
            batch.push(row as unknown[]);
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
            }
          }
          if (batch.length > 0) yield batch;
        } catch (e) {
          failed = e as Error;
          throw e;
        } finally {
          if (!qs.destroyed) await new Promise<void>((resolve) => qs.destroy().once('close', () => resolve()));
          if (own) (client as pg.PoolClient).release(failed);
        }
      },
    };
  }

  async withTransaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const client = this.client ?? (await this.shared.pool.connect());
    const savepoint = `sp${this.depth}`;
    let broken: Error | undefined;
    try {
      await client.query(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(new PostgresDatabase(this.url, this.shared, client, this.depth + 1));
        await client.query(this.depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (e) {
        try {
          await client.query(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is unusable: do not return it to the pool
        }
        throw e;
      }
    } finally {
      if (!this.client) client.release(broken);
    }
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

  /** PostgreSQL needs no per-connection setup (server-side functions are created once with run()). */
  onConnection(_hook: (connection: unknown) => void): void {}

  async close(): Promise<void> {
    if (this.client) throw new Error('close() the database, not a transaction handle');
    await this.shared.pool.end();
  }
}
