// One worker thread of the SQLite query pool (sqlite-worker-pool.ts; DESIGN.md "Streaming": SQLite queries run in
// worker threads so one long query never blocks other requests). It opens the archive file itself (read-only
// connections, WAL lets them read beside the server's writer), registers the ADQL SQL functions, and runs one query at
// a time: `open` prepares it and answers with the columns, each `more` produces one batch of value arrays, `close`
// ends it early. The pool sends `more` only while its bounded queue has room (backpressure), and cancels a query by
// terminating the whole worker (a long sort or aggregate cannot be interrupted between two messages).
import { parentPort, workerData } from 'node:worker_threads';
import { registerSqliteFunctions, type SqliteConnection } from '@obscura/adql';
import { type BatchStream, openDatabase } from '@obscura/archive';

export interface WorkerInit {
  /** The archive database URL (`sqlite:PATH`). */
  url: string;
}

export type ToWorker =
  | { op: 'open'; sql: string; params: unknown[]; batchSize: number }
  | { op: 'more' }
  | { op: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'columns'; columns: { name: string; dbType: string | null }[] }
  | { kind: 'batch'; rows: unknown[][] }
  | { kind: 'end' }
  | { kind: 'error'; message: string };

const port = parentPort!;
const init = workerData as WorkerInit;
const db = await openDatabase(init.url, { migrate: false });
db.onConnection((c) => registerSqliteFunctions(c as SqliteConnection));

let stream: BatchStream | null = null;
let iterator: AsyncIterator<unknown[][]> | null = null;

function send(m: FromWorker): void {
  port.postMessage(m);
}

async function finish(): Promise<void> {
  const s = stream;
  stream = null;
  iterator = null;
  await s?.close();
}

async function handle(m: ToWorker): Promise<void> {
  try {
    if (m.op === 'open') {
      await finish();
      stream = await db.streamBatches(m.sql, m.params, { batchSize: m.batchSize });
      iterator = stream[Symbol.asyncIterator]();
      send({ kind: 'columns', columns: stream.columns });
    } else if (m.op === 'more') {
      if (!iterator) return;
      const r = await iterator.next();
      if (r.done) {
        await finish();
        send({ kind: 'end' });
      } else send({ kind: 'batch', rows: r.value });
    } else await finish();
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
