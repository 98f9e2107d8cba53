// SQLite queries in worker threads (DESIGN.md "Streaming": CPU-heavy work, SQLite queries among it, runs off the event
// loop). Each query takes one worker to itself; its batches come back as messages into a bounded queue: the worker is
// asked for the next batch only while fewer than QUEUE_BATCHES are queued or in flight, so a slow client slows the
// worker instead of filling memory. Closing a query before its end (executionDuration, ABORT, client gone)
// terminates its worker, the one way to stop SQLite in the middle of a long step; the pool starts a fresh one.
// A big result of a query the translation found splittable is read by two workers at once (partitioned-query.ts),
// when a second one is idle or can be started: a busy pool never waits for it, and a query that has to wait for a
// worker gets the second worker of such a read back (it finishes its chunks first, PartitionedResult.retire).
//
// The workers start from their entry bundled into plain JavaScript (worker-bundle.ts: ~20 MiB of resident memory a
// worker instead of ~34 MiB through tsx). Should esbuild fail, they run TypeScript through tsx: Node 20 does not apply
// `--import tsx` to a Worker's entry, so each starts from a one-line ESM bootstrap that registers tsx's loader and
// imports the .ts entry (as packages/hips does).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ColumnMeta } from '@obscura/archive';
import type { Info } from '@obscura/votable';
import type { PartitionPlan, PlanCheck } from './partition-session.ts';
import { MIN_PARALLEL_ROWS, PartitionedResult, RowidChunks, type WorkerLink } from './partitioned-query.ts';
import type { EncodingStream, OpenOptions, QueryExecutor } from './query-executor.ts';
import { type EncodeSpec, hasBodyEncoding } from './result-encoder.ts';
import type { EncodedPiece, FromWorker, ToWorker, WorkerInit } from './sqlite-query-worker.ts';
import { bundledWorkerUrl } from './worker-bundle.ts';

/** Batches queued or requested per query: enough to keep the worker busy while the socket drains one. */
const QUEUE_BATCHES = 3;
/** How long a query closed before its end waits for its worker to close the cursor before the worker is ended. */
const CLOSE_WAIT_MS = 200;
/**
 * How long a worker beyond the first stays idle before it is ended: each holds ~20-40 MiB (its heap, its SQLite
 * connection), so the pool grows with concurrent queries and shrinks back to one worker when they are over.
 */
const IDLE_END_MS = 30_000;

interface PooledWorker extends WorkerLink {
  worker: Worker;
  /** The message handler of the query holding it. */
  onMessage: ((m: FromWorker) => void) | null;
  onFailure: ((e: Error) => void) | null;
  /** Set while it waits idle as a worker beyond the first: ends it (trimIdle). */
  idleTimer?: NodeJS.Timeout;
}

export interface SqliteWorkerPoolOptions {
  /** The archive database URL (`sqlite:PATH`). */
  url: string;
  /** Worker threads (default: the CPUs available, at least 2). */
  size?: number;
  /** How long a worker beyond the first stays idle before it is ended (default IDLE_END_MS). */
  idleEndMs?: number;
  /**
   * Runs fn while no write to the archive can commit, or gives undefined at once when one is under way
   * (SqliteDatabase.holdWrites): results are read by two workers only with it, their snapshots taken inside.
   */
  holdWrites?: <T>(fn: () => Promise<T>) => Promise<{ value: T } | undefined>;
}

export class SqliteWorkerPool implements QueryExecutor {
  readonly size: number;
  private readonly url: string;
  private readonly idleEndMs: number;
  private readonly holdWrites: SqliteWorkerPoolOptions['holdWrites'];
  private readonly idle: PooledWorker[] = [];
  private readonly waiting: { resolve: (w: PooledWorker) => void; reject: (e: Error) => void }[] = [];
  private readonly all = new Set<PooledWorker>();
  /** Workers still loading (close() ends them too). */
  private readonly loading = new Set<Worker>();
  private starting = 0;
  /** Queries read by two workers, each able to give its second one back to a waiting query. */
  private readonly lenders = new Set<{ giveBack(): void }>();
  /** Workers started by warm() still loading: each goes to a waiting query when ready. */
  private warming = 0;
  private closed = false;

  constructor(options: SqliteWorkerPoolOptions) {
    this.url = options.url;
    this.idleEndMs = options.idleEndMs ?? IDLE_END_MS;
    this.holdWrites = options.holdWrites;
    this.size = Math.max(1, options.size ?? Math.max(2, availableParallelism()));
  }

  /**
   * Starts one worker now rather than on the first query (bundling the entry and loading it take some 100 ms); does
   * not wait for it: a query arriving meanwhile waits for it. Further workers start when concurrent queries need them.
   */
  warm(): void {
    const n = Math.min(1, this.size) - this.all.size - this.starting;
    for (let k = 0; k < n; k++) {
      this.warming++;
      this.spawn().then(
        (w) => {
          this.warming--;
          this.release(w);
        },
        (e: Error) => {
          this.warming--;
          this.waiting.shift()?.reject(e);
        },
      );
    }
  }

  private async spawn(): Promise<PooledWorker> {
    this.starting++;
    const entry = new URL('./sqlite-query-worker.ts', import.meta.url);
    const bundled = await bundledWorkerUrl(entry);
    if (this.closed) {
      this.starting--;
      throw new Error('the query pool is closed');
    }
    const init: WorkerInit = { url: this.url };
    // A bounded heap: a worker only holds the batches in flight (~15-20 MiB used after a 1M-row query, its modules
    // included), and V8 would otherwise let garbage grow far past that. 48 MiB of old generation instead of 64 lowered
    // the bench server's peak RSS by ~18 MiB at the same throughput (paired runs); 8 MiB of young generation instead
    // of 16 lowered it by ~23 MB once two workers read big results together (BINARY2 1.24 vs 1.28 M rows/s; 4 MiB
    // saved nothing more and cost ~5%).
    const options = {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    };
    let worker: Worker;
    if (bundled) worker = new Worker(bundled, options);
    else {
      const tsx = import.meta.resolve('tsx/esm/api');
      const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry.href)}); });`;
      worker = new Worker(bootstrap, { ...options, eval: true });
    }
    this.loading.add(worker);
    const pw: PooledWorker = {
      worker,
      onMessage: null,
      onFailure: null,
      post: (m, transfer) => worker.postMessage(m, transfer),
    };
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        if (!ready && m.kind === 'ready') {
          ready = true;
          this.starting--;
          this.loading.delete(worker);
          this.all.add(pw);
          resolve(pw);
        } else pw.onMessage?.(m);
      });
      const fail = (e: Error) => {
        if (!ready) {
          ready = true;
          this.starting--;
          this.loading.delete(worker);
          reject(e);
          return;
        }
        this.all.delete(pw);
        const i = this.idle.indexOf(pw);
        if (i >= 0) this.idle.splice(i, 1);
        pw.onFailure?.(e);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the query worker stopped (exit code ${code})`)));
    });
  }

  /** Workers started or starting. */
  get workers(): number {
    return this.all.size + this.starting;
  }

  private async acquire(): Promise<PooledWorker> {
    if (this.closed) throw new Error('the query pool is closed');
    const w = this.idle.pop();
    if (w) {
      clearTimeout(w.idleTimer);
      w.idleTimer = undefined;
      return w;
    }
    // A worker warm() started and no query waits for yet is the one to wait for.
    if (this.all.size + this.starting < this.size && this.waiting.length >= this.warming) return this.spawn();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      // A query read in parallel lends its second worker: this one gets it once its chunks are read.
      const lender = this.lenders.values().next().value;
      if (lender) {
        this.lenders.delete(lender);
        lender.giveBack();
      }
    });
  }

  /** A second worker for a query read in parallel: an idle one, or a new one if the pool may grow; never waits. */
  private async acquireExtra(): Promise<PooledWorker | null> {
    if (this.closed) return null;
    const w = this.idle.pop();
    if (w) {
      clearTimeout(w.idleTimer);
      w.idleTimer = undefined;
      return w;
    }
    if (this.all.size + this.starting >= this.size || this.waiting.length > 0) return null;
    return this.spawn().catch(() => null);
  }

  private release(w: PooledWorker): void {
    w.onMessage = null;
    w.onFailure = null;
    if (this.closed || !this.all.has(w)) {
      void w.worker.terminate();
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(w);
    else {
      this.idle.push(w);
      this.trimIdle();
    }
  }

  /** Idle workers beyond the first are ended after IDLE_END_MS unless a query takes them before. */
  private trimIdle(): void {
    if (this.idle.length < 2) return;
    for (const w of this.idle) {
      if (w.idleTimer) continue;
      w.idleTimer = setTimeout(() => {
        w.idleTimer = undefined;
        const i = this.idle.indexOf(w);
        if (i < 0 || this.idle.length < 2) return;
        this.idle.splice(i, 1);
        this.all.delete(w);
        void w.worker.terminate();
      }, this.idleEndMs);
      w.idleTimer.unref();
    }
  }

  /** Ends a worker that is in the middle of a query; a waiting query gets a fresh one. */
  private discard(w: PooledWorker): void {
    w.onMessage = null;
    w.onFailure = null;
    this.all.delete(w);
    void w.worker.terminate();
    if (!this.closed && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.spawn().then(next.resolve, next.reject);
    }
  }

  async open(sql: string, params: unknown[], options: OpenOptions = {}): Promise<EncodingStream> {
    const w = await this.acquire();
    const holdWrites = this.holdWrites;
    const query = new WorkerQuery(w, options.batchSize ?? 1000, {
      release: () => this.release(w),
      discard: () => this.discard(w),
      parallel:
        options.partition && holdWrites
          ? {
              sql,
              params,
              plan: options.partition,
              holdWrites,
              acquire: () => this.acquireExtra(),
              lend: (q) => this.lenders.add(q),
              unlend: (q) => this.lenders.delete(q),
              release: (x) => this.release(x),
              discard: (x) => this.discard(x),
            }
          : undefined,
    });
    try {
      await query.start(sql, params);
    } catch (e) {
      query.abandon();
      throw e;
    }
    return query;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Queries still waiting for a worker get none: they fail now instead of waiting forever.
    for (const q of this.waiting.splice(0)) q.reject(new Error('the query pool is closed'));
    for (const w of this.idle) clearTimeout(w.idleTimer);
    for (const w of this.loading) await w.terminate();
    for (const w of this.all) await w.worker.terminate();
    this.all.clear();
    this.idle.length = 0;
  }
}

/** What a query needs to be read by two workers (partitioned-query.ts). */
interface ParallelOption {
  sql: string;
  params: unknown[];
  plan: PartitionPlan;
  holdWrites: NonNullable<SqliteWorkerPoolOptions['holdWrites']>;
  /** A second worker, or null when none is free now. */
  acquire(): Promise<PooledWorker | null>;
  /** While a query reads in parallel: it can give its second worker back (giveBack) to a query waiting for one. */
  lend(q: { giveBack(): void }): void;
  unlend(q: { giveBack(): void }): void;
  release(w: PooledWorker): void;
  discard(w: PooledWorker): void;
}

/** One query on one worker, seen as a BatchStream of rows, or of encoded bytes after encode(). */
class WorkerQuery implements EncodingStream {
  columns: ColumnMeta[] = [];
  private readonly queue: (unknown[][] | EncodedPiece)[] = [];
  private onTail: ((p: EncodedPiece) => void) | null = null;
  private inFlight = 0;
  private ended = false;
  private finished = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private onClosed: (() => void) | null = null;
  private onPlan: ((check: PlanCheck) => void) | null = null;
  /** Set when the result is read by two workers: the merge, and the second worker. */
  private parallel: { result: PartitionedResult; extra: PooledWorker; gone: boolean } | null = null;

  constructor(
    private readonly w: PooledWorker,
    private readonly batchSize: number,
    private readonly pool: { release(): void; discard(): void; parallel: ParallelOption | undefined },
  ) {}

  private post(m: ToWorker): void {
    this.w.worker.postMessage(m);
  }

  start(sql: string, params: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let opened = false;
      this.w.onFailure = (e) => {
        this.failure = e;
        if (!opened) reject(e);
        this.onPlan?.({ ok: false, reason: e.message });
        this.notify();
      };
      this.w.onMessage = (m) => {
        switch (m.kind) {
          case 'columns':
            opened = true;
            this.columns = m.columns;
            resolve();
            break;
          case 'batch':
            this.inFlight--;
            this.queue.push(m.rows);
            this.notify();
            break;
          case 'bytes':
            this.inFlight--;
            this.queue.push({ chunks: m.chunks, rows: m.rows, overflow: m.overflow });
            this.notify();
            break;
          case 'tail':
            this.onTail?.({ chunks: m.chunks, rows: m.rows, overflow: m.overflow });
            break;
          case 'closed':
            this.onClosed?.();
            break;
          case 'plan':
            this.onPlan?.(m.check);
            break;
          case 'end':
            this.inFlight = 0;
            this.ended = true;
            this.notify();
            break;
          case 'error':
            this.failure = new Error(m.message);
            this.inFlight = 0;
            this.ended = true;
            if (!opened) reject(this.failure);
            this.notify();
            break;
        }
      };
      this.post({ op: 'open', sql, params, batchSize: this.batchSize });
    });
  }

  /** Gives the second worker back to the pool once it has read the chunks it holds (a query waits for a worker). */
  giveBack(): void {
    const parallel = this.parallel;
    if (!parallel) return;
    parallel.result.retire(1, () => {
      if (parallel.gone) return;
      parallel.gone = true;
      this.pool.parallel!.release(parallel.extra);
    });
  }

  /** Workers reading the result: 2 once it is read in parallel, else 1. */
  get readers(): number {
    return this.parallel ? 2 : 1;
  }

  encode(spec: EncodeSpec): AsyncIterable<EncodedPiece> {
    const parallel = this.pool.parallel;
    if (parallel && spec.maxrec >= MIN_PARALLEL_ROWS && hasBodyEncoding(spec))
      return this.encodeInParallel(spec, parallel);
    return this.encodeHere(spec);
  }

  private encodeHere(spec: EncodeSpec): AsyncIterable<EncodedPiece> {
    this.post({ op: 'encode', spec });
    return this as AsyncIterable<unknown> as AsyncIterable<EncodedPiece>;
  }

  /** Reads the result with a second worker when the split is worth it and one is free, else as usual. */
  private async *encodeInParallel(spec: EncodeSpec, p: ParallelOption): AsyncGenerator<EncodedPiece> {
    const result = await this.startParallel(spec, p);
    if (result) yield* result.pieces();
    else yield* this.encodeHere(spec);
  }

  private async startParallel(spec: EncodeSpec, p: ParallelOption): Promise<PartitionedResult | null> {
    // A worker that stops meanwhile fails the check; the query then fails as it would have on its first batch.
    const check = await new Promise<PlanCheck>((resolve) => {
      this.onPlan = resolve;
      this.post({ op: 'plan', sql: p.sql, params: p.params, partition: p.plan });
    });
    this.onPlan = null;
    if (!check.ok) return null;
    const chunks = new RowidChunks(check.min, check.max);
    if (!chunks.splits) return null;
    const extra = await p.acquire();
    if (!extra) return null;
    const result = new PartitionedResult([this.w, extra], chunks, p.plan.sql, p.params, spec, this.batchSize);
    this.parallel = { result, extra, gone: false };
    // Both snapshots are taken while no write can commit; if one is under way, one worker reads as usual.
    const held = await p.holdWrites(() => result.open());
    if (held) {
      p.lend(this);
      return result;
    }
    this.parallel = null;
    p.release(extra);
    return null;
  }

  finish(trailingInfos: Info[], timeoutMs: number): Promise<EncodedPiece | null> {
    if (this.parallel) return this.parallel.result.finish(trailingInfos);
    if (this.finished || this.ended || this.failure) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onTail = null;
        resolve(null);
      }, timeoutMs);
      this.onTail = (p) => {
        clearTimeout(timer);
        this.onTail = null;
        // The worker closed its cursor after the tail: it is idle again.
        this.ended = true;
        this.inFlight = 0;
        resolve(p);
      };
      this.post({ op: 'finish', trailingInfos });
    });
  }

  /** Asks for batches while the queue has room. */
  private request(): void {
    while (!this.ended && !this.finished && this.queue.length + this.inFlight < QUEUE_BATCHES) {
      this.inFlight++;
      this.post({ op: 'more' });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Gives the worker back after an error before the first row (the worker closed its cursor itself). */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.failure && !this.ended) this.pool.discard();
    else this.pool.release();
  }

  async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.notify();
    if (this.parallel) {
      const parallel = this.parallel;
      const p = this.pool.parallel!;
      p.unlend(this);
      const [own, other] = await parallel.result.close(CLOSE_WAIT_MS);
      if (own) this.pool.release();
      else this.pool.discard();
      if (parallel.gone) return;
      parallel.gone = true;
      if (other) p.release(parallel.extra);
      else p.discard(parallel.extra);
      return;
    }
    // At the end of the rows the worker is idle: reuse it. Otherwise it is asked to close its cursor (between two
    // batches, after MAXREC rows, it does so at once); one deep in a long step does not answer in time: end it.
    if (this.ended && this.inFlight === 0) {
      this.pool.release();
      return;
    }
    if (this.failure) {
      this.pool.discard();
      return;
    }
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS);
      this.onClosed = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.post({ op: 'close' });
    });
    this.onClosed = null;
    if (closed) this.pool.release();
    else this.pool.discard();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<unknown[][]> {
    try {
      this.request();
      for (;;) {
        const batch = this.queue.shift();
        if (batch) {
          this.request();
          yield batch as unknown[][];
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.ended || this.finished) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      await this.close();
    }
  }
}
