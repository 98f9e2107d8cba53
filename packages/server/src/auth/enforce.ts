// The one way a file-serving endpoint refuses proprietary data (DESIGN.md "Proprietary data", issue 6): canAccess
// decides; an anonymous request is answered 401 with the Bearer challenge (RFC 6750 §3: it may retry with a token),
// an authenticated user who is not entitled to the proposal 403 (RFC 9110 §15.5.4: credentials will not help).
import type { FastifyRequest } from 'fastify';
import { canAccess, type ProductAccess } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { authRealm, bearerChallenge, type DenialCodes } from './bearer.ts';
import { requestUser } from './request-user.ts';

/** Throws the 401/403 HttpError when the request's user may not have the product's files. */
export function requireAccess(
  ctx: ServerContext,
  request: FastifyRequest,
  product: ProductAccess,
  codes: DenialCodes,
): void {
  const user = requestUser(request);
  const decision = canAccess(user, product);
  if (decision.allowed) return;
  if (!user) {
    throw new HttpError(
      codes.unauthenticated,
      `${decision.reason}. Authenticate with "Authorization: Bearer <token>" as a user entitled to ` +
        `${product.proposal_id ? `proposal ${product.proposal_id}` : 'it'}.`,
      { 'www-authenticate': bearerChallenge(authRealm(ctx)) },
    );
  }
  throw new HttpError(
    codes.forbidden,
    `${decision.reason}. User ${user.name} is not entitled to ` +
      `${product.proposal_id ? `proposal ${product.proposal_id}` : 'it'}.`,
  );
}
