// Where a TAP query's SQL runs: on PostgreSQL through the pool's cursors in this thread (the database server does
// the work, the event loop only waits), on SQLite in a pool of worker threads (sqlite-worker-pool.ts) so a long query
// never blocks other requests (DESIGN.md "Streaming"). Both give the rows as batches of value arrays.
import type { BatchStream, Database } from '@obscura/archive';

export interface QueryExecutor {
  /** Runs sql and returns its rows as batches read from a cursor; SQL errors reject here, before any row. */
  open(sql: string, params: unknown[], options?: { batchSize?: number }): Promise<BatchStream>;
  close(): Promise<void>;
}

/** Runs queries on the database handle itself (PostgreSQL, or SQLite in tests that want one thread). */
export function directExecutor(db: Database): QueryExecutor {
  return {
    open: (sql, params, options) => db.streamBatches(sql, params, options),
    close: async () => {},
  };
}
