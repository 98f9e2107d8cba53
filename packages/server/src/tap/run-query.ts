// Runs a prepared query: rows stream from the database cursor into a table writer (VOTable, CSV, TSV, JSON) in
// batches, each batch awaiting the writer's backpressure, never the whole result in memory (DESIGN.md "Streaming").
// MAXREC: one row beyond the limit is read to know whether the result overflowed; then the trailing
// QUERY_STATUS=OVERFLOW INFO goes after the table (TAP 1.1 §2.7.4 / DALI 1.1 §4.4.1). The same code serves sync
// requests (writer on the HTTP response) and async jobs (writer on a result file).
import type { Database, RowStream } from '@obscura/archive';
import type { TableWriter } from '@obscura/votable';
import type { PreparedQuery } from './adql-query.ts';
import { type CellConverter, cellConverter, coosysFor } from './fields.ts';

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
  readonly stream: RowStream;
}

/** Opens the database cursor (the SQL is prepared here, so its errors come before any output is sent). */
export async function openQuery(db: Database, prepared: PreparedQuery): Promise<OpenedQuery> {
  try {
    return { prepared, stream: await db.stream(prepared.sql, prepared.params) };
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

function checkStop(options: StreamOptions): void {
  if (options.signal?.aborted) {
    const r = options.signal.reason;
    throw r instanceof QueryStopped ? r : new QueryStopped('aborted', 'the query was aborted');
  }
  if (options.deadline !== undefined && Date.now() > options.deadline) {
    throw new QueryStopped(
      'timeout',
      `the query ran longer than its execution duration of ${options.durationSeconds ?? '?'} s and was cancelled; ` +
        'make it more selective (a smaller region, TOP n) or run it async with a longer EXECUTIONDURATION',
    );
  }
}

/** Writes the header, the rows (at most maxrec) and the end; closes the cursor whatever happens. */
export async function streamQuery(
  opened: OpenedQuery,
  writer: TableWriter,
  options: StreamOptions,
): Promise<StreamResult> {
  const { prepared, stream } = opened;
  const fields = prepared.fields;
  const names = stream.columns.map((c) => c.name);
  const byName = new Set(names).size === names.length && names.length === fields.length;
  const converters: (CellConverter | null)[] = fields.map(cellConverter);
  const n = fields.length;
  let rows = 0;
  let overflow = false;
  let headerWritten = false;
  try {
    await writer.writeHeader(fields);
    headerWritten = true;
    let batch: unknown[][] = [];
    for await (const row of stream) {
      if (rows >= options.maxrec) {
        overflow = true;
        break;
      }
      const values = byName ? names.map((k) => row[k]) : Object.values(row);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const conv = converters[i];
        out[i] = v === null || v === undefined ? null : conv ? conv(v) : v;
      }
      batch.push(out);
      rows++;
      if (batch.length >= BATCH_ROWS) {
        checkStop(options);
        await writer.writeRows(batch);
        batch = [];
      }
    }
    checkStop(options);
    if (batch.length > 0) await writer.writeRows(batch);
    await writer.end({ overflow });
    return { rows, overflow };
  } catch (e) {
    // Stopped mid-table (executionDuration, ABORT): the document ends properly with a trailing QUERY_STATUS=ERROR
    // INFO (DALI 1.1 §4.4.1), the only place left to report it once the table has started.
    if (e instanceof QueryStopped && e.reason !== 'disconnected' && headerWritten) {
      await writer
        .end({ trailingInfos: [{ name: 'QUERY_STATUS', value: 'ERROR', content: e.message }] })
        .catch(() => {});
    }
    throw e;
  } finally {
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
