// `/files/<collection>/<path>`: downloads of files the archive knows about (obscura.files), streamed from disk with
// HTTP Range (RFC 9110 §14), conditional requests (§13), HEAD, and the proprietary-data check (canAccess).
// Several ranges in one request are answered 206 multipart/byteranges (§14.6), up to MAX_RANGES; more are ignored
// (200, the whole file) as §14.2 allows.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAccess } from '../access.ts';
import { findArchiveFile, locateOnDisk, splitFileUrlPath } from '../archive-files.ts';
import { requireAccess } from '../auth/enforce.ts';
import { contentTypeFor } from '../content-type.ts';
import type { ServerContext } from '../context.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { fileValidators, notModified, parseRange, rangeApplies } from '../http-range.ts';
import { multipartByteranges } from '../multipart-byteranges.ts';

export const FILES_PREFIX = '/files/';

/** The decoded part of the URL after /files/, or null when it is not valid percent-encoding. */
function urlFilePath(rawUrl: string): string | null {
  const q = rawUrl.indexOf('?');
  const raw = (q >= 0 ? rawUrl.slice(0, q) : rawUrl).slice(FILES_PREFIX.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** RFC 6266 §4.3: a plain filename for old clients plus filename* (RFC 8187) for the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function serveFile(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const decoded = urlFilePath(request.url);
  const key = decoded === null ? null : splitFileUrlPath(decoded);
  const notFound = `No file ${request.url.split('?')[0]} in this archive. Files are named /files/<collection>/<path> as listed by DataLink; see / for the collections.`;
  if (!key) throw new HttpError('FILE_NOT_FOUND', notFound);
  const record = await findArchiveFile(ctx.db, key.collection, key.path);
  if (!record) throw new HttpError('FILE_NOT_FOUND', notFound);

  // The product owning the file decides (its obs_release_date and proposal_id): 401 + Bearer challenge for an
  // anonymous request, 403 for a user not entitled to the proposal (auth/enforce.ts).
  requireAccess(ctx, request, record, {
    unauthenticated: 'FILE_AUTHENTICATION_REQUIRED',
    forbidden: 'FILE_PROPRIETARY',
  });

  const file = await locateOnDisk(ctx.config.dataDir, record);
  const validators = fileValidators(file.size, file.mtimeMs);
  const type = record.contentType || contentTypeFor(file.path);
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', validators.etag);
  reply.header('last-modified', validators.lastModified.toUTCString());
  // Shared caches may keep what anyone may read; a file served only to an entitled user is private.
  reply.header('cache-control', `${canAccess(undefined, record).allowed ? 'public' : 'private'}, max-age=3600`);

  if (notModified(request.headers, validators)) return reply.code(304).send();

  const range = rangeApplies(single(request.headers['if-range']), validators)
    ? parseRange(request.headers.range, file.size)
    : ({ kind: 'none' } as const);
  if (range.kind === 'unsatisfiable') {
    throw new HttpError(
      'RANGE_NOT_SATISFIABLE',
      `range ${request.headers.range} is outside the file's ${file.size} bytes`,
      { 'content-range': `bytes */${file.size}` },
    );
  }
  const head = request.method === 'HEAD';
  reply.header('content-disposition', contentDisposition(basename(file.path)));

  if (range.kind === 'none') {
    reply.code(200).type(type).header('content-length', String(file.size));
    return head ? reply.send() : reply.send(createReadStream(file.absolutePath));
  }
  if (range.ranges.length === 1) {
    const { start, end } = range.ranges[0];
    reply
      .code(206)
      .type(type)
      .header('content-range', `bytes ${start}-${end}/${file.size}`)
      .header('content-length', String(end - start + 1));
    return head ? reply.send() : reply.send(createReadStream(file.absolutePath, { start, end }));
  }
  const body = multipartByteranges(
    file.absolutePath,
    range.ranges,
    file.size,
    type,
    `obscura-${randomBytes(12).toString('hex')}`,
  );
  reply.code(206).type(body.contentType).header('content-length', String(body.length));
  return head ? reply.send() : reply.send(body.stream());
}

export async function filesRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  useErrorForm(app, 'text', () => ['/files/<collection>/<path>']);
  ctx.available.add('files');
  // Registered with prefix /files (app.ts): `/*` is everything below it.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    exposeHeadRoute: false,
    handler: (request, reply) => serveFile(ctx, request, reply),
  });
}
