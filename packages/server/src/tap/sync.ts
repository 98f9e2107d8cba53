// /tap/sync (TAP 1.1 §2.1, §2.2.1): GET or POST, the result streamed as it is read from the database cursor
// (DESIGN.md "Streaming"). The status line waits for the first batch of rows, so errors found before it — ADQL,
// the database refusing the SQL, executionDuration running out during a long sort — are VOTable error documents with
// their HTTP status (DALI 1.1 §4.4); an error after the table has started ends the document with a trailing
// QUERY_STATUS=ERROR INFO, the only thing left to do once a 200 has gone out.
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ObscuraConfig } from '../config.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { HttpError } from '../errors.ts';
import { type ExecuteContext, startQuery } from './execute.ts';
import { tapRequest } from './multipart.ts';
import { QueryFailed, QueryStopped, streamQuery } from './run-query.ts';
import { type TapLimits, tapQueryParams } from './tap-params.ts';

export interface SyncContext extends ExecuteContext {
  limits: TapLimits;
  /** executionDuration of sync queries (seconds). */
  executionDuration: number;
  /** The server's configuration (baseUrl: the public base of access_url values, access-url.ts). */
  config: ObscuraConfig;
}

export async function handleSync(ctx: SyncContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { params, files } = tapRequest(request);
  const p = tapQueryParams(params, ctx.limits);
  const started = Date.now();
  const controller = new AbortController();
  // The client went away: stop the query (its SQLite worker is terminated) and the output.
  let body: PassThrough | null = null;
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) {
      controller.abort(new QueryStopped('disconnected', 'the client closed the connection'));
      body?.destroy();
    }
  });
  const query = await startQuery(ctx, p.lang, p.query, p.upload, async (part) => {
    const f = files.get(part);
    if (f) return f.data;
    const field = params.getAll(part)[0];
    return field === undefined ? null : Buffer.from(field);
  });
  const open = (contentType: string): PassThrough => {
    body = new PassThrough({ highWaterMark: 256 * 1024 });
    reply.code(200).type(contentType).send(body);
    return body;
  };
  try {
    const result = await streamQuery(
      query,
      { format: p.format, query: p.query, open, publicBase: publicBaseUrl(ctx.config, request) },
      {
        maxrec: p.maxrec,
        signal: controller.signal,
        deadline: started + ctx.executionDuration * 1000,
        durationSeconds: ctx.executionDuration,
      },
    );
    request.log.debug({ rows: result.rows, overflow: result.overflow }, 'tap sync query done');
  } catch (e) {
    const out = body as PassThrough | null;
    if (!out) {
      // Nothing sent yet: an error document with its status (errors.ts).
      if (e instanceof QueryStopped && e.reason === 'timeout') throw new HttpError('TAP_QUERY_TIMEOUT', e.message);
      if (e instanceof QueryFailed) throw new HttpError('TAP_QUERY_FAILED', e.message);
      if (e instanceof QueryStopped) {
        reply.hijack();
        reply.raw.destroy();
        return;
      }
      throw e;
    }
    if (e instanceof QueryStopped) {
      // The writer has closed the document with a trailing QUERY_STATUS=ERROR INFO (run-query.ts).
      if (e.reason !== 'disconnected') request.log.warn({ reason: e.reason }, e.message);
      out.end();
    } else {
      // The status line is gone and the document is cut: the client sees a truncated response, the log says why.
      request.log.error({ err: e }, 'tap sync query failed while streaming');
      out.destroy(e as Error);
    }
    return;
  } finally {
    await query.cleanup();
  }
  (body as PassThrough | null)?.end();
}
