// Requests per second over loopback with node:http keep-alive clients at bounded concurrency (client and server share
// this process and the machine's cores): a small /files Range request (one FITS block) and the landing page as JSON,
// with its counts cached and read from the DB each time. Node's fetch (undici) was measured too, but on this 2-core
// machine it is the bottleneck itself (3-8k req/s for any endpoint), so it would not measure the server.
import { Agent, request } from 'node:http';
import { type BenchResult, withTempDir } from '@obscura/testkit';
import { startServer } from './serve.ts';
import { buildFixture } from './test-fixture.ts';

const REQUESTS = 4000;
const CONCURRENCY = 16;

function get(url: string, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function requestsPerSecond(url: string, headers: Record<string, string>, expectStatus: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let best = 0;
  for (let round = 0; round < 4; round++) {
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) {
          const status = await get(url, headers, agent);
          if (status !== expectStatus) throw new Error(`bench: ${url} answered ${status}`);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (round > 0) best = Math.max(best, REQUESTS / seconds); // round 0 warms up
  }
  agent.destroy();
  return best;
}

export default async function bench(): Promise<BenchResult[]> {
  return withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const results: BenchResult[] = [];
    for (const cacheSeconds of [10, 0]) {
      const server = await startServer(
        { ...fixture.config, landingCacheSeconds: cacheSeconds },
        { handleSignals: false, logger: false },
      );
      try {
        if (cacheSeconds > 0) {
          const rate = await requestsPerSecond(
            `${server.url}/files/vlass/epoch1/T10t01.fits`,
            { range: 'bytes=2880-5759' },
            206,
          );
          results.push({
            group: 'server',
            name: `/files Range request (2880 bytes), ${CONCURRENCY} concurrent, SQLite lookup`,
            value: rate / 1000,
            unit: 'k req/s',
          });
        }
        const rate = await requestsPerSecond(`${server.url}/`, { accept: 'application/json' }, 200);
        results.push({
          group: 'server',
          name: `landing page JSON (${cacheSeconds > 0 ? 'counts cached' : 'counts queried each request'}), ${CONCURRENCY} concurrent`,
          value: rate / 1000,
          unit: 'k req/s',
        });
      } finally {
        await server.close();
      }
    }
    return results;
  });
}
