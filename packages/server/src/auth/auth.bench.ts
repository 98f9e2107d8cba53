// `npm run bench -- auth`: the cost of authenticating a request: finding the user of a bearer token (one SHA-256, a
// lookup by digest, a timingSafeEqual; auth/users.ts) for 10 and 1,000 configured users.
import { type BenchResult, opsPerSecond } from '@obscura/testkit';
import { parseUsers, userForToken } from './users.ts';

function users(n: number) {
  return parseUsers(
    Array.from({ length: n }, (_, i) => ({
      name: `u${i}`,
      tokens: [`token-of-user-${i}-0123456789abcdef`],
      proposals: [],
    })),
    'bench',
    (m) => new Error(m),
  );
}

export default async function bench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const n of [10, 1000]) {
    const list = users(n);
    const last = `token-of-user-${n - 1}-0123456789abcdef`;
    const rate = opsPerSecond(
      () => {
        if (!userForToken(list, last)) throw new Error('bench: token not found');
      },
      n > 100 ? 2000 : 50_000,
    );
    out.push({
      group: 'server',
      name: `bearer token → user, ${n} configured tokens`,
      value: Number((1e6 / rate).toFixed(2)),
      unit: 'µs',
      note: 'SHA-256 of the token, lookup by digest, timingSafeEqual',
    });
  }
  return out;
}
