// /soda/bulk: the UWS 1.1 job list of bulk-cutout jobs (bulk-job.ts has the design), registered through the generic
// UWS routes (uws/routes.ts) inside the /soda prefix. Job creation takes form or multipart bodies (the source list is
// an inline upload, TAP 1.1 §2.5 `UPLOAD=<name>,param:<part>`); the parameters are checked at creation (400 with
// every problem) and again when the job runs (they may change while PENDING, UWS 1.1 §2.2.3). Jobs left EXECUTING
// by a stopped server are queued again and resume from their journal (resumeOnRestart).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { User } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { DaliParams } from '../dali-params.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { HttpError } from '../errors.ts';
import { readyDatabaseForAdql } from '../tap/adql-query.ts';
import type { ExecuteContext } from '../tap/execute.ts';
import { acceptMultipart, tapRequest } from '../tap/multipart.ts';
import { uploadPartFile } from '../tap/tap-job.ts';
import { JobFailure, type JobWork } from '../uws/job-runner.ts';
import { FINAL_PHASES, type Job, type JobStore } from '../uws/job-store.ts';
import { type UwsLimits, uwsRoutes } from '../uws/routes.ts';
import { runBulkJob } from './bulk-job.ts';
import { type BulkParams, BulkUsageError, parseBulkParams } from './bulk-params.ts';
import { parseSourceList } from './source-list.ts';

export const SODA_BULK_PATH = '/soda/bulk';

/** Execution duration and retention of bulk jobs (seconds; UWS 1.1 §2.1). */
export const BULK_LIMITS: UwsLimits = {
  executionDuration: { default: 3600, hard: 6 * 3600 },
  retention: { default: 3 * 86_400, hard: 7 * 86_400 },
};

export interface BulkRoutesOptions {
  /** Bulk jobs executing at once (default 1: each already runs several cutouts at a time). */
  concurrency?: number;
  sweepIntervalMs?: number;
  maxWaitSeconds?: number;
}

/** The configured user a job belongs to (undefined: anonymous, or a user no longer configured). */
function ownerOf(ctx: ServerContext, ownerId: string | null): User | undefined {
  if (ownerId === null) return undefined;
  const users = (ctx.config as { users?: readonly User[] }).users ?? [];
  return users.find((u) => u.name === ownerId);
}

/** The job named by RESUME, checked: it exists, has the same owner, and has stopped. */
async function resumedJob(store: JobStore, id: string, ownerId: string | null): Promise<Job> {
  const previous = await store.get(id);
  if (!previous || previous.ownerId !== ownerId) {
    throw new BulkUsageError(`RESUME=${id}: no bulk job of yours has that identifier`);
  }
  if (!FINAL_PHASES.has(previous.phase)) {
    throw new BulkUsageError(
      `RESUME=${id}: that job is ${previous.phase}; resume it once it has stopped (or ABORT it)`,
    );
  }
  return previous;
}

export async function bulkRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: BulkRoutesOptions = {},
): Promise<void> {
  const { config, db } = ctx;
  ctx.available.add('bulk'); // services.ts: listed on the landing page
  await readyDatabaseForAdql(db);
  // Source lists come as multipart/form-data parts (as TAP uploads do), within the TAP upload size limit.
  acceptMultipart(app, config.tapUploadMaxBytes + 1024 * 1024);
  // QUERY runs as TAP's do, through the server's one query engine (tap/query-engine.ts): on SQLite in a worker
  // thread, so a long join never blocks the event loop; on PostgreSQL through a cursor.
  const execute: ExecuteContext = {
    db,
    ...ctx.queries,
    uploadLimits: {
      maxBytes: config.tapUploadMaxBytes,
      maxRows: config.tapUploadMaxRows,
      allowPrivateUrls: config.tapUploadAllowPrivateUrls,
    },
  };

  let store: JobStore | undefined;
  const checked = (job: Job): BulkParams => {
    try {
      return parseBulkParams(new DaliParams(job.parameters));
    } catch (e) {
      if (e instanceof BulkUsageError) throw new JobFailure(`UsageError: ${e.message}`);
      throw e;
    }
  };

  const work: JobWork = async (job, { signal, directory }) => {
    const params = checked(job);
    try {
      const resume = params.resume ? await resumedJob(store as JobStore, params.resume, job.ownerId) : undefined;
      const summary = await runBulkJob(params, {
        execute,
        server: ctx,
        directory,
        readPart: async (part) => readFile(join(directory, uploadPartFile(part))).catch(() => null),
        user: ownerOf(ctx, job.ownerId),
        resumeDirectory: resume ? join(directory, '..', resume.jobId) : undefined,
        signal,
      });
      return summary.results;
    } catch (e) {
      if (e instanceof BulkUsageError) throw new JobFailure(`UsageError: ${e.message}`);
      throw e;
    }
  };

  const service = await uwsRoutes(app, {
    service: 'bulk',
    db,
    dataDir: config.dataDir,
    path: '/bulk',
    jobListUrl: (request) => `${publicBaseUrl(config, request)}${SODA_BULK_PATH}`,
    work,
    limits: BULK_LIMITS,
    resumeOnRestart: true,
    concurrency: options.concurrency ?? 1,
    sweepIntervalMs: options.sweepIntervalMs,
    maxWaitSeconds: options.maxWaitSeconds,
    timeoutMessage: (job) =>
      `the bulk job ran longer than its execution duration of ${job.executionDuration} s and was stopped; ` +
      `its finished cutouts are kept: create a new job with RESUME=${job.jobId} (and a longer EXECUTIONDURATION)`,
    requestParams: tapRequest,
    onCreate: async (job, { files, directory }) => {
      try {
        const params = parseBulkParams(new DaliParams(job.parameters));
        if (params.resume) await resumedJob(service.store, params.resume, job.ownerId);
        // The source list is read now too, so that a bad one is a 400 rather than a failed job.
        const list = params.sourceList;
        if (list?.uri.startsWith('param:')) {
          const part = files.get(list.uri.slice('param:'.length));
          if (!part)
            throw new BulkUsageError(`UPLOAD ${list.name}: the request has no part named ${list.uri.slice(6)}`);
          try {
            await parseSourceList(part.data, params.radius);
          } catch (e) {
            throw new BulkUsageError((e as Error).message);
          }
        }
      } catch (e) {
        if (e instanceof BulkUsageError) throw new HttpError('UWS_BAD_PARAMETER', `UsageError: ${e.message}`);
        throw e;
      }
      if (files.size > 0) await mkdir(directory, { recursive: true });
      for (const f of files.values()) await writeFile(join(directory, uploadPartFile(f.name)), f.data);
    },
  });
  store = service.store;
}
