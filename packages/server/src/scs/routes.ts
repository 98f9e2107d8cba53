// `/scs/<schema.table>`: one Simple Cone Search 1.03 service per catalogue, with its VOSI 1.1 capabilities and
// availability (`/scs/<schema.table>/capabilities`, `/availability`) and `/scs/` listing them. Requests are HTTP GET
// (SCS 1.03 §2 item 1; POST forms are accepted too, DALI 1.1 §3); results stream from the database cursor
// (cone-search.ts) through the VOTable 1.1 writer (scs-votable.ts). Errors are SCS 1.03 §2 item 6 documents
// (errors.ts form 'scs').
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { daliParams } from '../dali-params.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { CatalogueDirectory, type ScsCatalogue, type ScsField, scsFields } from './catalogue.ts';
import { type ConeLimits, parseConeRequest } from './cone-params.ts';
import { ConeSearcher } from './cone-search.ts';
import { SCS_CONTENT_TYPE, ScsVotableWriter } from './scs-votable.ts';
import { DEFAULT_MATCH_ARCSEC, spectralIndexFields, spectralIndexRows, VLASS_RACS } from './spectral-index.ts';
import { ensureSpectralIndexView } from './spectral-index-view.ts';
import { availabilityXml, coneCapabilitiesXml } from './vosi.ts';

/** SCS 1.03 §3 MaxSR (180 = no restriction) and MaxRecords. */
export const SCS_LIMITS: ConeLimits = { maxSR: 180, maxRecords: 100_000 };

interface TableResponse {
  fields: ScsField[];
  table: string;
  description: string;
  infos: { name: string; value: string }[];
  rows: AsyncIterable<unknown[][]> | undefined;
  limit: number;
}

/** Streams a table response; the first batch is read before the status line, so a failure is still a clean error. */
async function streamTable(request: FastifyRequest, reply: FastifyReply, t: TableResponse): Promise<void> {
  const rows = t.rows?.[Symbol.asyncIterator]();
  let next = rows ? await rows.next() : undefined;
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, { 'content-type': SCS_CONTENT_TYPE, 'cache-control': 'no-cache' });
  if (request.method === 'HEAD') {
    await rows?.return?.();
    out.end();
    return;
  }
  const writer = new ScsVotableWriter(out, t.fields);
  let overflow = false;
  try {
    const h = writer.header({ table: t.table, description: t.description, infos: t.infos });
    if (h) await h;
    while (next && !next.done) {
      let batch = next.value;
      if (writer.rows + batch.length > t.limit) {
        batch = batch.slice(0, t.limit - writer.rows);
        overflow = true;
      }
      await writer.writeRows(batch);
      if (overflow) break;
      next = await rows!.next();
    }
    writer.end(overflow);
  } catch (e) {
    // After the status line an error can only cut the response short (the client sees a truncated document).
    request.log.warn({ err: e }, 'scs: response cut short');
    out.destroy();
  } finally {
    await rows?.return?.();
  }
}

export interface ScsRoutesOptions {
  limits?: ConeLimits;
}

function baseUrl(ctx: ServerContext, request: FastifyRequest): string {
  if (ctx.config.baseUrl) return ctx.config.baseUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

export async function scsRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: ScsRoutesOptions = {},
): Promise<void> {
  const limits = options.limits ?? SCS_LIMITS;
  try {
    await ensureSpectralIndexView(ctx.db);
  } catch (e) {
    app.log.warn({ err: e }, 'scs: the VLASS x RACS spectral-index view could not be created');
  }
  const directory = new CatalogueDirectory(ctx.db);
  const searchers = new WeakMap<ScsCatalogue, ConeSearcher>();
  ctx.available.add('scs');
  useErrorForm(app, 'scs', () => ['/scs/', '/scs/{schema.table}']);

  const catalogue = async (name: string): Promise<ScsCatalogue> => {
    const cat = await directory.find(name);
    if (!cat) {
      const known = (await directory.list()).map((c) => c.name);
      throw new HttpError(
        'SCS_UNKNOWN_CATALOGUE',
        `no catalogue ${name}; cone search services: ${known.length ? known.map((k) => `/scs/${k}`).join(', ') : '(none)'}`,
      );
    }
    return cat;
  };

  app.get('/', async (request, reply) => {
    const base = baseUrl(ctx, request);
    const list = (await directory.list()).map((c) => ({
      table: c.name,
      description: c.def.description,
      url: `${base}/scs/${c.name}`,
      capabilities: `${base}/scs/${c.name}/capabilities`,
    }));
    return reply.type('application/json; charset=utf-8').send({ services: list });
  });

  const searcherOf = (cat: ScsCatalogue): ConeSearcher => {
    let searcher = searchers.get(cat);
    if (!searcher) {
      searcher = new ConeSearcher(ctx.db, cat);
      searchers.set(cat, searcher);
    }
    return searcher;
  };

  const search = async (request: FastifyRequest<{ Params: { table: string } }>, reply: FastifyReply) => {
    const cat = await catalogue(request.params.table);
    const cone = parseConeRequest(daliParams(request), limits);
    const rows = cone.limit > 0 ? searcherOf(cat).search(cone, cone.verb, cone.limit) : undefined;
    await streamTable(request, reply, {
      fields: scsFields(cat, cone.verb),
      table: cat.name,
      description: cat.def.description,
      infos: [
        { name: 'service', value: `Simple Cone Search 1.03 on ${cat.name}` },
        { name: 'query', value: `RA=${cone.ra} DEC=${cone.dec} SR=${cone.sr} VERB=${cone.verb}` },
      ],
      rows,
      limit: cone.limit,
    });
  };

  const spectralIndexSearch = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = daliParams(request);
    const region = parseConeRequest(params, limits);
    const matchText = params.get('MATCH');
    const match = matchText === undefined || matchText === '' ? DEFAULT_MATCH_ARCSEC : Number(matchText);
    if (!(match > 0 && match <= 60)) {
      throw new HttpError(
        'SCS_BAD_PARAMETER',
        `MATCH=${matchText} must be a match radius in arcsec, more than 0, at most 60`,
      );
    }
    const high = await catalogue(VLASS_RACS.high.table);
    const low = await catalogue(VLASS_RACS.low.table);
    const rows =
      region.limit > 0
        ? spectralIndexRows(
            region,
            match,
            { cat: high, searcher: searcherOf(high) },
            { cat: low, searcher: searcherOf(low) },
            region.limit,
          )
        : undefined;
    await streamTable(request, reply, {
      fields: spectralIndexFields(high, low),
      table: 'spectral_index',
      description: `${high.name} matched with the nearest ${low.name} component within ${match} arcsec, with spectral indices`,
      infos: [{ name: 'query', value: `RA=${region.ra} DEC=${region.dec} SR=${region.sr} MATCH=${match}` }],
      rows,
      limit: region.limit,
    });
  };
  app.get('/spectral-index', spectralIndexSearch);
  app.post('/spectral-index', spectralIndexSearch);
  app.get<{ Params: { table: string } }>('/:table', search);
  app.post<{ Params: { table: string } }>('/:table', search);
  app.get<{ Params: { table: string } }>('/:table/capabilities', async (request, reply) => {
    const cat = await catalogue(request.params.table);
    const base = `${baseUrl(ctx, request)}/scs/${cat.name}`;
    // A test query that finds a row: a small cone around the catalogue's first row (ConeSearch-v1.0.xsd testQuery).
    const q = ctx.db.dialect.quote;
    const first = await ctx.db.all<Record<string, unknown>>(
      `SELECT ${q(cat.ra.name)} AS ra, ${q(cat.dec.name)} AS dec FROM ${ctx.db.dialect.table(cat.def)} LIMIT 1`,
    );
    const ra = first[0]?.ra;
    const dec = first[0]?.dec;
    const testQuery = typeof ra === 'number' && typeof dec === 'number' ? { ra, dec, sr: 0.01 } : undefined;
    return reply
      .type('text/xml; charset=utf-8')
      .send(coneCapabilitiesXml({ base, maxSR: limits.maxSR, maxRecords: limits.maxRecords, testQuery }));
  });

  app.get<{ Params: { table: string } }>('/:table/availability', async (request, reply) => {
    const cat = await catalogue(request.params.table);
    let available = true;
    let note = `cone search on ${cat.name} is accepting queries`;
    try {
      await ctx.db.all(`SELECT 1 AS ok FROM ${ctx.db.dialect.table(cat.def)} LIMIT 1`);
    } catch {
      available = false;
      note = `the database does not answer for ${cat.name}`;
    }
    return reply.type('text/xml; charset=utf-8').send(availabilityXml(available, note));
  });
}
