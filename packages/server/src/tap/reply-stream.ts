// A started query streamed as an HTTP response: the one way /tap/sync and /sia/query answer (DESIGN.md "Streaming").
// The client going away stops the query (its SQLite workers are freed, PostgreSQL cancels it). The status line waits
// for the first batch of rows, so an error before it is a VOTable error document with its HTTP status (DALI 1.1
// §4.4, errors.ts); one after it has been sent ends the document with a trailing QUERY_STATUS=ERROR INFO
// (run-query.ts), or, for a failure of the writing itself, cuts the response (the log says why).
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, HttpError } from '../errors.ts';
import type { StartedQuery } from './execute.ts';
import { QueryFailed, QueryStopped, type ResultTarget, type StreamOptions, streamQuery } from './run-query.ts';

export interface ReplyErrors {
  /** The service's code for a query that ran out of its execution duration before its first row. */
  timeout: ErrorCode;
  /** Its code for the database refusing the SQL; none: a server error (the service built the query itself). */
  failed?: ErrorCode;
  /** The service, for the log. */
  service: string;
}

export interface ReplyStream {
  /** Aborted when the client closes the connection before the response is complete. */
  readonly signal: AbortSignal;
  /** Streams the query's result as the response; the query's uploads are cleaned up whatever happens. */
  send(
    started: StartedQuery,
    target: Omit<ResultTarget, 'open'>,
    options: Omit<StreamOptions, 'signal'>,
    errors: ReplyErrors,
  ): Promise<void>;
}

/** Watches the client from now on (call before starting the query, so a client gone early stops it too). */
export function replyStream(request: FastifyRequest, reply: FastifyReply): ReplyStream {
  const controller = new AbortController();
  let body: PassThrough | null = null;
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) {
      controller.abort(new QueryStopped('disconnected', 'the client closed the connection'));
      body?.destroy();
    }
  });
  const open = (contentType: string): PassThrough => {
    body = new PassThrough({ highWaterMark: 256 * 1024 });
    reply.code(200).type(contentType).send(body);
    return body;
  };
  return {
    signal: controller.signal,
    async send(started, target, options, errors) {
      try {
        const result = await streamQuery(started, { ...target, open }, { ...options, signal: controller.signal });
        request.log.debug({ rows: result.rows, overflow: result.overflow }, `${errors.service} query done`);
      } catch (e) {
        const out = body as PassThrough | null;
        if (!out) {
          // Nothing sent yet: an error document with its status.
          if (e instanceof QueryStopped && e.reason === 'timeout') throw new HttpError(errors.timeout, e.message);
          if (e instanceof QueryFailed && errors.failed) throw new HttpError(errors.failed, e.message);
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
          request.log.error({ err: e }, `${errors.service} query failed while streaming`);
          out.destroy(e as Error);
        }
        return;
      } finally {
        await started.cleanup();
      }
      (body as PassThrough | null)?.end();
    },
  };
}
