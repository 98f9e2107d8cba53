// buildServer: one fastify instance with a plugin per service (src/routes/*.ts), each with its own error form
// (errors.ts), one log line per request, and DALI form bodies parsed for the services that take POST.
import type { Database } from '@obscura/archive';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { registerAuth } from './auth/bearer.ts';
import { bulkRoutes } from './bulk/routes.ts';
import type { ObscuraConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { datalinkRoutes } from './datalink/routes.ts';
import { clientError, sendError, useErrorForm } from './errors.ts';
import { filesRoutes } from './routes/files.ts';
import { healthRoutes } from './routes/health.ts';
import { hipsRoutes } from './routes/hips.ts';
import { landingRoutes } from './routes/landing.ts';
import { mocRoutes } from './routes/moc.ts';
import { skyRoutes } from './routes/sky.ts';
import { scsRoutes } from './scs/routes.ts';
import { serviceEndpoints } from './services.ts';
import { siaRoutes } from './sia/routes.ts';
import { sodaRoutes } from './soda/routes.ts';
import { createQueryEngine } from './tap/query-engine.ts';
import { type TapRoutesOptions, tapRoutes } from './tap/routes.ts';

/** Fastify's log lines, with the request's two (incoming, completed) folded into one at completion. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const length = reply.getHeader('content-length');
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Number(reply.elapsedTime.toFixed(2)),
      bytes: length === undefined ? undefined : Number(length),
      remote: request.ip,
      ...(error ? { err: error } : {}),
    };
    const msg = `${request.method} ${request.url} ${reply.statusCode}`;
    if (error) request.log.warn(line, msg);
    else request.log.info(line, msg);
  }
}

export interface BuildOptions {
  /** A fastify logger option; default: pino at config.logLevel on stdout. */
  logger?: FastifyServerOptions['logger'];
  /** TAP job runner settings (tests shorten the destruction sweep). */
  tap?: TapRoutesOptions;
}

export function buildServer(config: ObscuraConfig, db: Database, options: BuildOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // One line per request instead of fastify's two.
    logController: new OneLinePerRequest(),
    // Requests arriving on kept-alive connections during shutdown get 503 and `Connection: close`.
    return503OnClosing: true,
    // Idle keep-alive connections are closed at shutdown; in-flight requests finish (serve.ts bounds the wait).
    forceCloseConnections: 'idle',
    // Errors before routing (bad percent-encoding in the URL, bad Content-Type header) in the same clean text form.
    frameworkErrors: (error, request, reply) => {
      const e = clientError(error, request);
      sendError(reply, 'text', e.status, e.code, e.message);
    },
  });
  // One query engine for TAP, SIA and bulk cutouts (tap/query-engine.ts). Its onClose, added before any plugin's,
  // runs after theirs (avvio runs onClose handlers last-registered first): the job runners have stopped their jobs
  // (uws/routes.ts) before the pool's workers are ended.
  const queries = createQueryEngine(db, options.tap?.sqliteWorkers);
  app.addHook('onClose', async () => queries.executor.close());
  const ctx: ServerContext = { config, db, available: new Set(), queries };
  const endpoints = () =>
    serviceEndpoints(ctx.available)
      .filter((s) => s.status === 'available')
      .map((s) => s.path);

  // DALI 1.1 §3: POST parameters come as application/x-www-form-urlencoded; multipart (TAP uploads) comes later.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  useErrorForm(app, 'text', endpoints);
  registerAuth(app, ctx); // bearer tokens → requestUser(request), for every route (auth/bearer.ts)
  app.register(async (i) => landingRoutes(i, ctx));
  app.register(async (i) => healthRoutes(i, ctx));
  app.register(async (i) => filesRoutes(i, ctx), { prefix: '/files' });
  ctx.available.add('tap');
  app.register(async (i) => tapRoutes(i, ctx, options.tap), { prefix: '/tap' });
  app.register(async (i) => hipsRoutes(i, ctx), { prefix: '/hips' });
  app.register(async (i) => mocRoutes(i, ctx), { prefix: '/moc' });
  app.register(async (i) => skyRoutes(i, ctx));
  app.register(async (i) => scsRoutes(i, ctx), { prefix: '/scs' });
  app.register(async (i) => siaRoutes(i, ctx), { prefix: '/sia' });
  app.register(async (i) => datalinkRoutes(i, ctx), { prefix: '/datalink' });
  app.register(async (i) => sodaRoutes(i, ctx), { prefix: '/soda' });
  app.register(async (i) => bulkRoutes(i, ctx), { prefix: '/soda' });
  return app;
}
