// /tap/sync (TAP 1.1 §2.1, §2.2.1): GET or POST, the result streamed as it is read from the database cursor
// (DESIGN.md "Streaming", reply-stream.ts). The status line waits for the first batch of rows, so errors found before
// it — ADQL, the database refusing the SQL, executionDuration running out during a long sort — are VOTable error
// documents with their HTTP status (DALI 1.1 §4.4); an error after the table has started ends the document with a
// trailing QUERY_STATUS=ERROR INFO, the only thing left to do once a 200 has gone out.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ObscuraConfig } from '../config.ts';
import { publicBaseUrl } from '../datalink/public-url.ts';
import { type ExecuteContext, startQuery } from './execute.ts';
import { tapRequest } from './multipart.ts';
import { replyStream } from './reply-stream.ts';
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
  const response = replyStream(request, reply);
  const query = await startQuery(ctx, p.lang, p.query, p.upload, async (part) => {
    const f = files.get(part);
    if (f) return f.data;
    const field = params.getAll(part)[0];
    return field === undefined ? null : Buffer.from(field);
  });
  await response.send(
    query,
    { format: p.format, query: p.query, publicBase: publicBaseUrl(ctx.config, request) },
    {
      maxrec: p.maxrec,
      deadline: started + ctx.executionDuration * 1000,
      durationSeconds: ctx.executionDuration,
    },
    { timeout: 'TAP_QUERY_TIMEOUT', failed: 'TAP_QUERY_FAILED', service: 'tap sync' },
  );
}
