// The SODA 1.0 service under /soda (registered with that prefix in app.ts): {sync} (sync.ts), {async} as a UWS 1.1
// job list (async.ts over uws/routes.ts), VOSI capabilities and availability. Errors are text/plain (binary
// endpoints, DESIGN.md "Errors"); {sync} errors start with their SODA 1.0 §5.2 label.
import type { FastifyInstance } from 'fastify';
import { authRealm, bearerChallenge } from '../auth/bearer.ts';
import type { ServerContext } from '../context.ts';
import { labelledErrorHandler } from '../datalink/fault-errors.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { useErrorForm } from '../errors.ts';
import { availabilityXml } from '../scs/vosi.ts';
import { acceptMultipart, tapRequest } from '../tap/multipart.ts';
import { uwsRoutes } from '../uws/routes.ts';
import { SODA_ASYNC_LIMITS, sodaJobWork, sodaTimeoutMessage } from './async.ts';
import { SODA_ASYNC_PATH, SODA_SYNC_PATH } from './descriptor.ts';
import { sodaSync } from './sync.ts';
import { sodaCapabilitiesXml } from './vosi.ts';

const XML = 'text/xml; charset=utf-8';

export interface SodaRoutesOptions {
  /** SODA jobs executing at once (default 2). */
  concurrency?: number;
  /** Destruction sweep interval (default 60 s). */
  sweepIntervalMs?: number;
}

export async function sodaRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: SodaRoutesOptions = {},
): Promise<void> {
  useErrorForm(app, 'text', () => [SODA_SYNC_PATH, SODA_ASYNC_PATH, '/soda/capabilities', '/soda/availability']);
  ctx.available.add('soda');
  // DALI 1.1 §3: parameters may be POSTed as application/x-www-form-urlencoded or multipart/form-data (SODA has no
  // uploads: the parts are parameters, within a small body limit).
  acceptMultipart(app, 1024 * 1024);
  // DALI 1.1 §2: DALI-sync accepts GET and POST. SODA 1.0 §5.2: every error text starts with a label (UsageError for
  // the client's, Error for the server's).
  app.route({
    method: ['GET', 'POST'],
    url: '/sync',
    errorHandler: labelledErrorHandler('text', { client: 'UsageError', server: 'Error' }),
    handler: (request, reply) => sodaSync(ctx, request, reply),
  });

  // SODA 1.0 §2.2: {async} is a UWS job list.
  await uwsRoutes(app, {
    service: 'soda',
    db: ctx.db,
    dataDir: ctx.config.dataDir,
    jobListUrl: (request) => `${publicBaseUrl(ctx.config, request)}${SODA_ASYNC_PATH}`,
    work: sodaJobWork(ctx),
    limits: SODA_ASYNC_LIMITS,
    timeoutMessage: sodaTimeoutMessage,
    authChallenge: bearerChallenge(authRealm(ctx)),
    concurrency: options.concurrency,
    sweepIntervalMs: options.sweepIntervalMs,
    requestParams: (request) => ({ params: tapRequest(request).params, files: new Map() }),
  });

  app.get('/capabilities', async (request, reply) =>
    reply.type(XML).send(sodaCapabilitiesXml(`${publicBaseUrl(ctx.config, request)}/soda`)),
  );
  app.get('/availability', async (_request, reply) => {
    try {
      await ctx.db.all('SELECT 1 AS one');
      return reply.type(XML).send(availabilityXml(true, 'The SODA service is accepting cutout requests'));
    } catch (e) {
      return reply
        .type(XML)
        .send(availabilityXml(false, `The archive database does not answer: ${(e as Error).message}`));
    }
  });
}
