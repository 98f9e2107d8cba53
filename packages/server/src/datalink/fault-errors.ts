// Error handlers for protocols whose error text must start with a label: DataLink 1.1 §3.4 (NotFoundFault,
// UsageFault, TransientFault, FatalFault, DefaultFault) and SODA 1.0 §5.2 (Error, UsageError, ...). Errors raised
// as HttpError already carry their label; anything else (fastify's own 4xx such as a malformed body, unexpected
// failures) is answered as errors.ts would, with the protocol's label in front of the message.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientError, type ErrorForm, errorHandler, HttpError, sendError } from '../errors.ts';

export function labelledErrorHandler(form: ErrorForm, labels: { client: string; server: string }) {
  const plain = errorHandler(form);
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    if (error instanceof HttpError) {
      plain(error, request, reply);
      return;
    }
    const e = clientError(error, request);
    if (e.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: e.code }, e.message);
    sendError(reply, form, e.status, e.code, `${e.status >= 500 ? labels.server : labels.client}: ${e.message}`);
  };
}
