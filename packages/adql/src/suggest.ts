// "Did you mean ...?" for unknown names: the closest candidate by Levenshtein distance (Levenshtein 1966),
// case-insensitive, when it is close enough to be a plausible typo.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The best candidate within 1 edit (names up to 4 letters) or max(2, len/3) edits (ties: the first), or null. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const lower = name.toLowerCase();
  const limit = lower.length <= 4 ? 1 : Math.max(2, Math.floor(lower.length / 3));
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    // A candidate that contains the name (or the reverse) is a good hint too: `ra` -> `s_ra`.
    let d = editDistance(lower, cl);
    if (d > limit && (cl.endsWith(`_${lower}`) || cl.startsWith(`${lower}_`))) d = limit;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : null;
}

/** `; did you mean X?` or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c ? `; did you mean ${c}?` : '';
}
