// `/`: the landing page, server-rendered HTML listing collections, catalogues and service endpoints; the same as JSON
// for `Accept: application/json` (or `?format=json`). Counts are cached for config.landingCacheSeconds.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { type LandingInfo, readCatalogues, readCollections } from '../landing-data.ts';
import { landingHtml } from '../landing-html.ts';
import { serviceEndpoints } from '../services.ts';

/** The q-value a media range in an Accept header gives `type` (RFC 9110 §12.5.1), most specific match wins. */
export function acceptQuality(accept: string | undefined, type: string): number {
  if (!accept) return type === 'text/html' ? 1 : 0;
  const [main] = type.split('/');
  let best = -1;
  let q = 0;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const r = range.trim();
    const specificity = r === type ? 3 : r === `${main}/*` ? 2 : r === '*/*' ? 1 : 0;
    if (specificity === 0) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const parsed = qp ? Number(qp.slice(2)) : 1;
    const value = Number.isFinite(parsed) ? parsed : 0;
    if (specificity > best) {
      best = specificity;
      q = value;
    } else if (specificity === best) q = Math.max(q, value);
  }
  return q;
}

/** Whether the client asked for JSON rather than HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  const format = new URLSearchParams(request.url.split('?')[1] ?? '').get('format');
  if (format) return format.toLowerCase() === 'json';
  const accept = request.headers.accept;
  return acceptQuality(accept, 'application/json') > acceptQuality(accept, 'text/html');
}

export async function landingRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  ctx.available.add('landing');
  let cached: { at: number; value: Omit<LandingInfo, 'services'> } | null = null;

  async function landingInfo(): Promise<LandingInfo> {
    const ttl = ctx.config.landingCacheSeconds * 1000;
    if (!cached || Date.now() - cached.at >= ttl) {
      const [collections, catalogues] = await Promise.all([readCollections(ctx.db), readCatalogues(ctx.db)]);
      const { archiveName, authority, baseUrl } = ctx.config;
      cached = {
        at: Date.now(),
        value: { archive: { name: archiveName, authority, baseUrl }, collections, catalogues },
      };
    }
    return { ...cached.value, services: serviceEndpoints(ctx.available) };
  }

  app.get('/', async (request, reply) => {
    const info = await landingInfo();
    reply.header('vary', 'Accept');
    if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send(info);
    return reply.type('text/html; charset=utf-8').send(landingHtml(info));
  });
}
