// The worker side of a SQLite result read in parallel (partitioned-query.ts has the main-thread side). A query the
// ADQL translation found splittable (@obscura/adql RowidPartition: the union over disjoint rowid ranges of one table
// is exactly the result) is split only when SQLite reads that table whole anyway, so the ranges cost nothing extra:
// its plan has `SCAN <table>` and the split query's plan is the same with that one step turned into a rowid range
// search. Each worker then reads its chunks (inclusive rowid ranges) inside a read session, one snapshot for all of
// them (the main thread opens the workers' sessions while writes are held), and encodes them as body bytes.
import type { SessionStatement, SqliteDatabase, SqliteReadSession } from '@obscura/archive';
import { type EncodeSpec, ResultBodyEncoder } from './result-encoder.ts';

/** How the translation split a query (the fields of @obscura/adql RowidPartition this side needs). */
export interface PartitionPlan {
  sql: string;
  table: string;
  rowid: string;
  planName: string;
}

/** The rowids of the table, or why the query is read by one worker. */
export type PlanCheck = { ok: true; min: bigint; max: bigint } | { ok: false; reason: string };

/** The bounds the split SQL takes as named parameters (inclusive). */
export function rangeParams(params: unknown[], lo: bigint, hi: bigint): unknown[] {
  return [...params, { obscura_lo: lo, obscura_hi: hi }];
}

function planOf(session: SqliteReadSession, sql: string, params: unknown[]): string[] {
  // EXPLAIN QUERY PLAN rows are (id, parent, notused, detail).
  return session.all(`EXPLAIN QUERY PLAN ${sql}`, params).map((r) => String(r[3]));
}

/** Checks that splitting costs nothing (see the head of this file) and finds the table's rowid span. */
export function checkPartition(db: SqliteDatabase, sql: string, params: unknown[], p: PartitionPlan): PlanCheck {
  let session: SqliteReadSession;
  try {
    session = db.openReadSession();
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  try {
    const plain = planOf(session, sql, params);
    const scan = plain.indexOf(`SCAN ${p.planName}`);
    if (scan < 0) return { ok: false, reason: `SQLite does not read ${p.table} whole` };
    const expected = [...plain];
    expected[scan] = `SEARCH ${p.planName} USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)`;
    const split = planOf(session, p.sql, rangeParams(params, 0n, 0n));
    if (split.join('\n') !== expected.join('\n')) return { ok: false, reason: 'the split query has another plan' };
    const [min, max] = session.all(`SELECT min(${p.rowid}), max(${p.rowid}) FROM ${p.table}`)[0];
    if (min === null || max === null) return { ok: false, reason: `${p.table} is empty` };
    return { ok: true, min: BigInt(min as number | bigint), max: BigInt(max as number | bigint) };
  } catch (e) {
    // Not split, whatever went wrong: the query itself still runs (and reports its own errors) on one worker.
    return { ok: false, reason: (e as Error).message };
  } finally {
    session.close();
  }
}

/** One worker's chunks of one result, in its read session. */
export class PartitionSession {
  private readonly session: SqliteReadSession;
  private readonly statement: SessionStatement;
  private readonly encoder: ResultBodyEncoder;
  /** Chunks assigned and not yet read to their end, the first one being read. */
  private readonly chunks: { index: number; lo: bigint; hi: bigint }[] = [];
  private run: ReturnType<SessionStatement['run']> | null = null;

  constructor(
    db: SqliteDatabase,
    sql: string,
    private readonly params: unknown[],
    spec: EncodeSpec,
    private readonly batchSize: number,
  ) {
    this.encoder = new ResultBodyEncoder(spec);
    this.session = db.openReadSession();
    try {
      this.statement = this.session.prepare(sql);
    } catch (e) {
      this.session.close();
      throw e;
    }
  }

  assign(index: number, lo: bigint, hi: bigint): void {
    this.chunks.push({ index, lo, hi });
  }

  /**
   * Reads the next batch of the current chunk: its body bytes, or the end of the chunk (then the next chunk is
   * started by the next call); null when no chunk is assigned.
   */
  next():
    | { kind: 'body'; index: number; bytes: Buffer; rowEnds: Uint32Array; rows: number }
    | { kind: 'chunkEnd'; index: number }
    | null {
    const chunk = this.chunks[0];
    if (!chunk) return null;
    this.run ??= this.statement.run(rangeParams(this.params, chunk.lo, chunk.hi));
    const rows = this.run.next(this.batchSize);
    if (rows.length === 0) {
      this.run.close();
      this.run = null;
      this.chunks.shift();
      return { kind: 'chunkEnd', index: chunk.index };
    }
    const body = this.encoder.encode(rows);
    return { kind: 'body', index: chunk.index, bytes: body.bytes, rowEnds: body.rowEnds, rows: rows.length };
  }

  close(): void {
    this.run?.close();
    this.run = null;
    this.session.close();
  }
}
