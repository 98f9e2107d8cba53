// HiPS node (HiPS 1.0 §5.1): `/hips/<id>/…` serves the HiPS built under `<dataDir>/hips/<id>` (obscura hips build),
// and `/hips/list` is the node's HiPS list (§5.2: the properties records, each with hips_service_url, separated by
// blank lines). Only the HiPS layout's own names are served (parseHipsPath: properties, Moc.fits, NorderK/Allsky.ext,
// NorderK/DirD/NpixN.ext), so no other file under the data dir — and no `..` — can be reached. Tiles carry strong
// validators (ETag from size and mtime, Last-Modified), answer conditional requests with 304, and may be cached.
// Errors are text/plain (DESIGN.md "Errors": binary endpoints).
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHipsList, parseHipsPath, parseProperties, setProperty } from '@obscura/hips';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { fileValidators, notModified } from '../http-range.ts';

/** A HiPS id is one directory name under <dataDir>/hips: letters, digits, '.', '_', '-' and not dot-only. */
const HIPS_ID = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

const CONTENT_TYPES = { fits: 'application/fits', png: 'image/png' } as const;

export function hipsRoot(dataDir: string): string {
  return join(dataDir, 'hips');
}

function baseUrl(ctx: ServerContext, request: FastifyRequest): string {
  if (ctx.config.baseUrl) return ctx.config.baseUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.headers.host ?? `${ctx.config.host}:${ctx.config.port}`}`;
}

/** The ids of the HiPS present under the data dir (directories with a properties file), sorted. */
export async function listHips(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(hipsRoot(dataDir));
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const n of names.sort()) {
    if (!HIPS_ID.test(n)) continue;
    const s = await stat(join(hipsRoot(dataDir), n, 'properties')).catch(() => null);
    if (s?.isFile()) ids.push(n);
  }
  return ids;
}

async function hipsList(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply) {
  const base = baseUrl(ctx, request);
  const records = [];
  for (const id of await listHips(ctx.config.dataDir)) {
    const props = parseProperties(await readFile(join(hipsRoot(ctx.config.dataDir), id, 'properties'), 'utf8'));
    // §5.2: every record names where the HiPS is served.
    records.push(setProperty(props, 'hips_service_url', `${base}/hips/${id}`));
  }
  reply
    .type('text/plain; charset=utf-8')
    .header('cache-control', 'public, max-age=60')
    .send(formatHipsList(records, `HiPS list of ${base}/hips`));
}

async function hipsFile(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply) {
  const { id, '*': rest } = request.params as { id: string; '*': string };
  const notFound = () =>
    new HttpError(
      'NOT_FOUND',
      `No HiPS file ${request.url.split('?')[0]}. HiPS files are /hips/<id>/properties, /hips/<id>/Moc.fits, ` +
        '/hips/<id>/NorderK/Allsky.{fits,png} and /hips/<id>/NorderK/DirD/NpixN.{fits,png}; see /hips/list.',
    );
  const parsed = HIPS_ID.test(id) ? parseHipsPath(rest) : null;
  if (!parsed) throw notFound();
  const path = join(hipsRoot(ctx.config.dataDir), id, rest);
  const s = await stat(path).catch(() => null);
  if (!s?.isFile()) throw notFound();
  const type =
    parsed.kind === 'properties'
      ? 'text/plain; charset=utf-8'
      : parsed.kind === 'moc'
        ? 'application/fits'
        : CONTENT_TYPES[parsed.format];
  const v = fileValidators(s.size, s.mtimeMs);
  reply.header('etag', v.etag);
  reply.header('last-modified', v.lastModified.toUTCString());
  // Tiles change only when the HiPS is rebuilt; properties and the MOC are rewritten by every build.
  reply.header(
    'cache-control',
    parsed.kind === 'tile' || parsed.kind === 'allsky' ? 'public, max-age=86400' : 'public, max-age=300',
  );
  reply.header('access-control-allow-origin', '*'); // Aladin Lite loads tiles from other origins
  if (notModified(request.headers, v)) return reply.code(304).send();
  reply.code(200).type(type).header('content-length', String(s.size));
  return request.method === 'HEAD' ? reply.send() : reply.send(createReadStream(path));
}

export async function hipsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  useErrorForm(app, 'text', () => ['/hips/list', '/hips/<id>/properties', '/hips/<id>/NorderK/DirD/NpixN.fits']);
  ctx.available.add('hips');
  app.route({ method: ['GET', 'HEAD'], url: '/list', exposeHeadRoute: false, handler: (q, r) => hipsList(ctx, q, r) });
  app.route({ method: ['GET', 'HEAD'], url: '/:id/*', exposeHeadRoute: false, handler: (q, r) => hipsFile(ctx, q, r) });
}
