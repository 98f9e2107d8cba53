// Bearer-token authentication (RFC 6750), one hook for the whole server (registered once in app.ts): a request with
// `Authorization: Bearer <token>` of a configured user acts as that user (setRequestUser); a request without the
// header is anonymous; any other Authorization header — another scheme, a malformed or unknown token — is answered
// 401 with the RFC 6750 §3 challenge and error="invalid_token", in the error form of the endpoint it was sent to.
// Tokens are never logged or echoed back.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { type ErrorCode, HttpError } from '../errors.ts';
import { setRequestUser } from './request-user.ts';
import { userForToken } from './users.ts';

/** RFC 6750 §2.1: `Bearer` (case-insensitive scheme, RFC 9110 §11.1), one space, a b64token. */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** A quoted-string (RFC 9110 §5.6.4) for an auth-param value. */
function quoted(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The WWW-Authenticate challenge (RFC 6750 §3). A request that sent no credentials gets no error code (§3.1); an
 * invalid token gets error="invalid_token".
 */
export function bearerChallenge(realm: string, error?: { code: 'invalid_token'; description: string }): string {
  let s = `Bearer realm=${quoted(realm)}`;
  if (error) s += `, error=${quoted(error.code)}, error_description=${quoted(error.description)}`;
  return s;
}

/** The realm of this server's challenges: its IVOA authority. */
export function authRealm(ctx: ServerContext): string {
  return ctx.config.authority;
}

/** The 401 of a request whose Authorization header does not name a user. */
function invalidToken(ctx: ServerContext, why: string): HttpError {
  return new HttpError('AUTH_INVALID_TOKEN', `authentication failed: ${why}`, {
    // RFC 6750 §3: error_description holds no '"' or '\\'.
    'www-authenticate': bearerChallenge(authRealm(ctx), {
      code: 'invalid_token',
      description: why.replace(/["\\]/g, "'"),
    }),
  });
}

/** Authenticates one request: sets its user, leaves it anonymous, or throws the 401. */
export function authenticate(ctx: ServerContext, request: FastifyRequest): void {
  const header = request.headers.authorization;
  if (header === undefined) return;
  const m = BEARER.exec(header);
  if (!m) {
    throw invalidToken(ctx, 'this server accepts only "Authorization: Bearer <token>" (RFC 6750 §2.1)');
  }
  const user = userForToken(ctx.config.users, m[1]);
  if (!user) throw invalidToken(ctx, 'the bearer token is not known to this server (expired, revoked or mistyped)');
  setRequestUser(request, user);
}

/** Registers the authentication hook on the root instance (before the services' plugins). */
export function registerAuth(app: FastifyInstance, ctx: ServerContext): void {
  app.addHook('onRequest', async (request) => {
    authenticate(ctx, request);
  });
}

/** Error codes of one endpoint for a refused download: no user (401 + challenge) and a user not entitled (403). */
export interface DenialCodes {
  unauthenticated: ErrorCode;
  forbidden: ErrorCode;
}
