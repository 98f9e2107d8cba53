// Where a TAP query's SQL runs: on PostgreSQL through the pool's cursors in this thread (the database server does
// the work, the event loop only waits), on SQLite in a pool of worker threads (sqlite-worker-pool.ts) so a long query
// never blocks other requests (DESIGN.md "Streaming"). Both give the rows as batches of value arrays.
import type { BatchStream, Database } from '@obscura/archive';
import type { Info } from '@obscura/votable';
import type { PartitionPlan } from './partition-session.ts';
import type { EncodeSpec } from './result-encoder.ts';
import type { EncodedPiece } from './sqlite-query-worker.ts';

export interface OpenOptions {
  batchSize?: number;
  /** How the query splits into rowid ranges (@obscura/adql RowidPartition), for executors that read in parallel. */
  partition?: PartitionPlan;
}

export interface QueryExecutor {
  /** Runs sql and returns its rows as batches read from a cursor; SQL errors reject here, before any row. */
  open(sql: string, params: unknown[], options?: OpenOptions): Promise<BatchStream>;
  close(): Promise<void>;
}

/** Runs queries on the database handle itself (PostgreSQL, or SQLite in tests that want one thread). */
export function directExecutor(db: Database): QueryExecutor {
  return {
    open: (sql, params, options) => db.streamBatches(sql, params, { batchSize: options?.batchSize }),
    close: async () => {},
  };
}

/** A cursor that can encode its result where it runs (a SQLite worker) and hand over bytes instead of rows. */
export interface EncodingStream extends BatchStream {
  /** From now on the rows are encoded by the worker: iterating yields bytes (call before iterating). */
  encode(spec: EncodeSpec): AsyncIterable<EncodedPiece>;
  /**
   * Ends the encoded document early with trailing INFOs (a stopped query); null when the worker does not answer
   * within timeoutMs (deep in a long SQLite step).
   */
  finish(trailingInfos: Info[], timeoutMs: number): Promise<EncodedPiece | null>;
}

export function canEncode(s: BatchStream): s is EncodingStream {
  return typeof (s as Partial<EncodingStream>).encode === 'function';
}
