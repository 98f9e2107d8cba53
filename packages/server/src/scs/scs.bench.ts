// Cone search end to end over HTTP on the `medium` demo's all-sky VLASS-like catalogue (~3.4 M rows), on SQLite and
// PostgreSQL + pgSphere: p50/p90 latency of r=0.1° cones at random all-sky positions (one client, keep-alive),
// requests/s with 16 concurrent node:http keep-alive clients, and r=1° cones. Run by hand (`npm run bench -- scs`);
// the first run generates the medium demo into the OS temp dir (a few minutes, reused afterwards, keyed by the
// generator version) and ingests it (SQLite cached beside it; PostgreSQL into a throwaway cluster each run, or the
// database OBSCURA_BENCH_PG_URL names).
import { existsSync, renameSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { type Database, ingestCatalogue, openDatabase } from '@obscura/archive';
import { Random } from '@obscura/demo';
import { type BenchResult, postgresAvailable, startPostgres, withTempDir } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { startServer } from '../serve.ts';
import { cachedDemo, ingestedMediumDemo } from './test-archive.ts';

const TABLE = 'vlass.allsky';
const CONCURRENCY = 16;
const log = (m: string) => process.stderr.write(`scs bench: ${m}\n`);

async function ingest(db: Database, demo: string): Promise<void> {
  const t0 = Date.now();
  const r = await ingestCatalogue(db, join(demo, 'catalogs', 'vlass_components_allsky.csv'), { table: TABLE });
  if (r.skipped.length) throw new Error(r.skipped.map((s) => s.reason).join('; '));
  log(`ingested ${TABLE} into ${db.dialect.name} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function get(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Cone URLs at random positions over the catalogue's sky (Dec > -40°). */
function coneUrls(base: string, sr: number, n: number, seed: number): string[] {
  const rnd = new Random(seed);
  return Array.from({ length: n }, () => {
    const ra = rnd.uniform() * 360;
    const dec = (Math.asin(rnd.uniform() * 1.64 - 0.64) * 180) / Math.PI;
    return `${base}/scs/${TABLE}?RA=${ra.toFixed(5)}&DEC=${dec.toFixed(5)}&SR=${sr}&VERB=2`;
  });
}

async function latencies(urls: string[]): Promise<{ p50: number; p90: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const u of urls.slice(0, 200)) await get(u, agent); // warm-up
  const ms: number[] = [];
  for (const u of urls) {
    const t0 = process.hrtime.bigint();
    const status = await get(u, agent);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (status !== 200) throw new Error(`${u} answered ${status}`);
  }
  agent.destroy();
  ms.sort((a, b) => a - b);
  return { p50: ms[ms.length >> 1], p90: ms[Math.floor(ms.length * 0.9)] };
}

async function throughput(urls: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < urls.length) await get(urls[next++], agent);
      }),
    );
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (round > 0) best = Math.max(best, urls.length / s);
  }
  agent.destroy();
  return best;
}

async function measure(label: string, dbUrl: string, dir: string): Promise<BenchResult[]> {
  const config = loadConfig({ cwd: dir, env: {}, overrides: { db: dbUrl, dataDir: dir, port: 0, logLevel: 'silent' } });
  const server = await startServer(config, { handleSignals: false, logger: false });
  try {
    const small = await latencies(coneUrls(server.url, 0.1, 3000, 1));
    const rate = await throughput(coneUrls(server.url, 0.1, 4000, 2));
    const large = await latencies(coneUrls(server.url, 1, 500, 3));
    return [
      {
        group: 'scs',
        name: `${label}: cone r=0.1° p50 over HTTP`,
        value: small.p50,
        unit: 'ms',
        note: `p90 ${small.p90.toFixed(2)} ms; target ≤ 1.6 ms`,
      },
      { group: 'scs', name: `${label}: cone r=0.1°, ${CONCURRENCY} keep-alive clients`, value: rate, unit: 'req/s' },
      {
        group: 'scs',
        name: `${label}: cone r=1° p50 over HTTP (~260 rows, VERB=2)`,
        value: large.p50,
        unit: 'ms',
        note: `p90 ${large.p90.toFixed(2)} ms`,
      },
    ];
  } finally {
    await server.close();
  }
}

export default async function bench(): Promise<BenchResult[]> {
  const demo = ingestedMediumDemo() ?? (await cachedDemo('medium', log));
  const results: BenchResult[] = [];
  // SQLite: ingested once next to the cached demo, reused by later runs.
  const sqliteFile = join(demo, 'scs-bench.sqlite');
  if (!existsSync(sqliteFile)) {
    const work = `${sqliteFile}.tmp-${process.pid}`;
    const db = await openDatabase(`sqlite:${work}`);
    try {
      await ingest(db, demo);
    } finally {
      await db.close();
    }
    for (const ext of ['-wal', '-shm']) rmSync(`${work}${ext}`, { force: true });
    renameSync(work, sqliteFile);
  }
  await withTempDir(async (dir) => {
    results.push(...(await measure('SQLite', `sqlite:${sqliteFile}`, dir)));
    // OBSCURA_BENCH_PG_URL: a database that already holds vlass.allsky (xmatch.bench.ts ingestPostgres).
    const given = process.env.OBSCURA_BENCH_PG_URL;
    if (given) results.push(...(await measure('PostgreSQL', given, dir)));
    else if (postgresAvailable()) {
      const pg = await startPostgres();
      try {
        const db = await openDatabase(pg.url);
        try {
          await ingest(db, demo);
          await db.run(`ANALYZE ${db.dialect.table({ schema: 'vlass', name: 'allsky' })}`);
        } finally {
          await db.close();
        }
        results.push(...(await measure('PostgreSQL', pg.url, dir)));
      } finally {
        await pg.stop();
      }
    }
  });
  return results;
}
