// /tap/async: the UWS 1.1 job list and job resources (UWS 1.1 §2.2; TAP 1.1 §2.2.2). Every state-changing request
// answers 303 See Other with the job (or, after a deletion, the job list) as Location (UWS 1.1 §2.2.3); the
// single-value sub-resources are text/plain (UWS 1.1 §2.2.2), the job's error is a VOTable error document
// (TAP 1.1 §2.2.2, DALI 1.1 §4.4), its result is at results/result.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { errorDocument14 } from '../votable-version.ts';
import { tapRequest } from './multipart.ts';
import { uploadPartFile } from './tap-job.ts';
import type { JobRunner } from './uws/job-runner.ts';
import { isPhase, type Job, type JobStore, type Phase } from './uws/job-store.ts';
import { isoTime, jobListXml, jobXml, standaloneParametersXml, standaloneResultsXml } from './uws/job-xml.ts';

export interface AsyncContext {
  store: JobStore;
  runner: JobRunner;
  /** Absolute URL of the job list for this request (e.g. http://host/tap/async). */
  jobListUrl(request: FastifyRequest): string;
  executionDuration: { default: number; hard: number };
  retention: { default: number; hard: number };
  /** Longest WAIT honoured (seconds; WAIT=-1 means this). */
  maxWaitSeconds: number;
}

/** Names the UWS itself interprets at job creation (UWS 1.1 §2.2.3.1); the rest are the job's parameters. */
const CONTROL = new Set(['PHASE', 'RUNID', 'EXECUTIONDURATION', 'DESTRUCTION', 'ACTION']);

const XML = 'text/xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).type(TEXT).send(`See ${location}\n`);
}

/** ISO 8601 (UWS 1.1 §2.1.7: DESTRUCTION in ISO 8601) to epoch ms. */
function parseIsoTime(value: string, name: string): number {
  const v = value.trim();
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || v.length <= 10 ? v : `${v}Z`);
  if (!/^\d{4}-\d\d-\d\d/.test(v) || Number.isNaN(ms)) {
    throw new HttpError(
      'TAP_BAD_PARAMETER',
      `${name} must be an ISO 8601 time like 2030-01-01T00:00:00Z, got "${value}"`,
    );
  }
  return ms;
}

function parseSeconds(value: string, name: string): number {
  if (!/^\s*\d+\s*$/.test(value)) {
    throw new HttpError(
      'TAP_BAD_PARAMETER',
      `${name} must be a whole number of seconds (0: unlimited), got "${value}"`,
    );
  }
  return Number(value);
}

export function asyncRoutes(app: FastifyInstance, ctx: AsyncContext): void {
  const { store, runner } = ctx;
  const jobUrl = (request: FastifyRequest, id: string) => `${ctx.jobListUrl(request)}/${encodeURIComponent(id)}`;

  /** Executions may not be longer than the hard limit; 0 (unlimited) becomes the hard limit. */
  const clampDuration = (s: number) => (s === 0 ? ctx.executionDuration.hard : Math.min(s, ctx.executionDuration.hard));
  const clampDestruction = (ms: number, creation: number) => Math.min(ms, creation + ctx.retention.hard * 1000);

  async function jobOr404(request: FastifyRequest): Promise<Job> {
    const id = (request.params as { id: string }).id;
    const job = await store.get(id);
    if (!job) {
      throw new HttpError(
        'UWS_NO_SUCH_JOB',
        `no job ${id} in ${ctx.jobListUrl(request)} (it may have reached its destruction time or been deleted)`,
      );
    }
    return job;
  }

  // ---- the job list (UWS 1.1 §2.2.1.1 filters) -----------------------------------------------------------------
  app.get('/async', async (request, reply) => {
    const { params } = tapRequest(request);
    const phases: Phase[] = [];
    for (const ph of params.getAll('PHASE')) {
      const up = ph.trim().toUpperCase();
      if (!isPhase(up)) throw new HttpError('UWS_BAD_PHASE', `PHASE=${ph} is not a UWS phase`);
      phases.push(up);
    }
    const after = params.get('AFTER');
    const last = params.get('LAST');
    if (last !== undefined && !/^\s*\d+\s*$/.test(last)) {
      throw new HttpError('TAP_BAD_PARAMETER', `LAST must be a non-negative integer, got "${last}"`);
    }
    const jobs = await store.list({
      phases,
      after: after === undefined ? undefined : parseIsoTime(after, 'AFTER'),
      last: last === undefined ? undefined : Number(last),
    });
    return reply.type(XML).send(jobListXml(jobs, (id) => jobUrl(request, id)));
  });

  // ---- job creation (UWS 1.1 §2.2.3.1; TAP 1.1 §2.2.2) ---------------------------------------------------------
  app.post('/async', async (request, reply) => {
    const { params, files } = tapRequest(request);
    const now = Date.now();
    const jobId = `${now.toString(36)}${randomBytes(6).toString('hex')}`;
    const parameters: [string, string][] = [];
    for (const name of params.names()) {
      if (CONTROL.has(name)) continue;
      for (const v of params.getAll(name)) parameters.push([name, v]);
    }
    const ed = params.get('EXECUTIONDURATION');
    const destruction = params.get('DESTRUCTION');
    const job: Job = {
      jobId,
      service: store.service,
      runId: params.get('RUNID') ?? null,
      ownerId: null,
      phase: 'PENDING',
      creationTime: now,
      startTime: null,
      endTime: null,
      executionDuration: clampDuration(
        ed === undefined ? ctx.executionDuration.default : parseSeconds(ed, 'EXECUTIONDURATION'),
      ),
      destruction:
        destruction === undefined
          ? now + ctx.retention.default * 1000
          : clampDestruction(parseIsoTime(destruction, 'DESTRUCTION'), now),
      quote: null,
      parameters,
      results: [],
      error: null,
    };
    const phase = params.get('PHASE')?.trim().toUpperCase();
    if (phase !== undefined && phase !== 'RUN') {
      throw new HttpError('UWS_BAD_PHASE', `PHASE=${phase} at job creation: only PHASE=RUN is allowed`);
    }
    if (files.size > 0) {
      const dir = runner.jobDirectory(jobId);
      await mkdir(dir, { recursive: true });
      for (const f of files.values()) await writeFile(join(dir, uploadPartFile(f.name)), f.data);
    }
    await store.save(job);
    if (phase === 'RUN') await runner.run(jobId);
    return seeOther(reply, jobUrl(request, jobId));
  });

  // ---- one job --------------------------------------------------------------------------------------------------
  app.get('/async/:id', async (request, reply) => {
    const job = await jobOr404(request);
    const { params } = tapRequest(request);
    const wait = params.get('WAIT');
    let shown = job;
    if (wait !== undefined) {
      // UWS 1.1 §2.2.1.1: WAIT=n seconds (-1: the server's longest), optionally only while in PHASE.
      if (!/^\s*-?\d+\s*$/.test(wait))
        throw new HttpError('TAP_BAD_PARAMETER', `WAIT must be an integer, got "${wait}"`);
      const n = Number(wait);
      const seconds = n < 0 ? ctx.maxWaitSeconds : Math.min(n, ctx.maxWaitSeconds);
      const ph = params.get('PHASE')?.trim().toUpperCase();
      if (ph !== undefined && !isPhase(ph)) throw new HttpError('UWS_BAD_PHASE', `PHASE=${ph} is not a UWS phase`);
      shown = (await runner.wait(job.jobId, seconds, ph as Phase | undefined)) ?? job;
    }
    return reply.type(XML).send(jobXml(shown, { job: jobUrl(request, job.jobId) }));
  });

  const deleteJob = async (request: FastifyRequest, reply: FastifyReply) => {
    const job = await jobOr404(request);
    await runner.destroy(job.jobId);
    return seeOther(reply, ctx.jobListUrl(request));
  };
  app.delete('/async/:id', deleteJob);

  app.post('/async/:id', async (request, reply) => {
    const { params } = tapRequest(request);
    const action = params.get('ACTION');
    if (action !== undefined) {
      if (action.trim().toUpperCase() !== 'DELETE') {
        throw new HttpError('TAP_BAD_PARAMETER', `ACTION=${action} is not supported (ACTION=DELETE is)`);
      }
      return deleteJob(request, reply);
    }
    const job = await jobOr404(request);
    await updateParameters(job, params);
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  /** UWS 1.1 §2.2.3: parameters may be changed while the job is PENDING. */
  async function updateParameters(job: Job, params: DaliParams): Promise<void> {
    const names = params.names().filter((n) => !CONTROL.has(n));
    if (names.length === 0) return;
    if (job.phase !== 'PENDING') {
      throw new HttpError(
        'UWS_BAD_PHASE',
        `job ${job.jobId} is ${job.phase}: parameters can only change while PENDING`,
      );
    }
    await runner.update(job.jobId, (j) => {
      const kept = j.parameters.filter(([n]) => !names.includes(n));
      for (const n of names) for (const v of params.getAll(n)) kept.push([n, v]);
      j.parameters = kept;
    });
  }

  // ---- sub-resources (UWS 1.1 §2.2.2) ---------------------------------------------------------------------------
  app.get('/async/:id/phase', async (request, reply) => reply.type(TEXT).send((await jobOr404(request)).phase));

  app.post('/async/:id/phase', async (request, reply) => {
    const job = await jobOr404(request);
    const { params } = tapRequest(request);
    const phase = params.get('PHASE')?.trim().toUpperCase();
    if (phase === 'RUN') {
      if (job.phase !== 'PENDING' && job.phase !== 'HELD' && job.phase !== 'QUEUED' && job.phase !== 'EXECUTING') {
        throw new HttpError(
          'UWS_BAD_PHASE',
          `job ${job.jobId} is ${job.phase} and cannot run again; create a new job (POST to ${ctx.jobListUrl(request)})`,
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

  app.get('/async/:id/executionduration', async (request, reply) =>
    reply.type(TEXT).send(String((await jobOr404(request)).executionDuration)),
  );
  app.post('/async/:id/executionduration', async (request, reply) => {
    const job = await jobOr404(request);
    const value = tapRequest(request).params.require('EXECUTIONDURATION');
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

  app.get('/async/:id/destruction', async (request, reply) =>
    reply.type(TEXT).send(isoTime((await jobOr404(request)).destruction)),
  );
  app.post('/async/:id/destruction', async (request, reply) => {
    const job = await jobOr404(request);
    const value = tapRequest(request).params.require('DESTRUCTION');
    const ms = clampDestruction(parseIsoTime(value, 'DESTRUCTION'), job.creationTime);
    await runner.update(job.jobId, (j) => {
      j.destruction = ms;
    });
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get('/async/:id/quote', async (request, reply) => {
    const job = await jobOr404(request);
    return reply.type(TEXT).send(job.quote === null ? '' : isoTime(job.quote));
  });

  app.get('/async/:id/owner', async (request, reply) => reply.type(TEXT).send((await jobOr404(request)).ownerId ?? ''));

  app.get('/async/:id/parameters', async (request, reply) =>
    reply.type(XML).send(standaloneParametersXml(await jobOr404(request))),
  );
  app.post('/async/:id/parameters', async (request, reply) => {
    const job = await jobOr404(request);
    await updateParameters(job, tapRequest(request).params);
    return seeOther(reply, jobUrl(request, job.jobId));
  });

  app.get('/async/:id/error', async (request, reply) => {
    const job = await jobOr404(request);
    if (!job.error) {
      throw new HttpError('UWS_NO_RESULT', `job ${job.jobId} is ${job.phase} and has no error`);
    }
    return reply.type('application/x-votable+xml; charset=utf-8').send(errorDocument14(job.error.message));
  });

  app.get('/async/:id/results', async (request, reply) => {
    const job = await jobOr404(request);
    return reply.type(XML).send(standaloneResultsXml(job, jobUrl(request, job.jobId)));
  });

  app.get('/async/:id/results/:result', async (request, reply) => {
    const job = await jobOr404(request);
    const name = (request.params as { result: string }).result;
    const r = job.results.find((x) => x.id === name);
    if (!r) {
      throw new HttpError(
        'UWS_NO_RESULT',
        job.phase === 'COMPLETED'
          ? `job ${job.jobId} has no result named ${name} (its result is "result")`
          : `job ${job.jobId} is ${job.phase}: results exist once it is COMPLETED`,
      );
    }
    const path = join(runner.jobDirectory(job.jobId), r.file);
    return reply.type(r.mimeType).header('content-length', r.size).send(createReadStream(path));
  });
}
