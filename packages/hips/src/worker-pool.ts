// A small pool of worker threads running tile-worker.ts. The workers run TypeScript through tsx: Node 20 does not
// apply `--import tsx` (execArgv) to a Worker's own entry file, so each worker starts from a one-line ESM bootstrap
// that registers tsx's loader (tsx/esm/api register()) and then imports the .ts entry.
// Scheduling: a job may name the worker it prefers (`affinity`); each worker takes its own jobs in order and, when it
// has none left, steals the last queued job of the worker with the most work. The build gives each worker a
// contiguous run of tiles grouped by image, so an image is read by one worker (not by every worker in turn) while
// the load still balances at the end.
import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerReply, WorkerRequest } from './tile-worker.ts';

/** A request without its id (the pool numbers them). */
export type WorkerJob = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };
type Queued = { req: WorkerJob; resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: boolean[] = [];
  private readonly queues: Queued[][] = [];
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number, init: WorkerInit) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./tile-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
    for (let k = 0; k < size; k++) {
      const w = new Worker(bootstrap, { eval: true, workerData: init });
      w.on('message', (reply: WorkerReply) => {
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        this.busy[k] = false;
        this.dispatch(k);
        if (!p) return;
        if (reply.error) p.reject(new Error(`HiPS worker: ${reply.error}`));
        else p.resolve(reply);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.busy.push(false);
      this.queues.push([]);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Gives idle worker k its next job: its own oldest, else the newest of the longest other queue. */
  private dispatch(k: number): void {
    if (this.busy[k]) return;
    let job = this.queues[k].shift();
    if (!job) {
      let victim = -1;
      for (let j = 0; j < this.queues.length; j++) {
        if (this.queues[j].length > 0 && (victim < 0 || this.queues[j].length > this.queues[victim].length)) victim = j;
      }
      if (victim < 0) return;
      job = this.queues[victim].pop()!;
    }
    const id = this.nextId++;
    this.pending.set(id, { resolve: job.resolve, reject: job.reject });
    this.busy[k] = true;
    this.workers[k].postMessage({ ...job.req, id });
  }

  /** Runs one request, on worker `affinity` (mod size) when given and it is free first, else round robin. */
  run(req: WorkerJob, affinity?: number): Promise<WorkerReply> {
    const k = (affinity ?? this.next++) % this.workers.length;
    return new Promise((resolve, reject) => {
      this.queues[k].push({ req, resolve, reject });
      // An idle worker starts it now (its own queue first, or by stealing).
      for (let j = 0; j < this.workers.length; j++) this.dispatch((k + j) % this.workers.length);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
