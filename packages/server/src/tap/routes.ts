// The TAP 1.1 service under /tap (DESIGN.md "HTTP layout"): sync, async (UWS 1.1), capabilities, availability,
// tables, examples. One fastify plugin; its errors are VOTable error documents (errors.ts, DALI 1.1 §4.4).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authRealm, bearerChallenge } from '../auth/bearer.ts';
import type { ServerContext } from '../context.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { uwsRoutes } from '../uws/routes.ts';
import { errorDocument14 } from '../votable-version.ts';
import { readyDatabaseForAdql, UDFS } from './adql-query.ts';
import { examplesXhtml } from './examples.ts';
import { acceptMultipart, tapRequest } from './multipart.ts';
import { SqliteWorkerPool } from './sqlite-worker-pool.ts';
import { handleSync, type SyncContext } from './sync.ts';
import { tapJobWork, uploadPartFile } from './tap-job.ts';
import { sweepUploadTables } from './upload.ts';
import { availabilityXml, capabilitiesXml, singleTableXml, tablesetXml, type UdfDeclarationLike } from './vosi.ts';

const XML = 'text/xml; charset=utf-8';

export interface TapRoutesOptions {
  /** Jobs executing at once (default 2). */
  concurrency?: number;
  /** Destruction sweep interval (default 60 s). */
  sweepIntervalMs?: number;
  /** Longest UWS WAIT (default 120 s). */
  maxWaitSeconds?: number;
  /**
   * SQLite query worker threads of the server's one query engine, shared with SIA and bulk cutouts (app.ts; default:
   * the CPUs available, at least 2; 0 runs queries in this thread).
   */
  sqliteWorkers?: number;
}

/** The TAP base URL of a request (config.baseUrl when set, else from the Host header). */
export function tapBaseUrl(ctx: ServerContext, request: FastifyRequest): string {
  const root =
    ctx.config.baseUrl ?? `${request.protocol}://${request.headers.host ?? `${ctx.config.host}:${ctx.config.port}`}`;
  return `${root}/tap`;
}

export async function tapRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: TapRoutesOptions = {},
): Promise<void> {
  const { config, db } = ctx;
  useErrorForm(app, 'votable', () => [
    '/tap/sync',
    '/tap/async',
    '/tap/capabilities',
    '/tap/availability',
    '/tap/tables',
    '/tap/examples',
  ]);
  await readyDatabaseForAdql(db);
  // Upload tables a crashed process left behind (upload.ts).
  const swept = await sweepUploadTables(db, config.tapExecutionDurationHard);
  if (swept.length > 0) app.log.info(`dropped ${swept.length} upload table(s) left by an earlier process`);
  // RFC 9110 §10.2.4 Server: product/version (taplint W-CAP-SVR0 looks for it).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('server', 'Obscura/0.1 (TAP 1.1)');
  });

  // TAP 1.1 §2.5.2 / DALI 1.1 §3.4.5: inline uploads arrive as multipart/form-data, bounded by the upload limit.
  acceptMultipart(app, config.tapUploadMaxBytes + 1024 * 1024);

  // The server's one query engine (tap/query-engine.ts; closed with the server, app.ts): SQLite queries run in its
  // worker threads (DESIGN.md "Streaming"), big splittable results read by two of them; PostgreSQL does the work in
  // its own processes. One worker starts now.
  const { executor, metadata } = ctx.queries;
  if (executor instanceof SqliteWorkerPool) executor.warm();
  const limits = { maxrecDefault: config.tapMaxrec, maxrecHard: config.tapMaxrecHard };
  const uploadLimits = {
    maxBytes: config.tapUploadMaxBytes,
    maxRows: config.tapUploadMaxRows,
    allowPrivateUrls: config.tapUploadAllowPrivateUrls,
  };
  const sync: SyncContext = {
    db,
    executor,
    metadata,
    uploadLimits,
    limits,
    executionDuration: config.tapExecutionDuration,
    config,
  };

  app.get('/sync', (request, reply) => handleSync(sync, request, reply));
  app.post('/sync', (request, reply) => handleSync(sync, request, reply));

  // /tap/async: the generic UWS job list (uws/routes.ts) with TAP's work, multipart uploads saved with the job and
  // VOTable error documents (TAP 1.1 §2.2.2, DALI 1.1 §4.4).
  await uwsRoutes(app, {
    service: 'tap',
    db,
    dataDir: config.dataDir,
    jobListUrl: (request) => `${tapBaseUrl(ctx, request)}/async`,
    publicBase: (request) => publicBaseUrl(config, request),
    work: tapJobWork({ db, executor, metadata, uploadLimits, limits }),
    limits: {
      executionDuration: { default: config.tapExecutionDuration, hard: config.tapExecutionDurationHard },
      retention: { default: config.tapRetentionSeconds, hard: config.tapRetentionHardSeconds },
    },
    maxWaitSeconds: options.maxWaitSeconds ?? 120,
    concurrency: options.concurrency,
    sweepIntervalMs: options.sweepIntervalMs,
    timeoutMessage: (job) =>
      `the query ran longer than its execution duration of ${job.executionDuration} s and was cancelled; ` +
      'make it more selective (a smaller region, TOP n) or ask for a longer EXECUTIONDURATION',
    authChallenge: bearerChallenge(authRealm(ctx)),
    requestParams: tapRequest,
    onCreate: async (_job, { files, directory }) => {
      if (files.size === 0) return;
      await mkdir(directory, { recursive: true });
      for (const f of files.values()) await writeFile(join(directory, uploadPartFile(f.name)), f.data);
    },
    errorDocument: (message) => ({
      contentType: 'application/x-votable+xml; charset=utf-8',
      body: errorDocument14(message),
    }),
  });

  const udfs: readonly UdfDeclarationLike[] = UDFS;
  app.get('/capabilities', async (request, reply) =>
    reply.type(XML).send(
      capabilitiesXml(
        tapBaseUrl(ctx, request),
        {
          maxrecDefault: Math.min(config.tapMaxrec, config.tapMaxrecHard),
          maxrecHard: config.tapMaxrecHard,
          executionDuration: { default: config.tapExecutionDuration, hard: config.tapExecutionDurationHard },
          retention: { default: config.tapRetentionSeconds, hard: config.tapRetentionHardSeconds },
          uploadMaxBytes: config.tapUploadMaxBytes,
        },
        udfs,
      ),
    ),
  );

  app.get('/availability', async (_request, reply) => {
    let ok = true;
    let note = 'The TAP service is accepting queries';
    try {
      await db.all('SELECT 1 AS one');
    } catch (e) {
      ok = false;
      note = `The archive database does not answer: ${(e as Error).message}`;
    }
    return reply.type(XML).send(availabilityXml(ok, note));
  });

  app.get('/tables', async (request, reply) => {
    const detail = (request.query as Record<string, string | undefined>).detail;
    return reply.type(XML).send(tablesetXml(await metadata.get(), detail?.toLowerCase() !== 'min'));
  });
  app.get('/tables/:name', async (request, reply) => {
    const name = (request.params as { name: string }).name;
    const t = (await metadata.get()).tables.get(name.toLowerCase());
    if (!t) throw new HttpError('NOT_FOUND', `no table ${name}; /tap/tables lists the tables of this service`);
    return reply.type(XML).send(singleTableXml(t));
  });

  app.get('/examples', async (_request, reply) =>
    reply.type('application/xhtml+xml; charset=utf-8').send(examplesXhtml()),
  );
}
