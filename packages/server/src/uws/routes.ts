// A UWS 1.1 job list for any service (UWS 1.1 §2.2): the job list, job resources and sub-resources over one
// JobStore (the shared obscura.uws_jobs table, rows of this service only) and one JobRunner per service.
//
// How a service gets async jobs (TAP in tap/routes.ts, SODA in soda/async.ts, bulk cutouts in bulk/):
//
//   const { store, runner } = await uwsRoutes(app, {
//     service: 'soda',                                 // obscura.uws_jobs.service; job files in <dataDir>/.uws/soda/<id>/
//     db, dataDir: config.dataDir,
//     jobListUrl: (request) => `${base}/soda/async`,   // absolute URL of the list (Location headers, xlink:href)
//     work: async (job, { signal, deadline, directory }) => [...results],  // JobWork (uws/job-runner.ts)
//     limits: { executionDuration: { default: 600, hard: 3600 }, retention: { default: 86400, hard: 604800 } },
//     // optional: path ('/async' inside the plugin), resumeOnRestart, concurrency, sweepIntervalMs, maxWaitSeconds,
//     // timeoutMessage, requestParams (parameters + uploaded files of a request), onCreate (validate / save uploads),
//     // errorDocument (GET <job>/error body; default text/plain), publicBase (kept as job.publicBase)
//   });
//
// The work function gets the saved job (job.parameters: [NAME, value] pairs in request order; `new DaliParams(
// job.parameters)` reads them like a sync request), an AbortSignal (ABORT, DELETE, executionDuration, shutdown), the
// deadline (epoch ms) and the job's own directory. It writes its result files there (write to a temporary name and
// rename, so a result is never seen half-written) and resolves with JobResult[] ({ id, file, mimeType, size }); each
// is served at <job>/results/<id>. Throwing JobFailure puts its message in the errorSummary as is; anything else is
// logged and reported generically. With resumeOnRestart a job that was EXECUTING when the server stopped is queued
// again and its work runs again in the same directory (skip what is already there); without it, it ends in ERROR.
//
// Every state-changing request answers 303 See Other with the job (or, after a deletion, the job list) as Location
// (UWS 1.1 §2.2.3); single-value sub-resources are text/plain (UWS 1.1 §2.2.2).
//
// Owners (UWS 1.1 §2.1 Owner): a job created by an authenticated request belongs to that user (ownerId =
// requestUser(request).name), one created anonymously to nobody. The job list shows each requester only their own
// jobs (anonymous requests: only anonymous jobs). Another user's job answers 403 (401 with a Bearer challenge to an
// anonymous request, which may simply have forgotten its token) rather than 404: job ids are random, so telling that
// one exists leaks nothing, while a 404 would send a user holding the wrong token looking for a deleted job.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@obscura/archive';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestUser } from '../auth/request-user.ts';
import { type DaliParams, daliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { JobRunner, type JobWork, type RunnerOptions } from './job-runner.ts';
import { isPhase, type Job, JobStore, type Phase } from './job-store.ts';
import { isoTime, jobListXml, jobXml, standaloneParametersXml, standaloneResultsXml } from './job-xml.ts';

/** Longest multipart part name a job accepts (bytes). */
export const MAX_PART_NAME_BYTES = 100;

/** A file part of a multipart job-creation request (e.g. a TAP inline upload). */
export interface UploadedFile {
  name: string;
  data: Buffer;
}

export interface UwsLimits {
  /** Seconds (UWS 1.1 §2.1 executionDuration); 0 asked by a client becomes the hard limit. */
  executionDuration: { default: number; hard: number };
  /** Seconds from creation to destruction (UWS 1.1 §2.1 destruction). */
  retention: { default: number; hard: number };
}

export interface UwsOptions {
  /** The service name kept in obscura.uws_jobs.service; also the job directory <dataDir>/.uws/<service>. */
  service: string;
  db: Database;
  dataDir: string;
  /** Route of the job list inside the registering plugin (default '/async'). */
  path?: string;
  /** Absolute URL of the job list for this request (e.g. http://host/tap/async). */
  jobListUrl(request: FastifyRequest): string;
  work: JobWork;
  limits: UwsLimits;
  /** Longest WAIT honoured (seconds; WAIT=-1 means this; default 120). */
  maxWaitSeconds?: number;
  concurrency?: number;
  sweepIntervalMs?: number;
  timeoutMessage?: RunnerOptions['timeoutMessage'];
  /** Queue jobs left EXECUTING by a previous process again instead of ending them in ERROR (job-runner.ts). */
  resumeOnRestart?: boolean;
  /** The parameters and uploaded files of a request (default: DALI parameters, no files). */
  requestParams?(request: FastifyRequest): { params: DaliParams; files: ReadonlyMap<string, UploadedFile> };
  /**
   * Called at creation before the job is saved: may check the parameters (an HttpError refuses the creation, no job
   * is made) and save uploaded files in `directory` (the job's directory, created on demand by the hook).
   */
  onCreate?(job: Job, context: { files: ReadonlyMap<string, UploadedFile>; directory: string }): Promise<void>;
  /** The body of GET <job>/error (default: the message as text/plain). */
  errorDocument?(message: string): { contentType: string; body: string };
  /**
   * The server root as a request reached it (datalink/public-url.ts publicBaseUrl), kept with a job created by that
   * request (Job.publicBase) for the URLs its work writes; without it jobs have none.
   */
  publicBase?(request: FastifyRequest): string;
  /** WWW-Authenticate of the 401 on an owned job (default `Bearer`; the server's is auth/bearer.ts bearerChallenge). */
  authChallenge?: string;
}

export interface UwsService {
  store: JobStore;
  runner: JobRunner;
}

/** Names the UWS itself interprets at job creation (UWS 1.1 §2.2.3.1); the rest are the job's parameters. */
const CONTROL = new Set(['PHASE', 'RUNID', 'EXECUTIONDURATION', 'DESTRUCTION', 'ACTION']);

const XML = 'text/xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).type(TEXT).send(`See ${location}\n`);
}

/** ISO 8601 (UWS 1.1 §2.1.7: DESTRUCTION in ISO 8601) to epoch ms. */
export function parseIsoTime(value: string, name: string): number {
  const v = value.trim();
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || v.length <= 10 ? v : `${v}Z`);
  if (!/^\d{4}-\d\d-\d\d/.test(v) || Number.isNaN(ms)) {
    throw new HttpError(
      'UWS_BAD_PARAMETER',
      `${name} must be an ISO 8601 time like 2030-01-01T00:00:00Z, got "${value}"`,
    );
  }
  return ms;
}

function parseSeconds(value: string, name: string): number {
  if (!/^\s*\d+\s*$/.test(value)) {
    throw new HttpError(
      'UWS_BAD_PARAMETER',
      `${name} must be a whole number of seconds (0: unlimited), got "${value}"`,
    );
  }
  return Number(value);
}

/** The owner a request's jobs get (UWS 1.1 §2.1 Owner): the authenticated user's name, null when anonymous. */
export function requestOwner(request: FastifyRequest): string | null {
  return requestUser(request)?.name ?? null;
}

/** Refuses a request touching a job owned by someone else (see the header comment for 401/403 versus 404). */
export function checkOwner(request: FastifyRequest, job: Job, challenge = 'Bearer'): void {
  if (job.ownerId === null) return;
  const owner = requestOwner(request);
  if (owner === job.ownerId) return;
  if (owner === null) {
    throw new HttpError(
      'UWS_AUTHENTICATION_REQUIRED',
      `job ${job.jobId} belongs to an authenticated user; send that user's bearer token (Authorization: Bearer <token>)`,
      { 'www-authenticate': challenge },
    );
  }
  throw new HttpError('UWS_NOT_OWNER', `job ${job.jobId} belongs to another user; each user sees only their own jobs`);
}

/** Registers the job list at `options.path` and starts its runner (stopped when the app closes, see below). */
export async function uwsRoutes(app: FastifyInstance, options: UwsOptions): Promise<UwsService> {
  const path = options.path ?? '/async';
  const store = new JobStore(options.db, options.service);
  const runner = new JobRunner({
    store,
    directory: join(options.dataDir, '.uws', options.service),
    work: options.work,
    concurrency: options.concurrency,
    sweepIntervalMs: options.sweepIntervalMs,
    log: app.log,
    timeoutMessage: options.timeoutMessage,
    resumeOnRestart: options.resumeOnRestart,
  });
  await runner.start();
  // Shutdown: every service's jobs are aborted as soon as it begins (preClose runs before any onClose), then each
  // runner waits for its own to return (job-runner.ts stop/close) before the query pool and the database close.
  app.addHook('preClose', async () => runner.stop());
  app.addHook('onClose', async () => runner.close());

  const limits = options.limits;
  const maxWaitSeconds = options.maxWaitSeconds ?? 120;
  const requestParams =
    options.requestParams ??
    ((request: FastifyRequest) => ({ params: daliParams(request), files: new Map<string, UploadedFile>() }));
  const params = (request: FastifyRequest) => requestParams(request).params;
  const jobListUrl = options.jobListUrl;
  const jobUrl = (request: FastifyRequest, id: string) => `${jobListUrl(request)}/${encodeURIComponent(id)}`;

  /** Executions may not be longer than the hard limit; 0 (unlimited) becomes the hard limit. */
  const clampDuration = (s: number) =>
    s === 0 ? limits.executionDuration.hard : Math.min(s, limits.executionDuration.hard);
  const clampDestruction = (ms: number, creation: number) => Math.min(ms, creation + limits.retention.hard * 1000);

  async function jobOr404(request: FastifyRequest): Promise<Job> {
    const id = (request.params as { id: string }).id;
    const job = await store.get(id);
    if (!job) {
      throw new HttpError(
        'UWS_NO_SUCH_JOB',
        `no job ${id} in ${jobListUrl(request)} (it may have reached its destruction time or been deleted)`,
      );
    }
    checkOwner(request, job, options.authChallenge);
    return job;
  }

  // ---- the job list (UWS 1.1 §2.2.1.1 filters) -----------------------------------------------------------------
  app.get(path, async (request, reply) => {
    const p = params(request);
    const phases: Phase[] = [];
    for (const ph of p.getAll('PHASE')) {
      const up = ph.trim().toUpperCase();
      if (!isPhase(up)) throw new HttpError('UWS_BAD_PHASE', `PHASE=${ph} is not a UWS phase`);
      phases.push(up);
    }
    const after = p.get('AFTER');
    const last = p.get('LAST');
    if (last !== undefined && !/^\s*\d+\s*$/.test(last)) {
      throw new HttpError('UWS_BAD_PARAMETER', `LAST must be a non-negative integer, got "${last}"`);
    }
    const jobs = await store.list({
      phases,
      after: after === undefined ? undefined : parseIsoTime(after, 'AFTER'),
      last: last === undefined ? undefined : Number(last),
      ownerId: requestOwner(request),
    });
    return reply.type(XML).send(jobListXml(jobs, (id) => jobUrl(request, id)));
  });

  // ---- job creation (UWS 1.1 §2.2.3.1) -------------------------------------------------------------------------
  app.post(path, async (request, reply) => {
    const { params: p, files } = requestParams(request);
    const now = Date.now();
    const jobId = `${now.toString(36)}${randomBytes(6).toString('hex')}`;
    const parameters: [string, string][] = [];
    for (const name of p.names()) {
      if (CONTROL.has(name)) continue;
      for (const v of p.getAll(name)) parameters.push([name, v]);
    }
    const ed = p.get('EXECUTIONDURATION');
    const destruction = p.get('DESTRUCTION');
    const job: Job = {
      jobId,
      service: store.service,
      runId: p.get('RUNID') ?? null,
      ownerId: requestOwner(request),
      phase: 'PENDING',
      creationTime: now,
      startTime: null,
      endTime: null,
      executionDuration: clampDuration(
        ed === undefined ? limits.executionDuration.default : parseSeconds(ed, 'EXECUTIONDURATION'),
      ),
      destruction:
        destruction === undefined
          ? now + limits.retention.default * 1000
          : clampDestruction(parseIsoTime(destruction, 'DESTRUCTION'), now),
      quote: null,
      parameters,
      results: [],
      error: null,
      publicBase: options.publicBase?.(request) ?? null,
    };
    const phase = p.get('PHASE')?.trim().toUpperCase();
    if (phase !== undefined && phase !== 'RUN') {
      throw new HttpError('UWS_BAD_PHASE', `PHASE=${phase} at job creation: only PHASE=RUN is allowed`);
    }
    for (const f of files.values()) {
      // Parts are saved under a file name derived from theirs (hex): a name past a file system's 255 bytes would fail.
      if (Buffer.byteLength(f.name) > MAX_PART_NAME_BYTES) {
        throw new HttpError(
          'UWS_BAD_PARAMETER',
          `the multipart part name "${f.name.slice(0, 40)}…" is longer than ${MAX_PART_NAME_BYTES} bytes; use a short name`,
        );
      }
    }
    if (options.onCreate) {
      try {
        await options.onCreate(job, { files, directory: runner.jobDirectory(jobId) });
      } catch (e) {
        // No job is made: nothing it saved stays behind (an orphan directory no destruction sweep would find).
        await rm(runner.jobDirectory(jobId), { recursive: true, force: true });
        throw e;
      }
    }
    await store.save(job);
    if (phase === 'RUN') await runner.run(jobId);
    return seeOther(reply, jobUrl(request, jobId));
  });

  // ---- one job --------------------------------------------------------------------------------------------------
  app.get(`${path}/:id`, async (request, reply) => {
    const job = await jobOr404(request);
    const p = params(request);
    const wait = p.get('WAIT');
    let shown = job;
    if (wait !== undefined) {
      // UWS 1.1 §2.2.1.1: WAIT=n seconds (-1: the server's longest), optionally only while in PHASE.
      if (!/^\s*-?\d+\s*$/.test(wait))
        throw new HttpError('UWS_BAD_PARAMETER', `WAIT must be an integer, got "${wait}"`);
      const n = Number(wait);
      const seconds = n < 0 ? maxWaitSeconds : Math.min(n, maxWaitSeconds);
      const ph = p.get('PHASE')?.trim().toUpperCase();
      if (ph !== undefined && !isPhase(ph)) throw new HttpError('UWS_BAD_PHASE', `PHASE=${ph} is not a UWS phase`);
      shown = (await runner.wait(job.jobId, seconds, ph as Phase | undefined)) ?? job;
    }
    return reply.type(XML).send(jobXml(shown, { job: jobUrl(request, job.jobId) }));
  });

  const deleteJob = async (request: FastifyRequest, reply: FastifyReply) => {
    const job = await jobOr404(request);
    await runner.destroy(job.jobId);
    return seeOther(reply, jobListUrl(request));
  };
  app.delete(`${path}/:id`, deleteJob);

  app.post(`${path}/:id`, async (request, reply) => {
    const p = params(request);
    const action = p.get('ACTION');
    if (action !== undefined) {
      if (action.trim().toUpperCase() !== 'DELETE') {
        throw new HttpError('UWS_BAD_PARAMETER', `ACTION=${action} is not supported (ACTION=DELETE is)`);
      }
      return deleteJob(request, reply);
    }
    const job = await jobOr404(request);
    await updateParameters(job, p);
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  /** UWS 1.1 §2.2.3: parameters may be changed while the job is PENDING. */
  async function updateParameters(job: Job, p: DaliParams): Promise<void> {
    const names = p.names().filter((n) => !CONTROL.has(n));
    if (names.length === 0) return;
    if (job.phase !== 'PENDING') {
      throw new HttpError(
        'UWS_BAD_PHASE',
        `job ${job.jobId} is ${job.phase}: parameters can only change while PENDING`,
      );
    }
    await runner.update(job.jobId, (j) => {
      const kept = j.parameters.filter(([n]) => !names.includes(n));
      for (const n of names) for (const v of p.getAll(n)) kept.push([n, v]);
      j.parameters = kept;
    });
  }

  // ---- sub-resources (UWS 1.1 §2.2.2) ---------------------------------------------------------------------------
  app.get(`${path}/:id/phase`, async (request, reply) => reply.type(TEXT).send((await jobOr404(request)).phase));

  app.post(`${path}/:id/phase`, async (request, reply) => {
    const job = await jobOr404(request);
    const phase = params(request).get('PHASE')?.trim().toUpperCase();
    if (phase === 'RUN') {
      if (job.phase !== 'PENDING' && job.phase !== 'HELD' && job.phase !== 'QUEUED' && job.phase !== 'EXECUTING') {
        throw new HttpError(
          'UWS_BAD_PHASE',
          `job ${job.jobId} is ${job.phase} and cannot run again; create a new job (POST to ${jobListUrl(request)})`,
        );
      }
      await runner.run(job.jobId);
    } else if (phase === 'ABORT') {
      await runner.abort(job.jobId);
    } else {
      throw new HttpError('UWS_BAD_PHASE', `POST PHASE=RUN or PHASE=ABORT to the phase (got ${phase ?? 'no PHASE'})`);
    }
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get(`${path}/:id/executionduration`, async (request, reply) =>
    reply.type(TEXT).send(String((await jobOr404(request)).executionDuration)),
  );
  app.post(`${path}/:id/executionduration`, async (request, reply) => {
    const job = await jobOr404(request);
    const value = params(request).require('EXECUTIONDURATION');
    const seconds = clampDuration(parseSeconds(value, 'EXECUTIONDURATION'));
    if (job.phase !== 'PENDING' && job.phase !== 'HELD') {
      throw new HttpError(
        'UWS_BAD_PHASE',
        `job ${job.jobId} is ${job.phase}: its execution duration can no longer change`,
      );
    }
    await runner.update(job.jobId, (j) => {
      j.executionDuration = seconds;
    });
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get(`${path}/:id/destruction`, async (request, reply) =>
    reply.type(TEXT).send(isoTime((await jobOr404(request)).destruction)),
  );
  app.post(`${path}/:id/destruction`, async (request, reply) => {
    const job = await jobOr404(request);
    const value = params(request).require('DESTRUCTION');
    const ms = clampDestruction(parseIsoTime(value, 'DESTRUCTION'), job.creationTime);
    await runner.update(job.jobId, (j) => {
      j.destruction = ms;
    });
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get(`${path}/:id/quote`, async (request, reply) => {
    const job = await jobOr404(request);
    return reply.type(TEXT).send(job.quote === null ? '' : isoTime(job.quote));
  });

  app.get(`${path}/:id/owner`, async (request, reply) =>
    reply.type(TEXT).send((await jobOr404(request)).ownerId ?? ''),
  );

  app.get(`${path}/:id/parameters`, async (request, reply) =>
    reply.type(XML).send(standaloneParametersXml(await jobOr404(request))),
  );
  app.post(`${path}/:id/parameters`, async (request, reply) => {
    const job = await jobOr404(request);
    await updateParameters(job, params(request));
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get(`${path}/:id/error`, async (request, reply) => {
    const job = await jobOr404(request);
    if (!job.error) {
      throw new HttpError('UWS_NO_RESULT', `job ${job.jobId} is ${job.phase} and has no error`);
    }
    const doc = options.errorDocument?.(job.error.message) ?? { contentType: TEXT, body: `${job.error.message}\n` };
    return reply.type(doc.contentType).send(doc.body);
  });

  app.get(`${path}/:id/results`, async (request, reply) => {
    const job = await jobOr404(request);
    return reply.type(XML).send(standaloneResultsXml(job, jobUrl(request, job.jobId)));
  });

  app.get(`${path}/:id/results/:result`, async (request, reply) => {
    const job = await jobOr404(request);
    const name = (request.params as { result: string }).result;
    const r = job.results.find((x) => x.id === name);
    if (!r) {
      const ids = job.results.map((x) => `"${x.id}"`).join(', ');
      throw new HttpError(
        'UWS_NO_RESULT',
        job.phase === 'COMPLETED'
          ? `job ${job.jobId} has no result named ${name} (its results: ${ids || 'none'})`
          : `job ${job.jobId} is ${job.phase}: results exist once it is COMPLETED`,
      );
    }
    const file = join(runner.jobDirectory(job.jobId), r.file);
    return reply.type(r.mimeType).header('content-length', r.size).send(createReadStream(file));
  });

  return { store, runner };
}
