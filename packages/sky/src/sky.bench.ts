// `npm run bench -- sky`: HEALPix and distance throughput.
import { type BenchResult, opsPerSecond } from '@obscura/testkit';
import { angularDistance } from './distance.ts';
import { ang2pixManyBig } from './healpix/big.ts';
import { ang2pixMany, pix2angMany } from './healpix/nested.ts';
import { queryDisc } from './healpix/query-disc.ts';

const N = 100_000;

function positions(): { lons: Float64Array; lats: Float64Array } {
  let s = 42;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lons = new Float64Array(N);
  const lats = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    lons[i] = rnd() * 360;
    lats[i] = Math.asin(2 * rnd() - 1) * (180 / Math.PI);
  }
  return { lons, lats };
}

export default async function bench(): Promise<BenchResult[]> {
  const { lons, lats } = positions();
  const out: BenchResult[] = [];
  const num = new Float64Array(N);
  const big = new BigUint64Array(N);
  const mps = (v: number) => v / 1e6;

  out.push({
    group: 'sky',
    name: 'HEALPix ang2pix order 12 (number, batch)',
    value: mps(opsPerSecond(() => ang2pixMany(12, lons, lats, num), 20, N)),
    unit: 'M pos/s',
  });
  out.push({
    group: 'sky',
    name: 'HEALPix ang2pix order 29 (BigUint64Array, batch)',
    value: mps(opsPerSecond(() => ang2pixManyBig(29, lons, lats, big), 20, N)),
    unit: 'M pos/s',
  });
  ang2pixMany(12, lons, lats, num);
  const centres = new Float64Array(2 * N);
  out.push({
    group: 'sky',
    name: 'HEALPix pix2ang order 12 (batch)',
    value: mps(opsPerSecond(() => pix2angMany(12, num, centres), 20, N)),
    unit: 'M pix/s',
  });
  for (const order of [9, 12]) {
    for (const r of [0.02, 1]) {
      let k = 0;
      const q = opsPerSecond(
        () => {
          queryDisc(order, lons[k], lats[k], r);
          k = (k + 1) % N;
        },
        order === 12 && r === 1 ? 200 : 2000,
      );
      let k2 = 0;
      const qi = opsPerSecond(
        () => {
          queryDisc(order, lons[k2], lats[k2], r, { inclusive: true });
          k2 = (k2 + 1) % N;
        },
        order === 12 && r === 1 ? 100 : 1000,
      );
      out.push({ group: 'sky', name: `query_disc order ${order} r=${r}° exact`, value: q, unit: 'queries/s' });
      out.push({ group: 'sky', name: `query_disc order ${order} r=${r}° inclusive`, value: qi, unit: 'queries/s' });
    }
  }
  let sink = 0;
  out.push({
    group: 'sky',
    name: 'angularDistance (Vincenty)',
    value: mps(
      opsPerSecond(
        () => {
          for (let i = 1; i < N; i++) sink += angularDistance(lons[i - 1], lats[i - 1], lons[i], lats[i]);
        },
        20,
        N - 1,
      ),
    ),
    unit: 'M pairs/s',
    note: String(sink > 0),
  });
  return out;
}
