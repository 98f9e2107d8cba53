// Runs a prepared query: the result is encoded (result-encoder.ts: cells converted, MAXREC and its trailing OVERFLOW
// INFO, VOTable/CSV/TSV/JSON) where the rows are — inside the SQLite worker, which hands over bytes, or here for
// PostgreSQL cursors — and written to the target with its backpressure, batch by batch, never the whole result in
// memory (DESIGN.md "Streaming"). The same code serves sync requests (the HTTP response) and async jobs (a result
// file). (Formatting text results here while the worker only reads was measured and dropped: over HTTP this thread
// also writes the socket, and cloning the rows across threads cost more than it saved — 1M TABLEDATA rows fell from
// 0.44 to 0.29 M rows/s.)
import type { Writable } from 'node:stream';
import type { BatchStream } from '@obscura/archive';
import type { ChunkConsumer, Info, ResolvedFormat } from '@obscura/votable';
import { writeWithBackpressure } from '../writable-sink.ts';
import type { PreparedQuery } from './adql-query.ts';
import { coosysFor } from './fields.ts';
import { canEncode, type EncodingStream, type QueryExecutor } from './query-executor.ts';
import { contentTypeOf, type EncodeSpec, ResultEncoder } from './result-encoder.ts';
import type { EncodedPiece } from './sqlite-query-worker.ts';

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
    const options = { batchSize: BATCH_ROWS, partition: prepared.partition };
    return { prepared, stream: await executor.open(prepared.sql, prepared.params, options) };
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
interface StopWatch {
  race<T>(p: Promise<T>): Promise<T>;
  dispose(): void;
}

function stopWatch(options: StreamOptions): StopWatch {
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

/** Where a result goes: its format, and the destination opened once the first rows are ready. */
export interface ResultTarget {
  format: ResolvedFormat;
  /** The ADQL text (a QUERY INFO in VOTables). */
  query: string;
  /** RESOURCE elements after the results (SIA 2.0: the DataLink 1.1 §4 service descriptor). */
  trailingResources?: string[];
  /** The request's public base URL: ObsCore access_url values are rebased on it (access-url.ts). */
  publicBase?: string;
  /** Called once, when the first batch has been read (errors before it can still get an error document). */
  open(contentType: string): Writable;
}

/** A chunk consumer writing to a Writable with its backpressure (waits for 'drain'). */
function writableSink(out: Writable): ChunkConsumer {
  return (chunk) => writeWithBackpressure(out, chunk);
}

function stoppedInfo(e: QueryStopped): Info {
  return { name: 'QUERY_STATUS', value: 'ERROR', content: e.message };
}

/** How long a stopped query's worker gets to close its document with the trailing INFO. */
const TAIL_TIMEOUT_MS = 2000;

/**
 * Reads the first batch (so that a query that fails or times out before its first row can still be answered with an
 * error document and its status), then opens the target and streams the header, the rows (at most maxrec) and the
 * end. From a SQLite worker the bytes come encoded (the worker runs result-encoder.ts; this thread only writes them);
 * from other cursors the rows are encoded here. The cursor is closed whatever happens (a SQLite worker stopped
 * mid-query is terminated).
 */
export async function streamQuery(
  opened: OpenedQuery,
  target: ResultTarget,
  options: StreamOptions,
): Promise<StreamResult> {
  const { prepared, stream } = opened;
  const spec: EncodeSpec = {
    format: target.format,
    fields: prepared.fields,
    dbTypes: prepared.fields.map((_, i) => stream.columns[i]?.dbType ?? null),
    votable: { ...votableOptionsFor(prepared, target.query), trailingResources: target.trailingResources },
    maxrec: options.maxrec,
  };
  if (target.publicBase !== undefined) spec.publicBase = target.publicBase;
  const watch = stopWatch(options);
  try {
    return canEncode(stream)
      ? await streamEncoded(stream, spec, target, options, watch)
      : await streamRows(stream, spec, target, options, watch);
  } finally {
    watch.dispose();
    await stream.close();
  }
}

async function first<T>(watch: StopWatch, p: Promise<T>): Promise<T> {
  try {
    return await watch.race(p);
  } catch (e) {
    if (e instanceof QueryStopped) throw e;
    throw new QueryFailed(`the database could not run the query: ${(e as Error).message}`);
  }
}

async function streamEncoded(
  stream: EncodingStream,
  spec: EncodeSpec,
  target: ResultTarget,
  options: StreamOptions,
  watch: StopWatch,
): Promise<StreamResult> {
  const iterator = stream.encode(spec)[Symbol.asyncIterator]();
  let r = await first(watch, iterator.next());
  const sink = writableSink(target.open(contentTypeOf(spec.format)));
  const write = async (piece: EncodedPiece) => {
    for (const c of piece.chunks) {
      const p = sink(Buffer.from(c));
      if (p) await p;
    }
  };
  const result: StreamResult = { rows: 0, overflow: false };
  try {
    while (!r.done) {
      await write(r.value);
      result.rows = r.value.rows;
      result.overflow = r.value.overflow;
      const stop = stopReason(options);
      if (stop) throw stop;
      r = await watch.race(iterator.next());
    }
    return result;
  } catch (e) {
    // Stopped mid-table (executionDuration, ABORT): the worker ends the document with a trailing QUERY_STATUS=ERROR
    // INFO (DALI 1.1 §4.4.1), the only place left to report it once the table has started.
    if (e instanceof QueryStopped && e.reason !== 'disconnected') {
      const tail = await stream.finish([stoppedInfo(e)], TAIL_TIMEOUT_MS);
      if (tail) await write(tail).catch(() => {});
    }
    throw e;
  }
}

async function streamRows(
  stream: BatchStream,
  spec: EncodeSpec,
  target: ResultTarget,
  options: StreamOptions,
  watch: StopWatch,
): Promise<StreamResult> {
  const iterator = stream[Symbol.asyncIterator]();
  let r = await first(watch, iterator.next());
  const encoder = new ResultEncoder(spec, writableSink(target.open(contentTypeOf(spec.format))));
  try {
    await encoder.header();
    while (!r.done) {
      const stop = stopReason(options);
      if (stop) throw stop;
      if (await encoder.write(r.value)) break;
      r = await watch.race(iterator.next());
    }
    const stop = stopReason(options);
    if (stop) throw stop;
    await encoder.end();
    return { rows: encoder.rows, overflow: encoder.overflow };
  } catch (e) {
    // As in streamEncoded: a trailing QUERY_STATUS=ERROR INFO ends a table stopped midway.
    if (e instanceof QueryStopped && e.reason !== 'disconnected' && encoder.started) {
      await encoder.end([stoppedInfo(e)]).catch(() => {});
    }
    throw e;
  }
}

/** VOTable writer options of a TAP result: COOSYS for positions, the query as an INFO (TAP 1.1 §4.4 allows). */
export function votableOptionsFor(prepared: PreparedQuery, query: string): EncodeSpec['votable'] {
  return {
    coosys: coosysFor(prepared.fields),
    resourceInfos: [{ name: 'QUERY', value: query }, ...prepared.warnings.map((w) => ({ name: 'WARNING', value: w }))],
  };
}
