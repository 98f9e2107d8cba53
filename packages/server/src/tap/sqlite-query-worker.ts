// One worker thread of the SQLite query pool (sqlite-worker-pool.ts; DESIGN.md "Streaming": SQLite queries run in
// worker threads so one long query never blocks other requests). It opens the archive file itself (read-only
// connections, WAL lets them read beside the server's writer), registers the ADQL SQL functions, and runs one query at
// a time: `open` prepares it and answers with the columns; then either each `more` produces one batch of value arrays,
// or, after `encode`, each `more` reads one batch and encodes it here (result-encoder.ts: converted, MAXREC applied,
// written as VOTable/CSV/TSV/JSON) and answers with the bytes, their ArrayBuffers transferred (not copied) to the main
// thread, which only writes them to the socket. `finish` ends an encoded document early with trailing INFOs, `close`
// ends the query (answered with `closed`). A result read in parallel (partitioned-query.ts) uses the other ops:
// `plan` checks the split (partition-session.ts), `session` opens this worker's read session and body encoder,
// `chunk` assigns a rowid range, and each `read` answers with one batch's body bytes or the end of a chunk. The pool sends `more` only while its bounded queue has room (backpressure), and cancels a query by
// terminating the whole worker (a long sort or aggregate cannot be interrupted between two messages).
import { parentPort, workerData } from 'node:worker_threads';
import { registerSqliteFunctions, type SqliteConnection } from '@obscura/adql';
import { type BatchStream, openDatabase, type SqliteDatabase } from '@obscura/archive';
import type { Info } from '@obscura/votable';
import { checkPartition, type PartitionPlan, PartitionSession, type PlanCheck } from './partition-session.ts';
import { type EncodeSpec, ResultEncoder } from './result-encoder.ts';
import { ownArrayBuffer } from './transfer.ts';

export interface WorkerInit {
  /** The archive database URL (`sqlite:PATH`). */
  url: string;
}

export type ToWorker =
  | { op: 'open'; sql: string; params: unknown[]; batchSize: number }
  | { op: 'encode'; spec: EncodeSpec }
  | { op: 'more' }
  | { op: 'finish'; trailingInfos: Info[] }
  | { op: 'close' }
  | { op: 'plan'; sql: string; params: unknown[]; partition: PartitionPlan }
  | { op: 'session'; sql: string; params: unknown[]; spec: EncodeSpec; batchSize: number }
  | { op: 'chunk'; index: number; lo: bigint; hi: bigint }
  | { op: 'read' };

/** Encoded bytes of one or more batches (possibly none yet: the writers gather ~64 KiB texts). */
export interface EncodedPiece {
  chunks: ArrayBuffer[];
  /** Rows written so far, and whether MAXREC cut the result. */
  rows: number;
  overflow: boolean;
}

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'columns'; columns: { name: string; dbType: string | null }[] }
  | { kind: 'batch'; rows: unknown[][] }
  | ({ kind: 'bytes' } & EncodedPiece)
  | ({ kind: 'tail' } & EncodedPiece)
  | { kind: 'end' }
  /** The answer to `close`: the cursor is closed, the worker idle. */
  | { kind: 'closed' }
  | { kind: 'error'; message: string }
  | { kind: 'plan'; check: PlanCheck }
  /** The read session is open (its snapshot taken). */
  | { kind: 'session' }
  /** One batch of chunk `index`, encoded: the bytes and the byte offset after each row. */
  | { kind: 'body'; index: number; bytes: ArrayBuffer; rowEnds: ArrayBuffer; rows: number }
  | { kind: 'chunkEnd'; index: number }
  /** A `read` with no chunk assigned. */
  | { kind: 'starved' };

const port = parentPort!;
const init = workerData as WorkerInit;
const db = (await openDatabase(init.url, { migrate: false })) as SqliteDatabase;
db.onConnection((c) => registerSqliteFunctions(c as SqliteConnection));

let stream: BatchStream | null = null;
let iterator: AsyncIterator<unknown[][]> | null = null;
let encoder: ResultEncoder | null = null;
let partition: PartitionSession | null = null;
/** Bytes the encoder has produced since the last message. */
let pending: Buffer[] = [];

function send(m: FromWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(m, transfer);
}

/** The pending bytes as ArrayBuffers of their own (transferable). */
function takeChunks(): ArrayBuffer[] {
  const out = pending.map(ownArrayBuffer);
  pending = [];
  return out;
}

function sendPiece(kind: 'bytes' | 'tail', e: ResultEncoder): void {
  const chunks = takeChunks();
  send({ kind, chunks, rows: e.rows, overflow: e.overflow }, chunks);
}

async function finish(): Promise<void> {
  partition?.close();
  partition = null;
  const s = stream;
  stream = null;
  iterator = null;
  encoder = null;
  pending = [];
  await s?.close();
}

async function more(): Promise<void> {
  if (!iterator) return;
  const r = await iterator.next();
  const e = encoder;
  if (!e) {
    if (r.done) {
      await finish();
      send({ kind: 'end' });
    } else send({ kind: 'batch', rows: r.value });
    return;
  }
  const stop = r.done || (await e.write(r.value));
  if (stop) {
    await e.end();
    sendPiece('bytes', e);
    await finish();
    send({ kind: 'end' });
  } else sendPiece('bytes', e);
}

/** One batch of the read session's current chunk (the ArrayBuffers transferred). */
function read(): void {
  const r = partition?.next() ?? null;
  if (!r) send({ kind: 'starved' });
  else if (r.kind === 'chunkEnd') send(r);
  else {
    const bytes = ownArrayBuffer(r.bytes);
    const rowEnds = ownArrayBuffer(new Uint8Array(r.rowEnds.buffer, r.rowEnds.byteOffset, r.rowEnds.byteLength));
    send({ kind: 'body', index: r.index, bytes, rowEnds, rows: r.rows }, [bytes, rowEnds]);
  }
}

async function handle(m: ToWorker): Promise<void> {
  try {
    if (m.op === 'open') {
      await finish();
      stream = await db.streamBatches(m.sql, m.params, { batchSize: m.batchSize });
      iterator = stream[Symbol.asyncIterator]();
      send({ kind: 'columns', columns: stream.columns });
    } else if (m.op === 'encode') {
      encoder = new ResultEncoder(m.spec, (chunk) => {
        pending.push(chunk);
      });
    } else if (m.op === 'more') await more();
    else if (m.op === 'read') read();
    else if (m.op === 'chunk') partition?.assign(m.index, m.lo, m.hi);
    else if (m.op === 'plan') send({ kind: 'plan', check: checkPartition(db, m.sql, m.params, m.partition) });
    else if (m.op === 'session') {
      await finish();
      partition = new PartitionSession(db, m.sql, m.params, m.spec, m.batchSize);
      send({ kind: 'session' });
    } else if (m.op === 'finish') {
      const e = encoder;
      if (e) {
        await e.end(m.trailingInfos);
        sendPiece('tail', e);
      } else send({ kind: 'tail', chunks: [], rows: 0, overflow: false });
      await finish();
    } else {
      await finish();
      send({ kind: 'closed' });
    }
  } catch (e) {
    await finish().catch(() => {});
    send({ kind: 'error', message: (e as Error).message });
  }
}

// Messages are handled strictly in order: a `more` never overtakes the `open` before it.
let chain = Promise.resolve();
port.on('message', (m: ToWorker) => {
  chain = chain.then(() => handle(m));
});
send({ kind: 'ready' });
