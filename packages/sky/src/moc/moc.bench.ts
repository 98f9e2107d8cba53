// `npm run bench -- moc`: MOC set operations and MOC building throughput.
import { type BenchResult, opsPerSecond } from '@obscura/testkit';
import { cellCount } from './dimension.ts';
import { Moc } from './moc.ts';
import { spaceMocFromPositions } from './space.ts';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** An order-12 space MOC of `n` random disjoint ranges. */
function randomMoc(n: number, seed: number): Moc {
  const rnd = lcg(seed);
  const total = cellCount('space', 12);
  const step = total / n;
  const pairs = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const s = Math.floor(k * step + rnd() * step * 0.5);
    pairs[2 * k] = s;
    pairs[2 * k + 1] = s + 1 + Math.floor(rnd() * step * 0.4);
  }
  return Moc.fromRanges('space', 12, pairs);
}

export default function bench(): BenchResult[] {
  const a = randomMoc(100_000, 1);
  const b = randomMoc(100_000, 2);
  const out: BenchResult[] = [];
  out.push({
    group: 'sky',
    name: `MOC union, order 12, ${a.rangeCount / 1000}k + ${b.rangeCount / 1000}k ranges`,
    value: opsPerSecond(() => a.union(b), 50),
    unit: 'ops/s',
  });
  out.push({
    group: 'sky',
    name: `MOC intersection, order 12, ${a.rangeCount / 1000}k + ${b.rangeCount / 1000}k ranges`,
    value: opsPerSecond(() => a.intersection(b), 50),
    unit: 'ops/s',
  });
  const deepA = a.toDepth(29);
  const deepB = b.toDepth(29);
  out.push({
    group: 'sky',
    name: 'MOC union, same MOCs at order 29 (BigUint64Array)',
    value: opsPerSecond(() => deepA.union(deepB), 5),
    unit: 'ops/s',
  });
  const n = 1_000_000;
  const rnd = lcg(3);
  const lons = new Float64Array(n);
  const lats = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    lons[k] = rnd() * 360;
    lats[k] = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
  }
  out.push({
    group: 'sky',
    name: 'MOC from 1M positions at depth 10',
    value: opsPerSecond(() => spaceMocFromPositions(10, lons, lats), 5, n) / 1e6,
    unit: 'M pos/s',
  });
  return out;
}
