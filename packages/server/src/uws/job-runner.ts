// Runs UWS jobs (UWS 1.1 §2.1.4 phase transitions): PHASE=RUN queues a job, a small pool executes queued jobs in
// creation order, ABORT stops one (ABORTED), executionDuration stops one that runs too long (ERROR, saying so), and
// destruction removes a job and its results (a periodic sweep). Every change is saved to the database first, then
// announced to WAIT requests (UWS 1.1 §2.2.1.1 blocking). On start, jobs a previous process left QUEUED are run and
// jobs it left EXECUTING end in ERROR: their process is gone; a service whose work can pick up where it stopped
// (resumeOnRestart) has them queued again instead. One runner per service (uws/routes.ts): each has its own queue,
// concurrency, job directory and work function over the one shared obscura.uws_jobs table (JobStore is per service).
import { EventEmitter } from 'node:events';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ACTIVE_PHASES, FINAL_PHASES, type Job, type JobStore, type Phase } from './job-store.ts';

/** What executes a job's work: resolves with its results, or throws (message → errorSummary). */
export type JobWork = (
  job: Job,
  context: { signal: AbortSignal; deadline: number | undefined; directory: string },
) => Promise<Job['results']>;

/** An error that is the job's fault or the service's limit, reported as is; others are reported generically. */
export class JobFailure extends Error {
  override name = 'JobFailure';
}

export interface RunnerOptions {
  store: JobStore;
  /** Directory holding one sub-directory per job (results, uploads). */
  directory: string;
  work: JobWork;
  /** Jobs executing at once. */
  concurrency?: number;
  /** How often destruction times are checked (ms). */
  sweepIntervalMs?: number;
  log?: { error(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
  /** Message for an aborted-by-timeout job. */
  timeoutMessage?: (job: Job) => string;
  /**
   * What start() does with jobs a previous process left EXECUTING: false (default) ends them in ERROR with
   * RESTART_MESSAGE; true queues them again, so the work runs once more in the same job directory (it should skip
   * what its files show is already done).
   */
  resumeOnRestart?: boolean;
}

export const RESTART_MESSAGE =
  'the server restarted while this job was executing, so it did not finish; run it again (POST PHASE=RUN to a new job)';

export class JobRunner {
  private readonly store: JobStore;
  private readonly events = new EventEmitter();
  private readonly queue: string[] = [];
  /** Jobs executing: how to stop each, and its work and bookkeeping settling. */
  private readonly running = new Map<string, { controller: AbortController; settled: Promise<void> }>();
  private readonly concurrency: number;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Serialises read-modify-write of one job's row. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RunnerOptions) {
    this.store = options.store;
    this.concurrency = options.concurrency ?? 2;
    this.events.setMaxListeners(0);
  }

  /** The directory of a job's files. */
  jobDirectory(jobId: string): string {
    return join(this.options.directory, jobId);
  }

  /** Recovers jobs left by a previous process and starts the destruction sweep. */
  async start(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true });
    for (const job of await this.store.inPhase('EXECUTING')) {
      // A process killed mid-write leaves partial `*.tmp` files (every result is written to a .tmp and renamed):
      // removed now, so that neither a resumed run nor a reader ever sees half a file.
      await removeTmpFiles(this.jobDirectory(job.jobId));
      await this.update(job.jobId, (j) => {
        if (this.options.resumeOnRestart) {
          j.phase = 'QUEUED';
          return;
        }
        j.phase = 'ERROR';
        j.endTime = Date.now();
        j.error = { type: 'transient', message: RESTART_MESSAGE };
      });
    }
    for (const job of await this.store.inPhase('QUEUED')) this.enqueue(job.jobId);
    await this.sweep();
    const interval = this.options.sweepIntervalMs ?? 60_000;
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((e) => this.options.log?.error({ err: e }, 'uws destruction sweep failed'));
    }, interval);
    this.sweepTimer.unref();
  }

  /**
   * Stops the sweep, starts no more jobs and aborts the running ones (they stay EXECUTING in the database: the next
   * start reports or resumes them). Does not wait: close() does. Servers call it when shutdown begins (uws/routes.ts,
   * preClose), so that every service's jobs are stopped before any waits for its own: jobs of different services can
   * wait on one another (one query worker pool, server context).
   */
  stop(): void {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const r of this.running.values()) r.controller.abort(new Error('server closing'));
    this.queue.length = 0;
  }

  /**
   * stop(), then waits until the running jobs have returned from their work and saved what they could. A server that
   * has closed therefore has no job still writing into its job directories, its database or its query workers: the
   * next server (a restart) resumes a job in the same directory, and a job still running from the previous one
   * would cut the same files and append to the same journal at the same time.
   */
  async close(): Promise<void> {
    this.stop();
    await Promise.allSettled([...this.running.values()].map((r) => r.settled));
    await Promise.allSettled([...this.locks.values()]);
  }

  /** Applies a change to a job's saved state, one at a time per job (a change returning false saves nothing). */
  async update(jobId: string, change: (job: Job) => unknown): Promise<Job | null> {
    const previous = this.locks.get(jobId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const job = await this.store.get(jobId);
      if (!job) return null;
      const before = job.phase;
      if (change(job) === false) return job;
      await this.store.save(job);
      if (job.phase !== before) this.events.emit(jobId, job);
      return job;
    });
    const tail = next.catch(() => {});
    this.locks.set(jobId, tail);
    void tail.then(() => {
      if (this.locks.get(jobId) === tail) this.locks.delete(jobId);
    });
    return next;
  }

  /** PHASE=RUN (UWS 1.1 §2.2.3.5): PENDING/HELD → QUEUED; a job already queued or running is left alone. */
  async run(jobId: string): Promise<Job | null> {
    let queued = false;
    const job = await this.update(jobId, (j) => {
      if (j.phase !== 'PENDING' && j.phase !== 'HELD') return false;
      j.phase = 'QUEUED';
      queued = true;
    });
    if (queued) this.enqueue(jobId);
    return job;
  }

  /** PHASE=ABORT (UWS 1.1 §2.2.3.6): a job not yet finished becomes ABORTED. */
  async abort(jobId: string): Promise<Job | null> {
    const job = await this.update(jobId, (j) => {
      if (FINAL_PHASES.has(j.phase)) return false;
      j.phase = 'ABORTED';
      j.endTime = Date.now();
    });
    this.running.get(jobId)?.controller.abort(new Error('aborted'));
    const i = this.queue.indexOf(jobId);
    if (i >= 0) this.queue.splice(i, 1);
    return job;
  }

  /** DELETE (UWS 1.1 §2.2.3.2): stops the job and removes it with its files. */
  async destroy(jobId: string): Promise<void> {
    this.running.get(jobId)?.controller.abort(new Error('destroyed'));
    const i = this.queue.indexOf(jobId);
    if (i >= 0) this.queue.splice(i, 1);
    await this.store.delete(jobId);
    await rm(this.jobDirectory(jobId), { recursive: true, force: true });
    this.events.emit(jobId, null);
  }

  /** Removes the jobs whose destruction time has passed (UWS 1.1 §2.1.7); returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const expired = await this.store.expired(now);
    for (const job of expired) await this.destroy(job.jobId);
    if (expired.length > 0) this.options.log?.info({ jobs: expired.length }, 'uws: destroyed expired jobs');
    return expired.length;
  }

  /**
   * UWS 1.1 §2.2.1.1 blocking: waits up to `seconds` while the job is in an active phase (and, when `phase` is
   * given, still in that phase); resolves with the job as it is then (null if it was destroyed).
   */
  async wait(jobId: string, seconds: number, phase?: Phase): Promise<Job | null> {
    const blocks = (j: Job) => ACTIVE_PHASES.has(j.phase) && (phase === undefined || j.phase === phase);
    // The listener is in place before the job is read, so a change saved in between is not missed.
    return new Promise<Job | null>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const done = (j: Job | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.events.off(jobId, onChange);
        resolve(j);
      };
      const onChange = (j: Job | null) => {
        if (j === null || !blocks(j)) done(j);
      };
      this.events.on(jobId, onChange);
      this.store.get(jobId).then(
        (job) => {
          if (!job || !blocks(job) || seconds <= 0) return done(job);
          timer = setTimeout(() => {
            this.store.get(jobId).then(done, () => done(job));
          }, seconds * 1000);
        },
        (e) => {
          settled = true;
          this.events.off(jobId, onChange);
          reject(e);
        },
      );
    });
  }

  private enqueue(jobId: string): void {
    if (this.closed || this.queue.includes(jobId) || this.running.has(jobId)) return;
    this.queue.push(jobId);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.queue.length > 0) {
      const jobId = this.queue.shift()!;
      const controller = new AbortController();
      const settled = this.execute(jobId, controller)
        .catch((e) => this.options.log?.error({ err: e, jobId }, 'uws: job bookkeeping failed'))
        .finally(() => {
          this.running.delete(jobId);
          this.pump();
        });
      this.running.set(jobId, { controller, settled });
    }
  }

  private async execute(jobId: string, controller: AbortController): Promise<void> {
    let started: Job | null = null;
    await this.update(jobId, (j) => {
      if (j.phase !== 'QUEUED') return false;
      j.phase = 'EXECUTING';
      j.startTime = Date.now();
      started = j;
    });
    const job = started as Job | null;
    if (!job) return;
    const directory = this.jobDirectory(jobId);
    await mkdir(directory, { recursive: true });
    const deadline = job.executionDuration > 0 ? job.startTime! + job.executionDuration * 1000 : undefined;
    // A job that runs past its deadline is stopped even while it waits on I/O.
    const timer =
      deadline === undefined
        ? null
        : setTimeout(() => controller.abort(new Error('timeout')), Math.max(0, deadline - Date.now()) + 50);
    try {
      const results = await this.options.work(job, { signal: controller.signal, deadline, directory });
      await this.update(jobId, (j) => {
        if (j.phase !== 'EXECUTING') return false; // aborted meanwhile
        j.phase = 'COMPLETED';
        j.endTime = Date.now();
        j.results = results;
      });
    } catch (e) {
      const timedOut = deadline !== undefined && Date.now() >= deadline;
      const message =
        timedOut && this.options.timeoutMessage
          ? this.options.timeoutMessage(job)
          : e instanceof JobFailure
            ? e.message
            : `the job failed (${jobId}); the operator can find the details in the server log`;
      if (!(e instanceof JobFailure) && !timedOut && !controller.signal.aborted) {
        this.options.log?.error({ err: e, jobId }, 'uws: job failed');
      }
      await this.update(jobId, (j) => {
        if (j.phase !== 'EXECUTING') return false; // ABORTED or destroyed meanwhile
        if (this.closed) return false; // shutting down: the next start reports it
        j.phase = 'ERROR';
        j.endTime = Date.now();
        j.error = { type: 'fatal', message };
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

/** Removes every `*.tmp` file under a directory (none when it does not exist). */
export async function removeTmpFiles(directory: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(directory, e.name);
    if (e.isDirectory()) await removeTmpFiles(path);
    else if (e.name.endsWith('.tmp')) await rm(path, { force: true });
  }
}
