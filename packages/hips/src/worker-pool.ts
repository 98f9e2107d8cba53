// A small pool of worker threads running tile-worker.ts. The workers run TypeScript through tsx: Node 20 does not
// apply `--import tsx` (execArgv) to a Worker's own entry file, so each worker starts from a one-line ESM bootstrap
// that registers tsx's loader (tsx/esm/api register()) and then imports the .ts entry.
import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerReply, WorkerRequest } from './tile-worker.ts';

/** A request without its id (the pool numbers them). */
export type WorkerJob = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
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
        this.release(w);
        if (!p) return;
        if (reply.error) p.reject(new Error(`HiPS worker: ${reply.error}`));
        else p.resolve(reply);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Runs one request on the next idle worker. */
  async run(req: WorkerJob): Promise<WorkerReply> {
    const w = await this.acquire();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...req, id });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
