// The SIA 2.0 service under /sia: {query} (SIA 2.0 §2.1, GET and POST with DALI 1.1 §3 parameters), VOSI
// capabilities (§2.3) and availability (§2.2). A query becomes ADQL over ivoa.obscore + ivoa.obscore_radio (adql.ts)
// and runs through the TAP query path (tap/execute.ts startQuery, tap/reply-stream.ts): the same spatial
// index, SQLite worker threads and streaming VOTable writer, MAXREC with its trailing OVERFLOW INFO (DALI 1.1 §4.4.1).
// The result is followed by a DataLink service descriptor (descriptor.ts). Errors are VOTable error documents with
// QUERY_STATUS=ERROR (errors.ts form 'votable', DALI 1.1 §4.4).
import { type ResolvedFormat, resolveFormat, VotableError } from '@obscura/votable';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { type DaliParams, daliParams } from '../dali-params.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { availabilityXml } from '../scs/vosi.ts';
import { readyDatabaseForAdql } from '../tap/adql-query.ts';
import { type ExecuteContext, startQuery } from '../tap/execute.ts';
import { replyStream } from '../tap/reply-stream.ts';
import { siaAdql } from './adql.ts';
import { datalinkDescriptorResource, PUBLISHER_DID_FIELD_ID } from './descriptor.ts';
import { filesTable } from './format.ts';
import { parseSiaQuery } from './params.ts';
import { siaCapabilitiesXml } from './vosi.ts';

const XML = 'text/xml; charset=utf-8';

/**
 * RESPONSEFORMAT (DALI 1.1 §3.3.4): SIA 2.0 answers VOTable; TABLEDATA unless a binary serialization is asked for.
 * (FORMAT is not the output format in SIA 2.0: it selects data products by their format, §2.1.17, format.ts.)
 */
export function siaResponseFormat(params: DaliParams): ResolvedFormat {
  const raw = params.get('RESPONSEFORMAT');
  if (raw === undefined || raw.trim() === '' || raw.split(';')[0].trim().toLowerCase() === 'votable') {
    return resolveFormat(raw?.includes(';') ? raw : 'votable/td');
  }
  let format: ResolvedFormat;
  try {
    format = resolveFormat(raw);
  } catch (e) {
    if (e instanceof VotableError) throw new HttpError('SIA_UNKNOWN_FORMAT', `RESPONSEFORMAT=${raw}: ${e.message}`);
    throw e;
  }
  if (format.kind !== 'votable') {
    throw new HttpError(
      'SIA_UNKNOWN_FORMAT',
      `RESPONSEFORMAT=${raw} is not offered: SIA 2.0 answers VOTable (application/x-votable+xml)`,
    );
  }
  return format;
}

/** MAXREC (DALI 1.1 §3.3.2): a non-negative integer, capped at the hard limit. */
export function siaMaxrec(params: DaliParams, maxrecDefault: number, maxrecHard: number): number {
  const raw = params.get('MAXREC');
  if (raw === undefined || raw.trim() === '') return Math.min(maxrecDefault, maxrecHard);
  if (!/^\s*\+?\d+\s*$/.test(raw)) {
    throw new HttpError('SIA_BAD_PARAMETER', `MAXREC=${raw}: give a non-negative integer (0 returns metadata only)`);
  }
  return Math.min(Number(raw), maxrecHard);
}

async function query(ctx: ServerContext, exec: ExecuteContext, request: FastifyRequest, reply: FastifyReply) {
  const params = daliParams(request);
  const sia = parseSiaQuery(params);
  const format = siaResponseFormat(params);
  const maxrec = siaMaxrec(params, ctx.config.tapMaxrec, ctx.config.tapMaxrecHard);
  const adql = siaAdql(sia);
  const response = replyStream(request, reply);
  let started: Awaited<ReturnType<typeof startQuery>>;
  try {
    started = await startQuery(exec, 'ADQL', adql, [], async () => null, [filesTable(ctx.db)]);
  } catch (e) {
    // The ADQL is built here from checked values: a rejection is this service's fault, not the client's.
    if (e instanceof HttpError && e.code === 'TAP_BAD_QUERY') throw new Error(`SIA built bad ADQL: ${e.message}`);
    throw e;
  }
  // DataLink 1.1 §4.2: the descriptor's ID parameter refers to the obs_publisher_did FIELD by its ID.
  const fields = started.prepared.fields;
  const did = fields.findIndex((f) => f.name === 'obs_publisher_did');
  if (did >= 0) fields[did] = { ...fields[did], ID: PUBLISHER_DID_FIELD_ID };
  const publicBase = publicBaseUrl(ctx.config, request);
  const linksUrl = `${publicBase}/datalink/links`;
  const begun = Date.now();
  await response.send(
    started,
    // access_url values are rebased on this request's public base (tap/access-url.ts), as the descriptor is.
    { format, query: adql, trailingResources: [datalinkDescriptorResource(linksUrl)], publicBase },
    {
      maxrec,
      deadline: begun + ctx.config.tapExecutionDuration * 1000,
      durationSeconds: ctx.config.tapExecutionDuration,
    },
    // The ADQL is built here: the database refusing it is this service's fault (a server error).
    { timeout: 'SIA_QUERY_TIMEOUT', service: 'sia' },
  );
}

export async function siaRoutes(app: FastifyInstance, ctx: ServerContext) {
  const { db } = ctx;
  useErrorForm(app, 'votable', () => ['/sia/query', '/sia/capabilities', '/sia/availability']);
  await readyDatabaseForAdql(db);
  // The server's one query engine (tap/query-engine.ts), shared with TAP and bulk cutouts.
  const exec: ExecuteContext = {
    db,
    ...ctx.queries,
    uploadLimits: { maxBytes: 0, maxRows: 0 },
  };
  ctx.available.add('sia');

  app.get('/query', (request, reply) => query(ctx, exec, request, reply));
  app.post('/query', (request, reply) => query(ctx, exec, request, reply));
  app.get('/capabilities', async (request, reply) =>
    reply.type(XML).send(siaCapabilitiesXml(`${publicBaseUrl(ctx.config, request)}/sia`)),
  );
  app.get('/availability', async (_request, reply) => {
    let available = true;
    let note = 'SIA 2.0 queries over ivoa.obscore are accepted';
    try {
      await db.all(`SELECT 1 AS ok FROM ${db.dialect.table({ schema: 'ivoa', name: 'obscore' })} LIMIT 1`);
    } catch {
      available = false;
      note = 'the archive database does not answer';
    }
    return reply.type(XML).send(availabilityXml(available, note));
  });
}
