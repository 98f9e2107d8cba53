// The SQLite query worker's entry bundled into plain JavaScript (worker-bundle.ts): a data: URL that starts a real
// worker without tsx, which opens a real SQLite archive and answers a query; built once per process.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { withTempDir } from '@obscura/testkit';
import { buildFixture } from '../test-fixture.ts';
import type { FromWorker, ToWorker, WorkerInit } from './sqlite-query-worker.ts';
import { bundledWorkerUrl } from './worker-bundle.ts';

/** Command lines of this process's child processes that run esbuild (from /proc). */
function esbuildChildren(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (ppid === process.pid && cmd.includes('esbuild')) out.push(cmd);
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

test('the query worker bundled without tsx starts, opens the archive and answers a query', async () => {
  const entry = new URL('./sqlite-query-worker.ts', import.meta.url);
  const before = esbuildChildren();
  const bundle = await bundledWorkerUrl(entry);
  assert.ok(bundle, 'esbuild bundled the worker');
  assert.equal(bundle.protocol, 'data:');
  const code = Buffer.from(bundle.href.slice(bundle.href.indexOf(',') + 1), 'base64').toString();
  assert.doesNotMatch(code, /tsx/, 'the bundle does not load tsx');
  assert.match(code, /from "file:\/\/\/[^"]*better-sqlite3[^"]*"/, 'packages stay imports by file URL');
  assert.equal(await bundledWorkerUrl(entry), bundle, 'built once per process');
  // stop() closes the service's stdin; the process then exits on its own.
  for (let i = 0; i < 250 && esbuildChildren().length > before.length; i++) await sleep(20);
  assert.deepEqual(esbuildChildren(), before, "esbuild's service process was stopped after the build");
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const init: WorkerInit = { url: fixture.dbUrl };
    const worker = new Worker(bundle, { workerData: init });
    try {
      const messages: FromWorker[] = [];
      const next = () =>
        new Promise<FromWorker>((resolve, reject) => {
          worker.once('message', (m: FromWorker) => {
            messages.push(m);
            resolve(m);
          });
          worker.once('error', reject);
        });
      assert.equal((await next()).kind, 'ready');
      const post = (m: ToWorker) => worker.postMessage(m);
      const columns = next();
      post({ op: 'open', sql: `SELECT obs_id FROM "ivoa.obscore" WHERE obs_id = 'T10t01'`, params: [], batchSize: 10 });
      const c = await columns;
      assert.equal(c.kind, 'columns', JSON.stringify(c));
      const batch = next();
      post({ op: 'more' });
      const b = await batch;
      assert.deepEqual(b, { kind: 'batch', rows: [['T10t01']] });
    } finally {
      await worker.terminate();
    }
  });
});
