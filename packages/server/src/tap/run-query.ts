// Runs a prepared query: batches of value arrays come from the database cursor (a SQLite worker or a PostgreSQL
// cursor, query-executor.ts) into a table writer (VOTable, CSV, TSV, JSON), each batch awaiting the writer's
// backpressure, never the whole result in memory (DESIGN.md "Streaming"). Cells are converted in place, and only in
// the columns whose database type is not already what the writer takes (fields.ts nativeFor).
// MAXREC: rows beyond the limit are read to know whether the result overflowed; then the trailing
// QUERY_STATUS=OVERFLOW INFO goes after the table (TAP 1.1 §2.7.4 / DALI 1.1 §4.4.1). The same code serves sync
// requests (writer on the HTTP response) and async jobs (writer on a result file).
import type { BatchStream } from '@obscura/archive';
import type { TableWriter } from '@obscura/votable';
import type { PreparedQuery } from './adql-query.ts';
import { type CellConverter, cellConverter, coosysFor, nativeFor } from './fields.ts';
import type { QueryExecutor } from './query-executor.ts';

export const BATCH_ROWS = 1000;

/** Why a query stopped before its end: the client went away, ABORT, or executionDuration ran out. */
export class QueryStopped extends Error {
  override name = 'QueryStopped';
  constructor(
    readonly reason: 'aborted' | 'timeout' | 'disconnected',
    message: string,
  ) {
    super(message);
  }
}

/** A database error while preparing or running the translated SQL. */
export class QueryFailed extends Error {
  override name = 'QueryFailed';
}

export interface OpenedQuery {
  readonly prepared: PreparedQuery;
  readonly stream: BatchStream;
}

/** Opens the database cursor (the SQL is prepared here, so its errors come before any output is sent). */
export async function openQuery(executor: QueryExecutor, prepared: PreparedQuery): Promise<OpenedQuery> {
  try {
    return { prepared, stream: await executor.open(prepared.sql, prepared.params, { batchSize: BATCH_ROWS }) };
  } catch (e) {
    throw new QueryFailed(`the database could not run the query: ${(e as Error).message}`);
  }
}

export interface StreamOptions {
  /** Rows to return at most (MAXREC, already capped by the hard limit). */
  maxrec: number;
  /** Stops the query (ABORT, client gone). */
  signal?: AbortSignal;
  /** Epoch ms after which the query is stopped (executionDuration). */
  deadline?: number;
  /** Seconds of the executionDuration, for the message. */
  durationSeconds?: number;
}

export interface StreamResult {
  rows: number;
  overflow: boolean;
}

export function timeoutMessage(durationSeconds: number | undefined): string {
  return (
    `the query ran longer than its execution duration of ${durationSeconds ?? '?'} s and was cancelled; ` +
    'make it more selective (a smaller region, TOP n) or run it async with a longer EXECUTIONDURATION'
  );
}

function stopReason(options: StreamOptions): QueryStopped | null {
  if (options.signal?.aborted) {
    const r = options.signal.reason;
    return r instanceof QueryStopped ? r : new QueryStopped('aborted', 'the query was aborted');
  }
  if (options.deadline !== undefined && Date.now() > options.deadline)
    return new QueryStopped('timeout', timeoutMessage(options.durationSeconds));
  return null;
}

/**
 * Watches the signal and the deadline so that a batch that takes too long (a long sort before the first row) is not
 * waited for: `race(p)` settles with p, or rejects with QueryStopped as soon as the query is stopped. Each race
 * registers a listener that is removed when p settles. (Racing every batch against one long-lived, never-settling
 * promise would hang a reaction holding each batch's result on that promise: 5M rows kept 1.5 GB of them alive.)
 * dispose() clears the timer and the abort listener.
 */
function stopWatch(options: StreamOptions): { race<T>(p: Promise<T>): Promise<T>; dispose(): void } {
  let stopped: QueryStopped | null = stopReason(options);
  const listeners = new Set<(e: QueryStopped) => void>();
  const stop = (e: QueryStopped) => {
    stopped ??= e;
    for (const l of listeners) l(stopped);
    listeners.clear();
  };
  let timer: NodeJS.Timeout | undefined;
  if (!stopped && options.deadline !== undefined) {
    timer = setTimeout(
      () => stop(new QueryStopped('timeout', timeoutMessage(options.durationSeconds))),
      Math.max(0, options.deadline - Date.now()) + 5,
    );
  }
  const onAbort = () => stop(stopReason(options) ?? new QueryStopped('aborted', 'the query was aborted'));
  if (!stopped) options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    race<T>(p: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (stopped) {
          p.catch(() => {});
          reject(stopped);
          return;
        }
        listeners.add(reject);
        p.then(
          (v) => {
            listeners.delete(reject);
            resolve(v);
          },
          (e) => {
            listeners.delete(reject);
            reject(e);
          },
        );
      });
    },
    dispose() {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      listeners.clear();
    },
  };
}

/**
 * Reads the first batch (so that a query that fails or times out before its first row can still be answered with an
 * error document and its status), then calls `open` for the writer, writes the header, the rows (at most maxrec) and
 * the end. The cursor is closed whatever happens (a SQLite worker stopped mid-query is terminated).
 */
export async function streamQuery(
  opened: OpenedQuery,
  open: () => TableWriter,
  options: StreamOptions,
): Promise<StreamResult> {
  const { prepared, stream } = opened;
  const fields = prepared.fields;
  // Converters only where the database's own type is not already the writer's (e.g. expressions, DALI arrays).
  const convert: [number, CellConverter][] = [];
  fields.forEach((f, i) => {
    const c = cellConverter(f);
    if (c && !nativeFor(f, stream.columns[i]?.dbType ?? null)) convert.push([i, c]);
  });
  const watch = stopWatch(options);
  const iterator = stream[Symbol.asyncIterator]();
  const next = () => watch.race(iterator.next());
  let writer: TableWriter | null = null;
  let headerWritten = false;
  let rows = 0;
  let overflow = false;
  try {
    let r: IteratorResult<unknown[][]>;
    try {
      r = await next();
    } catch (e) {
      if (e instanceof QueryStopped) throw e;
      throw new QueryFailed(`the database could not run the query: ${(e as Error).message}`);
    }
    writer = open();
    await writer.writeHeader(fields);
    headerWritten = true;
    while (!r.done) {
      let batch = r.value;
      if (rows + batch.length > options.maxrec) {
        batch = batch.slice(0, options.maxrec - rows);
        overflow = true;
      }
      for (const [i, conv] of convert) {
        for (let k = 0; k < batch.length; k++) {
          const v = batch[k][i];
          batch[k][i] = v === null || v === undefined ? null : conv(v);
        }
      }
      rows += batch.length;
      const stop = stopReason(options);
      if (stop) throw stop;
      if (batch.length > 0) await writer.writeRows(batch);
      if (overflow) break;
      r = await next();
    }
    const stop = stopReason(options);
    if (stop) throw stop;
    await writer.end({ overflow });
    return { rows, overflow };
  } catch (e) {
    // Stopped mid-table (executionDuration, ABORT): the document ends properly with a trailing QUERY_STATUS=ERROR
    // INFO (DALI 1.1 §4.4.1), the only place left to report it once the table has started.
    if (e instanceof QueryStopped && e.reason !== 'disconnected' && writer && headerWritten) {
      await writer
        .end({ trailingInfos: [{ name: 'QUERY_STATUS', value: 'ERROR', content: e.message }] })
        .catch(() => {});
    }
    throw e;
  } finally {
    watch.dispose();
    await stream.close();
  }
}

/** VOTable writer options of a TAP result: COOSYS for positions, the query as an INFO (TAP 1.1 §4.4 allows). */
export function votableOptionsFor(prepared: PreparedQuery, query: string) {
  return {
    coosys: coosysFor(prepared.fields),
    resourceInfos: [{ name: 'QUERY', value: query }, ...prepared.warnings.map((w) => ({ name: 'WARNING', value: w }))],
  };
}
