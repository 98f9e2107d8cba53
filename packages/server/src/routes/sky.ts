// The sky page (`/sky`, packages/web): Aladin Lite over the server's own HiPS, catalogues and footprints. Static
// files from a fixed table (`SKY_ASSETS`, never a client-given path): `/sky` is the page, `/sky/<name>` its script
// and styles, and `/vendor/aladin-lite/aladin.js` the npm aladin-lite bundle, so the page needs no network but this
// server. Validators (ETag, Last-Modified) and 304 as for the other static files; errors are text/plain.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { aladinLiteAsset, SKY_ASSETS, type WebAsset } from '@obscura/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { fileValidators, notModified } from '../http-range.ts';

async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: WebAsset, maxAge: number) {
  const s = await stat(asset.path).catch(() => null);
  if (!s?.isFile()) throw new HttpError('NOT_FOUND', `${request.url.split('?')[0]} is missing from this installation`);
  const v = fileValidators(s.size, s.mtimeMs);
  reply.header('etag', v.etag);
  reply.header('last-modified', v.lastModified.toUTCString());
  reply.header('cache-control', `public, max-age=${maxAge}`);
  if (notModified(request.headers, v)) return reply.code(304).send();
  reply.code(200).type(asset.contentType).header('content-length', String(s.size));
  return request.method === 'HEAD' ? reply.send() : reply.send(createReadStream(asset.path));
}

export async function skyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Registered without a prefix: the server's root text error form and 404 handler apply (errors.ts).
  ctx.available.add('sky');
  const page = SKY_ASSETS['index.html'];
  const aladin = aladinLiteAsset();
  const get = ['GET', 'HEAD'] as Array<'GET' | 'HEAD'>;
  app.route({ method: get, url: '/sky', exposeHeadRoute: false, handler: (q, r) => sendAsset(q, r, page, 0) });
  app.route({
    method: get,
    url: '/sky/:name',
    exposeHeadRoute: false,
    handler: (q, r) => {
      const { name } = q.params as { name: string };
      const asset = Object.hasOwn(SKY_ASSETS, name) ? SKY_ASSETS[name] : undefined;
      if (!asset) {
        throw new HttpError('NOT_FOUND', `No file ${q.url.split('?')[0]}: the sky page is /sky (e.g. /sky?target=M82)`);
      }
      return sendAsset(q, r, asset, 0);
    },
  });
  // The bundle changes only with the aladin-lite version: cacheable for a day.
  app.route({
    method: get,
    url: '/vendor/aladin-lite/aladin.js',
    exposeHeadRoute: false,
    handler: (q, r) => sendAsset(q, r, aladin, 86400),
  });
}
