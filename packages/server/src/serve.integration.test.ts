// `obscura serve` as a real child process (packages/cli/bin/obscura.js): graceful shutdown on SIGTERM lets an
// in-flight download finish, refuses new connections, closes the database and exits 0; a client that stalls past
// the shutdown timeout is cut off and the process still exits 0.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, withTempDir } from '@obscura/testkit';
import { buildFixture } from './test-fixture.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/obscura.js', import.meta.url));
// Larger than the loopback socket buffers, so the response is still being written when SIGTERM arrives.
const BIG = 48 * 1024 * 1024;

interface Child {
  process: ChildProcess;
  /** Resolves with the first log line matching `test`. */
  waitForLog(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  logs: Record<string, unknown>[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startCli(args: string[], env: Record<string, string>, cwd: string): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env } });
  const logs: Record<string, unknown>[] = [];
  const waiters: { test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] =
    [];
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      logs.push(parsed);
      for (const w of waiters.filter((x) => x.test(parsed))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    process: child,
    logs,
    exit,
    waitForLog: (test) => {
      const seen = logs.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        void exit.then((e) => reject(new Error(`obscura serve exited (${e.code}) first: ${e.stderr}`)));
      });
    },
  };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Shutdown closes the listening socket asynchronously after the signal: poll (bounded) until connects are refused. */
async function becomesRefusing(port: number, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await refusesConnections(port)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function openDownload(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, resolve).on('error', reject);
  });
}

function readAll(res: IncomingMessage): Promise<{ body: Buffer; complete: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ body: Buffer.concat(chunks), complete: res.complete }));
    res.on('error', () => resolve({ body: Buffer.concat(chunks), complete: false }));
    res.on('close', () => resolve({ body: Buffer.concat(chunks), complete: res.complete }));
    res.resume();
  });
}

describe('obscura serve: graceful shutdown', () => {
  it('finishes an in-flight download after SIGTERM, refuses new connections, exits 0', () =>
    withTempDir(async (dir) => {
      const fixture = await buildFixture(dir, BIG);
      const port = await freePort();
      const cli = startCli(
        ['serve', '--port', String(port), '--db', fixture.dbUrl],
        { OBSCURA_DATA_DIR: fixture.dataDir, OBSCURA_LOG_LEVEL: 'info' },
        dir,
      );
      await cli.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes(`listening on http://127.0.0.1:${port}`));

      const res = await openDownload(`http://127.0.0.1:${port}/files/vlass/epoch1/T10t01.fits`);
      res.pause(); // a slow client: the server is blocked on backpressure mid-response
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-length'], String(BIG));

      cli.process.kill('SIGTERM');
      await cli.waitForLog((l) => l.signal === 'SIGTERM');
      assert.equal(await becomesRefusing(port), true, 'no new connections once shutting down');

      const { body, complete } = await readAll(res);
      assert.equal(complete, true);
      assert.equal(body.length, BIG);
      assert.ok(body.equals(fixture.imageBytes), 'the in-flight download completed byte for byte');

      const exit = await cli.exit;
      assert.equal(exit.code, 0, exit.stderr);
      const requestAt = cli.logs.findIndex((l) => l.url === '/files/vlass/epoch1/T10t01.fits');
      assert.equal(cli.logs[requestAt]?.status, 200);
      assert.ok(requestAt > cli.logs.findIndex((l) => l.signal === 'SIGTERM'), 'the request completed after SIGTERM');
      assert.ok(cli.logs.some((l) => l.msg === 'server closed'));
    }));

  it('cuts off a client that stalls past the shutdown timeout, and still exits 0', () =>
    withTempDir(async (dir) => {
      const fixture = await buildFixture(dir, BIG);
      const port = await freePort();
      const cli = startCli(
        ['serve', '--port', String(port), '--db', fixture.dbUrl],
        { OBSCURA_DATA_DIR: fixture.dataDir, OBSCURA_LOG_LEVEL: 'info', OBSCURA_SHUTDOWN_TIMEOUT_MS: '300' },
        dir,
      );
      await cli.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('listening on'));
      const res = await openDownload(`http://127.0.0.1:${port}/files/vlass/epoch1/T10t01.fits`);
      res.pause(); // never reads until the server gives up on it
      cli.process.kill('SIGTERM');
      await cli.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('closing their connections'));
      const exit = await cli.exit;
      assert.equal(exit.code, 0, exit.stderr);
      const { body, complete } = await readAll(res);
      assert.equal(complete, false);
      assert.ok(body.length < BIG);
    }));

  it('reports a bad config as one line and exits 1', () =>
    withTempDir(async (dir) => {
      const cli = startCli(['serve', '--config', join(dir, 'absent.json')], {}, dir);
      const exit = await cli.exit;
      assert.equal(exit.code, 1);
      assert.equal(exit.stderr.trim().split('\n').length, 1, exit.stderr);
      assert.match(exit.stderr, /^obscura: cannot read config file .*absent\.json: ENOENT\n$/);
    }));
});
