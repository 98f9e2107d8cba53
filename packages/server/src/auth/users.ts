// The users of the archive (DESIGN.md "Proprietary data"): bearer tokens → user → the proposal_ids whose proprietary
// data the user may read. They come from the config file's "users" array or from a separate users file
// (OBSCURA_USERS_FILE, so that secrets can live outside the main config). Only SHA-256 digests of the tokens are
// kept after loading: the configuration object can be printed or logged without leaking a token, and a token is
// found by its digest and confirmed with timingSafeEqual, never by comparing token strings (which stops early).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { User } from '../access.ts';

/** A configured user: name, entitlements, and the digests of the user's tokens. */
export interface ConfiguredUser extends User {
  /** SHA-256 of each token (32 bytes each). */
  readonly tokenDigests: readonly Buffer[];
}

/** RFC 6750 §2.1 b64token: the characters a bearer token may have. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Shorter tokens are too easy to guess. */
export const MIN_TOKEN_LENGTH = 16;

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Validates the "users" value of a configuration (`where` names its source in messages) and replaces each token by
 * its digest. Throws `makeError(message)` with a one-line message that never contains a token.
 */
export function parseUsers(value: unknown, where: string, makeError: (message: string) => Error): ConfiguredUser[] {
  if (value === undefined || value === null) return [];
  const example = '[{"name": "alice", "tokens": ["<random token>"], "proposals": ["22A-123"]}]';
  if (!Array.isArray(value)) throw makeError(`${where} "users" must be an array like ${example}`);
  const names = new Set<string>();
  const digests = new Set<string>();
  return value.map((u, i): ConfiguredUser => {
    const at = `${where} "users"[${i}]`;
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      throw makeError(`${at} must be an object like ${example}`);
    const entry = u as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!['name', 'tokens', 'proposals'].includes(key)) {
        throw makeError(`${at}: unknown key "${key}" (known: name, tokens, proposals)`);
      }
    }
    const name = entry.name;
    if (typeof name !== 'string' || name.trim() === '') throw makeError(`${at}.name must be a non-empty string`);
    if (names.has(name.trim())) throw makeError(`${at}: user "${name.trim()}" is configured twice`);
    names.add(name.trim());
    const tokens = entry.tokens;
    if (!Array.isArray(tokens) || tokens.length === 0) {
      throw makeError(`${at} (${name.trim()}).tokens must be a non-empty array of strings`);
    }
    const tokenDigests = tokens.map((t, k) => {
      // The messages name the position of a bad token, never its text.
      if (typeof t !== 'string' || !B64TOKEN.test(t)) {
        throw makeError(
          `${at} (${name.trim()}).tokens[${k}] must be a bearer token of letters, digits and -._~+/ (RFC 6750 §2.1)`,
        );
      }
      if (t.length < MIN_TOKEN_LENGTH) {
        throw makeError(`${at} (${name.trim()}).tokens[${k}] is shorter than ${MIN_TOKEN_LENGTH} characters`);
      }
      const d = tokenDigest(t);
      const hex = d.toString('hex');
      if (digests.has(hex)) throw makeError(`${at} (${name.trim()}).tokens[${k}] is also the token of another entry`);
      digests.add(hex);
      return d;
    });
    const proposals = entry.proposals ?? [];
    if (!Array.isArray(proposals) || proposals.some((p) => typeof p !== 'string' || p.trim() === '')) {
      throw makeError(`${at} (${name.trim()}).proposals must be an array of proposal_id strings`);
    }
    return { name: name.trim(), proposals: (proposals as string[]).map((p) => p.trim()), tokenDigests };
  });
}

/** Digest (hex) → user, built once per users list. */
const INDEXES = new WeakMap<readonly ConfiguredUser[], Map<string, ConfiguredUser>>();

function indexOf(users: readonly ConfiguredUser[]): Map<string, ConfiguredUser> {
  let index = INDEXES.get(users);
  if (!index) {
    index = new Map();
    for (const u of users) for (const d of u.tokenDigests) index.set(d.toString('hex'), u);
    INDEXES.set(users, index);
  }
  return index;
}

/**
 * The user holding this token, or undefined. The token is hashed first, so the lookup by digest (a Map) can tell an
 * observer nothing about the token's characters (finding a token with a chosen digest prefix means inverting
 * SHA-256); the match is then confirmed with timingSafeEqual. Constant cost whatever the number of users.
 */
export function userForToken(users: readonly ConfiguredUser[], token: string): User | undefined {
  const d = tokenDigest(token);
  const found = indexOf(users).get(d.toString('hex'));
  if (!found?.tokenDigests.some((t) => timingSafeEqual(d, t))) return undefined;
  return { name: found.name, proposals: found.proposals };
}
