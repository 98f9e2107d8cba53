// /datalink: the DataLink 1.1 {links} endpoint (§2, GET and POST, many IDs per request, answered in one document — pyvo
// batches IDs in one POST) and the binary endpoints its rows point at: /datalink/preview and /datalink/thumbnail
// (PNG quick looks, rendered once and cached) and /datalink/package (a tar of the observation's files, streamed).
// {links} errors are VOTable documents (§3.4, DALI 1.1 §4.4) starting with a DataLink fault name; the binary
// endpoints answer errors in text/plain (DESIGN.md "Errors").
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAccess } from '../access.ts';
import { locateOnDisk } from '../archive-files.ts';
import { requireAccess } from '../auth/enforce.ts';
import type { ServerContext } from '../context.ts';
import { daliParams } from '../dali-params.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { labelledErrorHandler } from './fault-errors.ts';
import { buildLinks, packageEntries } from './links.ts';
import { DATALINK_CONTENT_TYPE, linksDocument } from './links-votable.ts';
import { findProductFiles, findProducts, mainFile, type Product, requestUser } from './products.ts';
import { publicBaseUrl } from './public-url.ts';
import { type QuicklookKind, quicklook } from './quicklook.ts';
import { tarChunks, tarLength } from './tar.ts';

/** DataLink 1.1 §2.1.2: RESPONSEFORMAT values that mean the standard VOTable output (MIME parameters stripped). */
function votableFormat(format: string | undefined): boolean {
  if (format === undefined || format.trim() === '') return true;
  const base = format.split(';')[0].trim().toLowerCase();
  return base === 'votable' || base === 'application/x-votable+xml' || base === 'text/xml';
}

async function links(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const params = daliParams(request);
  const formats = params.getAll('RESPONSEFORMAT');
  if (formats.length > 1) throw new HttpError('DATALINK_USAGE', 'UsageFault: RESPONSEFORMAT given more than once');
  if (!votableFormat(formats[0])) {
    throw new HttpError(
      'DATALINK_USAGE',
      `UsageFault: RESPONSEFORMAT=${formats[0]} is not offered; use votable (application/x-votable+xml)`,
    );
  }
  const ids = params.getAll('ID').filter((id) => id !== '');
  const result = await buildLinks(ctx, publicBaseUrl(ctx.config, request), requestUser(request), ids);
  return reply
    .code(200)
    .type(DATALINK_CONTENT_TYPE)
    .send(linksDocument(result.rows, result.descriptors, result.overflow));
}

const DENIAL = { unauthenticated: 'DATALINK_NOT_AUTHENTICATED', forbidden: 'DATALINK_NOT_AUTHORIZED' } as const;

/** The one product named by the ID parameter of a binary endpoint, after the access check. */
async function productOf(ctx: ServerContext, request: FastifyRequest): Promise<Product> {
  const ids = daliParams(request).getAll('ID');
  if (ids.length !== 1 || ids[0] === '') {
    throw new HttpError(
      'DATALINK_USAGE',
      'UsageFault: give exactly one ID (an obs_publisher_did, as in /datalink/links)',
    );
  }
  const product = (await findProducts(ctx.db, ids)).get(ids[0]);
  if (!product) throw new HttpError('DATALINK_NOT_FOUND', `NotFoundFault: ${ids[0]} is not a product of this archive`);
  // Proprietary data: 401 + Bearer challenge for anonymous requests, 403 for a user not entitled (auth/enforce.ts).
  requireAccess(ctx, request, product, DENIAL);
  return product;
}

async function quicklookRoute(
  ctx: ServerContext,
  kind: QuicklookKind,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const product = await productOf(ctx, request);
  const main = mainFile((await findProductFiles(ctx.db, [product])).get(product.obs_publisher_did));
  if (!main) {
    throw new HttpError(
      'DATALINK_NO_DATA',
      `FatalFault: ${product.obs_publisher_did} has no file to make a ${kind} from`,
    );
  }
  const file = await locateOnDisk(ctx.config.dataDir, main);
  let path: string;
  try {
    path = await quicklook(ctx.config.dataDir, file, kind);
  } catch (e) {
    request.log.warn({ err: e }, 'quick look failed');
    throw new HttpError('DATALINK_NO_DATA', `FatalFault: no ${kind} can be made of ${product.obs_publisher_did}`);
  }
  const size = (await stat(path)).size;
  const open = canAccess(undefined, product).allowed;
  return reply
    .code(200)
    .type('image/png')
    .header('content-length', String(size))
    .header('cache-control', `${open ? 'public' : 'private'}, max-age=86400`)
    .send(createReadStream(path));
}

async function packageRoute(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const product = await productOf(ctx, request);
  const user = requestUser(request);
  const entries = (await packageEntries(ctx, product)).filter((e) => canAccess(user, e.product).allowed);
  if (entries.length === 0) {
    throw new HttpError('DATALINK_NO_DATA', `FatalFault: ${product.obs_publisher_did} has no files to package`);
  }
  const tar = entries.map((e) => ({
    name: e.name,
    path: e.file.absolutePath,
    size: e.file.size,
    mtimeMs: e.file.mtimeMs,
  }));
  const name = `${product.obsId}.tar`.replace(/[^\x20-\x7e]|["\\/]/g, '_');
  return reply
    .code(200)
    .type('application/x-tar')
    .header('content-length', String(tarLength(tar)))
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(Readable.from(tarChunks(tar), { objectMode: false }));
}

export async function datalinkRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  useErrorForm(app, 'votable', () => ['/datalink/links']);
  ctx.available.add('datalink');
  // Registered with prefix /datalink (app.ts).
  // DataLink 1.1 §3.4: every error message starts with a fault name.
  const faults = { client: 'UsageFault', server: 'DefaultFault' };
  app.route({
    method: ['GET', 'POST'],
    url: '/links',
    errorHandler: labelledErrorHandler('votable', faults),
    handler: (request, reply) => links(ctx, request, reply),
  });
  const text = labelledErrorHandler('text', faults);
  for (const kind of ['preview', 'thumbnail'] as const) {
    app.route({
      method: 'GET',
      url: `/${kind}`,
      errorHandler: text,
      handler: (request, reply) => quicklookRoute(ctx, kind, request, reply),
    });
  }
  app.route({ method: 'GET', url: '/package', errorHandler: text, handler: (r, reply) => packageRoute(ctx, r, reply) });
}
