// SIA 2.0 {query} over loopback HTTP on the small demo archive (SQLite, ingested as the tests do): the seed notebook's
// search (CIRCLE r = 0.02° at M82, COLLECTION=VLASS), the resolution-at-frequency search, and a RANGE across RA 0,
// p50/p90 of one warm request at a time, and queries/s with 8 concurrent clients (client and server share this process
// and the machine's cores, so these are upper bounds on latency).
import type { BenchResult } from '@obscura/testkit';
import { openDemoServer } from '../soda/demo-fixture.ts';

const QUERIES: [string, string][] = [
  ['CIRCLE r=0.02° at M82, COLLECTION=VLASS', 'POS=CIRCLE%20148.9684583%2069.6797028%200.02&COLLECTION=VLASS'],
  ['SPATRES=0 3.6 arcsec at SPATRES_FREQ=2.2 GHz', 'SPATRES=0%203.6&SPATRES_FREQ=2.2e9'],
  ['RANGE 350 10 -30 60 (across RA 0)', 'POS=RANGE%20350%2010%20-30%2060'],
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function get(url: string): Promise<void> {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`bench: ${url} answered ${r.status}`);
  await r.arrayBuffer();
}

export default async function bench(): Promise<BenchResult[]> {
  const demo = await openDemoServer();
  const results: BenchResult[] = [];
  try {
    for (const [name, query] of QUERIES) {
      const url = `${demo.url}/sia/query?${query}`;
      for (let i = 0; i < 5; i++) await get(url);
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t = performance.now();
        await get(url);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      results.push({
        group: 'sia',
        name: `${name}, over HTTP, one client, warm: p50 (p90 ${quantile(times, 0.9).toFixed(2)} ms)`,
        value: quantile(times, 0.5),
        unit: 'ms',
      });
    }
    const url = `${demo.url}/sia/query?${QUERIES[0][1]}`;
    const perClient = 40;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < perClient; i++) await get(url);
      }),
    );
    results.push({
      group: 'sia',
      name: `${QUERIES[0][0]}, 8 concurrent clients`,
      value: (8 * perClient) / ((performance.now() - t) / 1000),
      unit: 'queries/s',
    });
  } finally {
    await demo.close();
  }
  return results;
}
