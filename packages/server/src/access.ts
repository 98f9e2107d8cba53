// Who may download what (DESIGN.md "Proprietary data"): metadata is always public; a product's files are public
// once its obs_release_date (ObsCore 1.1 §4.6.1) has passed, or when it has none. Before that only an
// authenticated user entitled to the product's proposal_id may have them. Users authenticate with bearer tokens
// (auth/bearer.ts); every access decision goes through canAccess, and file-serving endpoints turn a refusal into
// 401/403 through auth/enforce.ts.

/** An authenticated user (configured in obscura.config.json "users", auth/users.ts). */
export interface User {
  name: string;
  /** proposal_id values whose proprietary data the user may read. */
  proposals: readonly string[];
}

/** What the decision needs to know about a product. */
export interface ProductAccess {
  obs_publisher_did: string;
  obs_release_date: string | null;
  proposal_id: string | null;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/** Whether `user` (undefined: anonymous) may read the files of `product` at time `now`. */
export function canAccess(user: User | undefined, product: ProductAccess, now: Date = new Date()): AccessDecision {
  const release = product.obs_release_date;
  if (release === null || release === '') return { allowed: true };
  const t = Date.parse(release.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(release) ? release : `${release}Z`);
  // A release date that cannot be read is treated as proprietary: failing closed is the safe side.
  if (!Number.isNaN(t) && t <= now.getTime()) return { allowed: true };
  if (user && product.proposal_id && user.proposals.includes(product.proposal_id)) return { allowed: true };
  const when = Number.isNaN(t) ? 'at an unreadable release date' : `on ${new Date(t).toISOString().slice(0, 10)}`;
  return {
    allowed: false,
    reason:
      `${product.obs_publisher_did} is proprietary until its release ${when}` +
      `${product.proposal_id ? ` (proposal ${product.proposal_id})` : ''}; its metadata is public, its files are not yet`,
  };
}
