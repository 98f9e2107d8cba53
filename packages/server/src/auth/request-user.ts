// The authenticated user of a request (DESIGN.md "Proprietary data"): the auth hook sets it once per request from the
// bearer token; every access decision reads it here. Undefined means an anonymous request.
import type { FastifyRequest } from 'fastify';
import type { User } from '../access.ts';

const USERS = new WeakMap<FastifyRequest, User>();

/** Records the user a request authenticated as (called by the auth hook only). */
export function setRequestUser(request: FastifyRequest, user: User): void {
  USERS.set(request, user);
}

/** The user a request authenticated as, or undefined for an anonymous request. */
export function requestUser(request: FastifyRequest): User | undefined {
  return USERS.get(request);
}
