// SQLite queries off the event loop (DESIGN.md "Streaming", sqlite-worker-pool.ts): while a long query runs in a
// worker another request is answered first; a query past its executionDuration is cancelled (its worker terminated)
// and reported — an error document for sync, ERROR with a message for async — and the pool keeps serving. UWS 1.1
// §2.2.3.2: a WAIT on an EXECUTING job blocks until the job leaves that phase. No timed assertions: only ordering.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { readVOTable } from '@obscura/votable';
import { startServer } from '../serve.ts';
import { buildFixture } from '../test-fixture.ts';

// Four copies of TAP_SCHEMA.columns (some 150 rows each) cross-joined: ~5·10^8 combinations, each through a UDF
// (a JavaScript function registered on the worker's connection), so the count takes minutes. Termination takes effect
// at the next call into JavaScript: better-sqlite3 12 has no sqlite3_interrupt, so a step that never calls back
// (a plain cross-join count) would keep its thread busy until SQLite finishes it (README, TAP section).
const LONG =
  'SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns AS a, TAP_SCHEMA.columns AS b, TAP_SCHEMA.columns AS c, ' +
  "TAP_SCHEMA.columns AS d WHERE ivo_hasword(a.column_name || b.column_name || c.column_name || d.column_name, 'zzz') = 0";
const SHORT = "SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'T10t01'";

function syncUrl(base: string, query: string, extra: Record<string, string> = {}): string {
  return `${base}/tap/sync?${new URLSearchParams({ LANG: 'ADQL', QUERY: query, RESPONSEFORMAT: 'votable/td', ...extra })}`;
}

test('SQLite in worker threads: a short query finishes while a long one runs; past executionDuration it is an error', async () => {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const server = await startServer({ ...fixture.config, tapExecutionDuration: 2 }, { handleSignals: false });
    try {
      const order: string[] = [];
      const long = fetch(syncUrl(server.url, LONG)).then(async (r) => {
        order.push('long');
        return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
      });
      // The long query has reached its worker when the short one is sent: wait for a first answer of the pool.
      const warm = await fetch(syncUrl(server.url, SHORT));
      assert.equal(warm.status, 200);
      await warm.arrayBuffer();
      const short = await fetch(syncUrl(server.url, SHORT));
      const shortDoc = await readVOTable(Buffer.from(await short.arrayBuffer()));
      order.push('short');
      assert.deepEqual(shortDoc.rows[0], [['T10t01']]);

      const l = await long;
      assert.deepEqual(order, ['short', 'long'], 'the short query is answered while the long one runs');
      // Stopped before its first row: an error document with the executionDuration in the message (errors.ts 503).
      assert.equal(l.status, 503);
      const doc = await readVOTable(l.body);
      assert.equal(doc.queryStatus, 'ERROR');
      assert.match(doc.queryStatusMessage ?? '', /longer than its execution duration of 2 s and was cancelled/);

      // The terminated worker was replaced: the pool still answers.
      const after = await fetch(syncUrl(server.url, SHORT));
      assert.equal(after.status, 200);
      assert.deepEqual((await readVOTable(Buffer.from(await after.arrayBuffer()))).rows[0], [['T10t01']]);
    } finally {
      await server.close();
    }
  });
});

test('async: a WAIT on the EXECUTING job returns when it ends; past EXECUTIONDURATION it is ERROR saying so', async () => {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const server = await startServer(fixture.config, { handleSignals: false });
    try {
      const created = await fetch(`${server.url}/tap/async`, {
        method: 'POST',
        body: new URLSearchParams({ LANG: 'ADQL', QUERY: LONG, EXECUTIONDURATION: '2', PHASE: 'RUN' }),
        redirect: 'manual',
      });
      assert.equal(created.status, 303);
      const job = created.headers.get('location')!;
      const phase = (xml: string) => /<uws:phase>([^<]*)<\/uws:phase>/.exec(xml)?.[1];
      // Wait until the runner has picked it up (QUEUED -> EXECUTING), then block in EXECUTING (UWS 1.1 §2.2.3.2).
      let xml = await (await fetch(`${job}?WAIT=30&PHASE=QUEUED`)).text();
      if (phase(xml) === 'PENDING' || phase(xml) === 'QUEUED')
        xml = await (await fetch(`${job}?WAIT=30&PHASE=QUEUED`)).text();
      assert.equal(phase(xml), 'EXECUTING');
      // While the job runs in its worker, the server answers other requests.
      const other = await fetch(syncUrl(server.url, SHORT));
      assert.equal(other.status, 200);
      await other.arrayBuffer();
      const waited = await (await fetch(`${job}?WAIT=60&PHASE=EXECUTING`)).text();
      assert.equal(phase(waited), 'ERROR', 'WAIT returned once the job left EXECUTING');
      const error = await fetch(`${job}/error`);
      const doc = await readVOTable(Buffer.from(await error.arrayBuffer()));
      assert.match(doc.queryStatusMessage ?? '', /execution duration of 2 s/);
    } finally {
      await server.close();
    }
  });
});

test('sync: a query stopped by executionDuration mid-table ends its document with a trailing QUERY_STATUS=ERROR', async () => {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const server = await startServer({ ...fixture.config, tapExecutionDuration: 2 }, { handleSignals: false });
    try {
      // Millions of rows; the client reads nothing for 3 s, so the socket backs up and the deadline passes while the
      // table is being written (the worker encodes, result-encoder.ts; it closes the document when asked).
      const big =
        'SELECT a.column_name AS a, b.column_name AS b, c.column_name AS c FROM TAP_SCHEMA.columns AS a, ' +
        'TAP_SCHEMA.columns AS b, TAP_SCHEMA.columns AS c';
      for (const format of ['votable', 'votable/td']) {
        const r = await fetch(syncUrl(server.url, big, { MAXREC: '10000000', RESPONSEFORMAT: format }));
        assert.equal(r.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const doc = await readVOTable(Buffer.from(await r.arrayBuffer()));
        assert.ok(doc.rows.length > 0, 'rows were sent before the stop');
        assert.equal(doc.queryStatus, 'ERROR', `${format}: the last QUERY_STATUS is the trailing ERROR`);
        assert.match(doc.queryStatusMessage ?? '', /longer than its execution duration of 2 s/);
      }
      const after = await fetch(syncUrl(server.url, SHORT));
      assert.equal(after.status, 200);
      assert.deepEqual((await readVOTable(Buffer.from(await after.arrayBuffer()))).rows[0], [['T10t01']]);
    } finally {
      await server.close();
    }
  });
});
