// UWS 1.1 jobs (UWS 1.1 §2.1) kept in the archive database (obscura.uws_jobs), so that a restart loses none.
// The store only reads and writes rows; phase changes and execution live in job-runner.ts.
import { type Database, UWS_JOBS_TABLE } from '@obscura/archive';

/** UWS 1.1 §2.1.4 execution phases. */
export const PHASES = [
  'PENDING',
  'QUEUED',
  'EXECUTING',
  'COMPLETED',
  'ERROR',
  'ABORTED',
  'UNKNOWN',
  'HELD',
  'SUSPENDED',
  'ARCHIVED',
] as const;
export type Phase = (typeof PHASES)[number];

/** Phases in which a job may still change by itself (UWS 1.1 §2.2.1.1: WAIT blocks only in these). */
export const ACTIVE_PHASES: ReadonlySet<Phase> = new Set(['PENDING', 'QUEUED', 'EXECUTING']);
/** Phases a job never leaves (except by destruction). */
export const FINAL_PHASES: ReadonlySet<Phase> = new Set(['COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED']);

export function isPhase(s: string): s is Phase {
  return (PHASES as readonly string[]).includes(s);
}

export interface JobResult {
  /** UWS result id; TAP 1.1 §2.2.2 names the query result "result". */
  id: string;
  /** File name inside the job's directory. */
  file: string;
  mimeType: string;
  size: number;
  /** Rows written and whether MAXREC cut the result (for jobInfo). */
  rows?: number;
  overflow?: boolean;
}

export interface Job {
  jobId: string;
  service: string;
  runId: string | null;
  ownerId: string | null;
  phase: Phase;
  /** Epoch ms. */
  creationTime: number;
  startTime: number | null;
  endTime: number | null;
  /** Seconds; 0 means unlimited (UWS 1.1 §2.1.6). */
  executionDuration: number;
  /** Epoch ms (UWS 1.1 §2.1.7). */
  destruction: number;
  quote: number | null;
  /** Protocol parameters in request order, names upper-cased (DALI 1.1 §3: case-insensitive). */
  parameters: [string, string][];
  results: JobResult[];
  error: { type: 'transient' | 'fatal'; message: string } | null;
  /**
   * The server root as the creating request reached it (publicBaseUrl), for URLs the work writes into results (a
   * running job has no request); null when the service does not ask for it. Not a UWS parameter: never shown.
   */
  publicBase?: string | null;
}

export interface JobFilter {
  /** UWS 1.1 §2.2.1.1: any of these phases (default: every phase but ARCHIVED). */
  phases?: Phase[];
  /** Created strictly after (epoch ms). */
  after?: number;
  /** The n most recently created, newest first. */
  last?: number;
  ownerId?: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRow(j: Job): Record<string, unknown> {
  return {
    job_id: j.jobId,
    service: j.service,
    run_id: j.runId,
    owner_id: j.ownerId,
    phase: j.phase,
    creation_time: j.creationTime,
    start_time: j.startTime,
    end_time: j.endTime,
    execution_duration: j.executionDuration,
    destruction_time: j.destruction,
    quote: j.quote,
    parameters: JSON.stringify(j.parameters),
    results: JSON.stringify(j.results),
    error_type: j.error?.type ?? null,
    error_message: j.error?.message ?? null,
    public_base: j.publicBase ?? null,
  };
}

function fromRow(r: Record<string, unknown>): Job {
  const phase = String(r.phase);
  return {
    jobId: String(r.job_id),
    service: String(r.service),
    runId: r.run_id === null || r.run_id === undefined ? null : String(r.run_id),
    ownerId: r.owner_id === null || r.owner_id === undefined ? null : String(r.owner_id),
    phase: isPhase(phase) ? phase : 'UNKNOWN',
    creationTime: Number(r.creation_time),
    startTime: num(r.start_time),
    endTime: num(r.end_time),
    executionDuration: Number(r.execution_duration ?? 0),
    destruction: Number(r.destruction_time),
    quote: num(r.quote),
    parameters: JSON.parse(String(r.parameters ?? '[]')),
    results: JSON.parse(String(r.results ?? '[]')),
    error:
      r.error_message === null || r.error_message === undefined
        ? null
        : { type: r.error_type === 'transient' ? 'transient' : 'fatal', message: String(r.error_message) },
    publicBase: r.public_base === null || r.public_base === undefined ? null : String(r.public_base),
  };
}

export class JobStore {
  private readonly table: string;

  constructor(
    private readonly db: Database,
    readonly service: string,
  ) {
    this.table = db.dialect.table(UWS_JOBS_TABLE);
  }

  private q(name: string): string {
    return this.db.dialect.quote(name);
  }

  private p(i: number): string {
    return this.db.dialect.param(i);
  }

  async save(job: Job): Promise<void> {
    await this.db.upsert(UWS_JOBS_TABLE, [toRow(job)]);
  }

  async get(jobId: string): Promise<Job | null> {
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT * FROM ${this.table} WHERE ${this.q('job_id')} = ${this.p(1)} AND ${this.q('service')} = ${this.p(2)}`,
      [jobId, this.service],
    );
    return rows.length ? fromRow(rows[0]) : null;
  }

  async list(filter: JobFilter = {}): Promise<Job[]> {
    const where = [`${this.q('service')} = ${this.p(1)}`];
    const params: unknown[] = [this.service];
    const add = (sql: (p: string) => string, v: unknown) => {
      params.push(v);
      where.push(sql(this.p(params.length)));
    };
    const phases = filter.phases?.length ? filter.phases : PHASES.filter((p) => p !== 'ARCHIVED');
    const marks = phases.map((ph) => {
      params.push(ph);
      return this.p(params.length);
    });
    where.push(`${this.q('phase')} IN (${marks.join(', ')})`);
    if (filter.after !== undefined) add((p) => `${this.q('creation_time')} > ${p}`, filter.after);
    if (filter.ownerId !== undefined) {
      if (filter.ownerId === null) where.push(`${this.q('owner_id')} IS NULL`);
      else add((p) => `${this.q('owner_id')} = ${p}`, filter.ownerId);
    }
    const order = filter.last !== undefined ? 'DESC' : 'ASC';
    let sql = `SELECT * FROM ${this.table} WHERE ${where.join(' AND ')} ORDER BY ${this.q('creation_time')} ${order}, ${this.q('job_id')} ${order}`;
    if (filter.last !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(filter.last))}`;
    return (await this.db.all<Record<string, unknown>>(sql, params)).map(fromRow);
  }

  /** Jobs whose destruction time has passed. */
  async expired(now: number): Promise<Job[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT * FROM ${this.table} WHERE ${this.q('service')} = ${this.p(1)} AND ${this.q('destruction_time')} <= ${this.p(2)}`,
      [this.service, now],
    );
    return rows.map(fromRow);
  }

  async inPhase(phase: Phase): Promise<Job[]> {
    return this.list({ phases: [phase] });
  }

  async delete(jobId: string): Promise<void> {
    await this.db.run(
      `DELETE FROM ${this.table} WHERE ${this.q('job_id')} = ${this.p(1)} AND ${this.q('service')} = ${this.p(2)}`,
      [jobId, this.service],
    );
  }
}
