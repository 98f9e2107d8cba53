// The one ADQL query engine of a server, shared by every service that runs ADQL (TAP, SIA, bulk-cutout QUERY): one
// SQLite worker pool (DESIGN.md "Streaming": SQLite work in worker threads) and one TAP_SCHEMA metadata cache. A
// pool per service would keep a resident worker per service (~20 MiB each) and read TAP_SCHEMA once per service.
import { type Database, SqliteDatabase } from '@obscura/archive';
import { directExecutor, type QueryExecutor } from './query-executor.ts';
import { SqliteWorkerPool } from './sqlite-worker-pool.ts';
import { TapMetadataCache } from './tap-metadata.ts';

export interface QueryEngine {
  executor: QueryExecutor;
  metadata: TapMetadataCache;
}

/**
 * On SQLite a worker pool of `sqliteWorkers` threads (default: the CPUs available, at least 2; 0: queries on the
 * database handle in this thread, for tests that want one thread); on PostgreSQL the database server does the work,
 * through cursors. The pool is closed by the server after every service's jobs have stopped (app.ts, uws/routes.ts).
 */
export function createQueryEngine(db: Database, sqliteWorkers?: number): QueryEngine {
  const executor: QueryExecutor =
    db.dialect.name === 'sqlite' && sqliteWorkers !== 0
      ? new SqliteWorkerPool({
          url: db.url,
          size: sqliteWorkers,
          // Big results of splittable queries are read by two workers from one snapshot (partitioned-query.ts).
          holdWrites: db instanceof SqliteDatabase ? (fn) => db.holdWrites(fn) : undefined,
        })
      : directExecutor(db);
  return { executor, metadata: new TapMetadataCache(db) };
}
