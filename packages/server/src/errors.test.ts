// The error paths over real HTTP: clean messages, the protocol's form, stacks only in the log.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { openDatabase } from '@obscura/archive';
import { withTempDir } from '@obscura/testkit';
import { buildServer } from './app.ts';
import { daliParams } from './dali-params.ts';
import { HttpError, notFoundMessage, useErrorForm, votableErrorDocument } from './errors.ts';
import { buildFixture, rawRequest, withFixtureServer } from './test-fixture.ts';

function logSink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe('errors', () => {
  it('escapes the message of a VOTable error document (DALI 1.1 §4.4)', () => {
    const doc = votableErrorDocument('bad <query> & "x"');
    // Element content: < and & must be escaped, a quote may stay as it is (XML 1.0 §2.4).
    assert.match(doc, /<INFO name="QUERY_STATUS" value="ERROR">bad &lt;query&gt; &amp; (&quot;|")x(&quot;|")<\/INFO>/);
    assert.match(doc, /<RESOURCE type="results">/);
  });

  it('names the endpoints that exist in a 404', () => {
    assert.equal(
      notFoundMessage('GET', '/tapp?x=1', ['/', '/files/{collection}/{path}']),
      'No resource at GET /tapp. This server answers: /, /files/{collection}/{path}. See / for the list of collections and services.',
    );
  });

  it('answers an exception inside a route with a clean 500, logging the stack; one log line per request', async () => {
    const log = logSink();
    await withFixtureServer(
      async (s) => {
        const r = await rawRequest(s.url, '/');
        assert.equal(r.status, 200);

        // The database going away is a real internal failure of the landing route.
        await s.db.close();
        const broken = await rawRequest(s.url, '/');
        assert.equal(broken.status, 500);
        assert.equal(broken.headers['content-type'], 'text/plain; charset=utf-8');
        const text = broken.body.toString();
        assert.match(
          text,
          /^internal server error \(request req-\d+\); the operator can find the details in the server log\n$/,
        );
        assert.ok(!/at |\.ts:|sqlite|database/i.test(text), text);

        const lines = log.lines();
        const failure = lines.find((l) => l.msg === 'request failed') as { err: { stack: string } } | undefined;
        assert.ok(failure, 'the failure is logged');
        assert.match(failure.err.stack, /\n\s+at /);
        const requestLines = lines.filter((l) => l.url === '/');
        assert.equal(requestLines.length, 2, 'one line per request');
        assert.deepEqual(
          requestLines.map((l) => l.status),
          [200, 500],
        );
      },
      { logger: { level: 'info', stream: log.stream } },
    );
  });

  it('answers each plugin context in its own error form; HttpError statuses and headers pass through', () =>
    withTempDir(async (dir) => {
      const fixture = await buildFixture(dir);
      const db = await openDatabase(fixture.dbUrl);
      const app = buildServer(fixture.config, db, { logger: false });
      // Service plugins as later rounds will write them: one error form each (prefix /vot: /tap is the real TAP).
      app.register(
        async (tap) => {
          useErrorForm(tap, 'votable', () => ['/vot']);
          tap.get('/sync', async () => {
            throw new HttpError('BAD_REQUEST', 'LANG must be ADQL, got <SQL>');
          });
          tap.post('/sync', async (request) => {
            const p = daliParams(request);
            return { lang: p.getAll('LANG'), query: p.get('QUERY') };
          });
          tap.get('/bug', async () => {
            throw new TypeError('cannot read properties of undefined (secret detail)');
          });
        },
        { prefix: '/vot' },
      );
      app.register(
        async (api) => {
          useErrorForm(api, 'json', () => ['/api']);
          api.get('/x', async () => {
            throw new HttpError('RANGE_NOT_SATISFIABLE', 'nope', { 'content-range': 'bytes */10' });
          });
        },
        { prefix: '/api' },
      );
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        const bad = await rawRequest(url, '/vot/sync');
        assert.equal(bad.status, 400);
        assert.equal(bad.headers['content-type'], 'application/x-votable+xml; charset=utf-8');
        assert.match(bad.body.toString(), /value="ERROR">LANG must be ADQL, got &lt;SQL&gt;<\/INFO>/);
        const bug = await rawRequest(url, '/vot/bug');
        assert.equal(bug.status, 500);
        assert.match(bug.body.toString(), /value="ERROR">internal server error \(request req-\d+\)/);
        assert.ok(!bug.body.toString().includes('secret detail'));
        const missing = await rawRequest(url, '/vot/nothing');
        assert.equal(missing.status, 404);
        assert.match(missing.body.toString(), /QUERY_STATUS" value="ERROR">No resource at GET \/vot\/nothing/);
        const json = await rawRequest(url, '/api/x');
        assert.equal(json.status, 416);
        assert.equal(json.headers['content-range'], 'bytes */10');
        assert.deepEqual(JSON.parse(json.body.toString()), {
          error: { code: 'RANGE_NOT_SATISFIABLE', message: 'nope' },
        });
        // A form body is parsed for DALI services, merged after the query string, names case-insensitive.
        const form = await fetch(`${url}/vot/sync?lang=ADQL`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'LANG=second&Query=SELECT+1',
        });
        assert.deepEqual(await form.json(), { lang: ['ADQL', 'second'], query: 'SELECT 1' });
        // A JSON body with a syntax error is a clean 400 in the plugin's form.
        const badJson = await rawRequest(url, '/vot/sync', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        });
        assert.equal(badJson.status, 400);
        assert.match(badJson.body.toString(), /QUERY_STATUS" value="ERROR">Body is not valid JSON/);
      } finally {
        await app.close();
        await db.close();
      }
    }));

  it('unknown paths get a helpful 404 text naming the endpoints', () =>
    withFixtureServer(async (s) => {
      const r = await rawRequest(s.url, '/nothing/here?QUERY=x');
      assert.equal(r.status, 404);
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(
        r.body.toString(),
        /^No resource at GET \/nothing\/here\. This server answers: \/, \/files\/\{collection\}\/\{path\}, \/health, \/tap[,.].* See \/ for the list of collections and services\.\n$/,
      );
      const post = await rawRequest(s.url, '/health', { method: 'DELETE' });
      assert.equal(post.status, 404);
    }));
});
