// STOKES axis values to ObsCore pol_states (ObsCore 1.1 §4.19: the states present, "/"-separated with a leading
// and trailing "/"). Codes: Greisen & Calabretta 2002 (FITS-WCS Paper I) Table 7 / AIPS Memo 114: 1..4 = I Q U V,
// -1..-4 = RR LL RL LR, -5..-8 = XX YY XY YX.
const NAMES: Record<number, string> = {
  1: 'I',
  2: 'Q',
  3: 'U',
  4: 'V',
  [-1]: 'RR',
  [-2]: 'LL',
  [-3]: 'RL',
  [-4]: 'LR',
  [-5]: 'XX',
  [-6]: 'YY',
  [-7]: 'XY',
  [-8]: 'YX',
};

// ObsCore 1.1 §4.19 lists the states in this order.
const ORDER = ['I', 'Q', 'U', 'V', 'RR', 'LL', 'RL', 'LR', 'XX', 'YY', 'XY', 'YX'];

/** pol_states for the STOKES values of the planes, or undefined when none is a known code. */
export function polStates(codes: number[]): { states: string; count: number } | undefined {
  const names = new Set<string>();
  for (const c of codes) {
    const n = NAMES[Math.round(c)];
    if (n) names.add(n);
  }
  if (names.size === 0) return undefined;
  const sorted = ORDER.filter((n) => names.has(n));
  return { states: `/${sorted.join('/')}/`, count: sorted.length };
}
