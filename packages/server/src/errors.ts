// The ONE place that maps error codes to HTTP status and to each protocol's error form (DESIGN.md "Errors"):
// - 'votable': `<INFO name="QUERY_STATUS" value="ERROR">` documents for TAP/SIA/DataLink (DALI 1.1 §4.4);
// - 'scs': the SCS 1.03 §2 item 6 document, `<INFO name="Error">` under VOTABLE (scs/scs-votable.ts);
// - 'text': `text/plain` for binary endpoints (files, SODA, HiPS), the only body pyvo shows;
// - 'json' / 'html' for the landing page and the web UI.
// Clients never see a stack trace: unexpected errors are logged (with the stack, by pino) and answered with a clean
// message naming the request id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from './html.ts';
import { SCS_CONTENT_TYPE, scsErrorDocument } from './scs/scs-votable.ts';
import { errorDocument14 } from './votable-version.ts';

export interface ErrorCodeInfo {
  status: number;
  /** Where the behaviour comes from. */
  spec?: string;
}

/** Stable error codes of the HTTP layer and their status. Services add theirs here. */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, spec: 'RFC 9110 §15.5.1' },
  NOT_FOUND: { status: 404, spec: 'RFC 9110 §15.5.5' },
  METHOD_NOT_ALLOWED: { status: 405, spec: 'RFC 9110 §15.5.6' },
  NOT_ACCEPTABLE: { status: 406, spec: 'RFC 9110 §15.5.7' },
  PAYLOAD_TOO_LARGE: { status: 413, spec: 'RFC 9110 §15.5.14' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, spec: 'RFC 9110 §15.5.16' },
  FILE_NOT_FOUND: { status: 404, spec: 'DESIGN.md: never derive a path from a client string' },
  FILE_PROPRIETARY: { status: 403, spec: 'DESIGN.md "Proprietary data"' },
  FILE_AUTHENTICATION_REQUIRED: { status: 401, spec: 'DESIGN.md "Proprietary data", RFC 6750 §3 (Bearer challenge)' },
  AUTH_INVALID_TOKEN: { status: 401, spec: 'RFC 6750 §3.1 (invalid_token)' },
  FILE_OUTSIDE_ARCHIVE: { status: 403, spec: 'DESIGN.md: no path traversal' },
  FILE_UNAVAILABLE: { status: 503, spec: 'RFC 9110 §15.6.4' },
  RANGE_NOT_SATISFIABLE: { status: 416, spec: 'RFC 9110 §15.5.17' },
  SHUTTING_DOWN: { status: 503, spec: 'RFC 9110 §15.6.4' },
  TAP_BAD_PARAMETER: { status: 400, spec: 'TAP 1.1 §2.3, DALI 1.1 §3' },
  TAP_UNKNOWN_LANG: { status: 400, spec: 'TAP 1.1 §2.3.2' },
  TAP_BAD_QUERY: { status: 400, spec: 'TAP 1.1 §2.7.2, ADQL 2.1' },
  TAP_QUERY_FAILED: { status: 400, spec: 'DALI 1.1 §4.4' },
  TAP_UNKNOWN_FORMAT: { status: 400, spec: 'TAP 1.1 §2.3.5, DALI 1.1 §3.3.4' },
  TAP_QUERY_TIMEOUT: { status: 503, spec: 'UWS 1.1 §2.1.6 (executionDuration), DALI 1.1 §4.4' },
  TAP_BAD_UPLOAD: { status: 400, spec: 'TAP 1.1 §2.5, DALI 1.1 §3.4.5' },
  TAP_UPLOAD_TOO_LARGE: { status: 413, spec: 'TAPRegExt 1.0 §2.5 (uploadLimit)' },
  UWS_NO_SUCH_JOB: { status: 404, spec: 'UWS 1.1 §2.2' },
  UWS_BAD_PHASE: { status: 400, spec: 'UWS 1.1 §2.1.4, §2.2.3' },
  UWS_NO_RESULT: { status: 404, spec: 'UWS 1.1 §2.2.2.3' },
  UWS_BAD_PARAMETER: { status: 400, spec: 'UWS 1.1 §2.2.3 (EXECUTIONDURATION, DESTRUCTION, WAIT, LAST, AFTER)' },
  UWS_AUTHENTICATION_REQUIRED: { status: 401, spec: 'UWS 1.1 §2.1 Owner, RFC 6750 §3 (Bearer challenge)' },
  UWS_NOT_OWNER: { status: 403, spec: 'UWS 1.1 §2.1 Owner, RFC 9110 §15.5.4' },
  DATALINK_USAGE: { status: 400, spec: 'DataLink 1.1 §3.4 (UsageFault), DALI 1.1 §4.4' },
  DATALINK_NOT_FOUND: { status: 404, spec: 'DataLink 1.1 §3.4 (NotFoundFault)' },
  DATALINK_NOT_AUTHORIZED: { status: 403, spec: 'DataLink 1.1 §3.2.12, DESIGN.md "Proprietary data"' },
  DATALINK_NOT_AUTHENTICATED: { status: 401, spec: 'DataLink 1.1 §3.2.11, RFC 6750 §3 (Bearer challenge)' },
  DATALINK_NO_DATA: { status: 404, spec: 'DataLink 1.1 §3.4 (FatalFault)' },
  SODA_USAGE: { status: 400, spec: 'SODA 1.0 §5.2 (UsageError), DALI 1.1 §4.4' },
  SODA_MULTIVALUED: { status: 400, spec: 'SODA 1.0 §3.1, §5.2 (MultiValuedParamNotSupported)' },
  SODA_NOT_FOUND: { status: 404, spec: 'SODA 1.0 §5.2 (UsageError), DALI 1.1 §4.4' },
  SODA_NOT_AUTHORIZED: { status: 403, spec: 'SODA 1.0 §5.2 (AuthorizationError), DALI 1.1 §4.4' },
  SODA_NOT_AUTHENTICATED: { status: 401, spec: 'SODA 1.0 §5.2 (AuthenticationError), RFC 6750 §3' },
  SODA_UNAVAILABLE: { status: 503, spec: 'SODA 1.0 §5.2 (ServiceUnavailable)' },
  SODA_FAILED: { status: 500, spec: 'SODA 1.0 §5.2 (Error)' },
  SIA_BAD_PARAMETER: { status: 400, spec: 'SIA 2.0 §2.1 (query parameters), DALI 1.1 §3.3, §4.4' },
  SIA_UNKNOWN_FORMAT: { status: 400, spec: 'DALI 1.1 §3.3.4 (RESPONSEFORMAT); SIA 2.0 answers VOTable' },
  SIA_QUERY_TIMEOUT: { status: 503, spec: 'DALI 1.1 §4.4 (the query ran longer than the execution duration)' },
  SCS_BAD_PARAMETER: { status: 400, spec: 'SCS 1.03 §2 item 6 (missing, unparsable or out-of-range RA, DEC, SR)' },
  SCS_UNKNOWN_CATALOGUE: { status: 404, spec: 'SCS 1.03 §2 item 1 (one base URL per catalogue)' },
  INTERNAL: { status: 500, spec: 'RFC 9110 §15.6.1' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorForm = 'text' | 'votable' | 'scs' | 'json' | 'html';

/** An error meant for the client: a stable code (→ status) and a message saying what was wrong and what to do. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Content-Range: bytes *\/1234` on a 416. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_CODES[code].status;
  }
}

/**
 * A VOTable error document (DALI 1.1 §4.4): RESOURCE type="results", one QUERY_STATUS=ERROR INFO, from
 * @obscura/votable, declared as VOTable 1.4 for the clients installed here (votable-version.ts).
 */
export function votableErrorDocument(message: string): string {
  return errorDocument14(message);
}

/** Sends an error in the given form. HEAD requests get the status and headers only. */
export function sendError(reply: FastifyReply, form: ErrorForm, status: number, code: string, message: string): void {
  reply.code(status);
  switch (form) {
    case 'votable':
      reply.type('application/x-votable+xml; charset=utf-8').send(votableErrorDocument(message));
      return;
    case 'scs':
      reply.type(SCS_CONTENT_TYPE).send(scsErrorDocument(message));
      return;
    case 'json':
      reply.type('application/json; charset=utf-8').send({ error: { code, message } });
      return;
    case 'html':
      reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${escapeHtml(code)}</title></head>` +
            `<body><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the archive</a></p></body></html>\n`,
        );
      return;
    default:
      reply.type('text/plain; charset=utf-8').send(`${message}\n`);
  }
}

/** What a client may see of any thrown value: HttpErrors and fastify's own 4xx errors as they are, else a reference. */
export function clientError(
  error: unknown,
  request: FastifyRequest,
): { status: number; code: string; message: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 && fe.message) {
    // Fastify's own client errors (bad JSON body, unsupported media type, body too large...) have clean messages.
    return { status: fe.statusCode, code: fe.code ?? 'BAD_REQUEST', message: fe.message };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    message: `internal server error (request ${request.id}); the operator can find the details in the server log`,
  };
}

/** The error handler of a plugin context: logs, then answers in the context's error form. */
export function errorHandler(form: ErrorForm) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const e = clientError(error, request);
    // Unexpected errors are logged with their stack; expected ones (HttpError, fastify's 4xx) are one line.
    if (e.status >= 500 && !(error instanceof HttpError)) request.log.error({ err: error }, 'request failed');
    else request.log[e.status >= 500 ? 'warn' : 'debug']({ code: e.code }, e.message);
    if (error instanceof HttpError) reply.headers(error.headers);
    sendError(reply, form, e.status, e.code, e.message);
  };
}

/** The text of a 404 for a path nothing serves: what exists instead. */
export function notFoundMessage(method: string, url: string, endpoints: string[]): string {
  const path = url.split('?')[0];
  return `No resource at ${method} ${path}. This server answers: ${endpoints.join(', ')}. See / for the list of collections and services.`;
}

/** Sets the error and not-found handlers of a plugin context (each service calls this once with its error form). */
export function useErrorForm(app: FastifyInstance, form: ErrorForm, endpoints: () => string[]): void {
  app.setErrorHandler(errorHandler(form));
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, form, 404, 'NOT_FOUND', notFoundMessage(request.method, request.url, endpoints()));
  });
}
