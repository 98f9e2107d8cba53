// `/health`: liveness plus a trivial database query, for load balancers and the CLI. 200 when the database answers,
// 503 otherwise (the message names the failure, never a stack).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  ctx.available.add('health');
  app.get('/health', async (request, reply) => {
    const t0 = process.hrtime.bigint();
    try {
      await ctx.db.all('SELECT 1 AS ok');
    } catch (e) {
      request.log.error({ err: e }, 'health: database check failed');
      return reply.code(503).send({ status: 'error', database: 'unreachable' });
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return reply.send({ status: 'ok', database: ctx.db.dialect.name, databaseMs: Number(ms.toFixed(3)) });
  });
}
