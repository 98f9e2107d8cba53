// /files over real HTTP on a loopback port, against a real SQLite archive and real files (test-fixture.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { startServer } from '../serve.ts';
import { buildFixture, patternBytes, rawRequest, withFixtureServer } from '../test-fixture.ts';

const IMAGE = '/files/vlass/epoch1/T10t01.fits';
const PI_TOKEN = 'vlass-pi-token-0123456789';
const OTHER_TOKEN = 'other-user-token-0123456789';

describe('/files: whole files, HEAD, validators', () => {
  it('serves a known file byte for byte with its type, length and validators', () =>
    withFixtureServer(async (s, f) => {
      const r = await rawRequest(s.url, IMAGE);
      assert.equal(r.status, 200);
      assert.ok(r.body.equals(f.imageBytes));
      assert.equal(r.headers['content-type'], 'application/fits');
      assert.equal(r.headers['content-length'], String(f.imageBytes.length));
      assert.equal(r.headers['accept-ranges'], 'bytes');
      assert.match(r.headers.etag ?? '', /^"186a0-[0-9a-f]+"$/);
      assert.ok(Date.parse(r.headers['last-modified'] ?? '') > 0);
      assert.equal(r.headers['cache-control'], 'public, max-age=3600');
      const aux = await rawRequest(s.url, '/files/vlass/epoch1/T10t01.rms.fits');
      assert.ok(aux.body.equals(patternBytes(5000, 7)));
      // A collection whose root_path is absolute.
      const racs = await rawRequest(s.url, '/files/racs/RACS_0000.fits');
      assert.equal(racs.status, 200);
      assert.ok(racs.body.equals(patternBytes(2880)));
    }));

  it('answers HEAD with the GET headers and no body', () =>
    withFixtureServer(async (s, f) => {
      const r = await rawRequest(s.url, IMAGE, { method: 'HEAD' });
      assert.equal(r.status, 200);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers['content-length'], String(f.imageBytes.length));
      assert.equal(r.headers['content-type'], 'application/fits');
      const ranged = await rawRequest(s.url, IMAGE, { method: 'HEAD', headers: { range: 'bytes=10-19' } });
      assert.equal(ranged.status, 206);
      assert.equal(ranged.headers['content-length'], '10');
      assert.equal(ranged.headers['content-range'], `bytes 10-19/${f.imageBytes.length}`);
      assert.equal(ranged.body.length, 0);
    }));

  it('answers 304 to a matching If-None-Match or a later If-Modified-Since, 200 otherwise', () =>
    withFixtureServer(async (s, f) => {
      const first = await rawRequest(s.url, IMAGE);
      const etag = first.headers.etag!;
      const lastModified = first.headers['last-modified']!;
      const inm = await rawRequest(s.url, IMAGE, { headers: { 'if-none-match': `"nope", ${etag}` } });
      assert.equal(inm.status, 304);
      assert.equal(inm.body.length, 0);
      assert.equal(inm.headers.etag, etag);
      const ims = await rawRequest(s.url, IMAGE, { headers: { 'if-modified-since': lastModified } });
      assert.equal(ims.status, 304);
      const headIms = await rawRequest(s.url, IMAGE, { method: 'HEAD', headers: { 'if-none-match': etag } });
      assert.equal(headIms.status, 304);
      const stale = await rawRequest(s.url, IMAGE, { headers: { 'if-none-match': '"stale"' } });
      assert.equal(stale.status, 200);
      assert.ok(stale.body.equals(f.imageBytes));
      const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await rawRequest(s.url, IMAGE, { headers: { 'if-modified-since': older } })).status, 200);
    }));
});

describe('/files: Range (RFC 9110 §14)', () => {
  it('returns exact bytes for bytes=a-b, bytes=a- and bytes=-n with Content-Range', () =>
    withFixtureServer(async (s, f) => {
      const n = f.imageBytes.length;
      const cases: [string, number, number][] = [
        ['bytes=0-0', 0, 0],
        ['bytes=2880-5759', 2880, 5759],
        ['bytes=99990-', 99990, n - 1],
        ['bytes=-2880', n - 2880, n - 1],
        ['bytes=99999-200000', 99999, n - 1],
        ['bytes=-200000', 0, n - 1],
      ];
      for (const [range, start, end] of cases) {
        const r = await rawRequest(s.url, IMAGE, { headers: { range } });
        assert.equal(r.status, 206, range);
        assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${n}`, range);
        assert.equal(r.headers['content-length'], String(end - start + 1), range);
        assert.equal(r.headers['content-type'], 'application/fits', range);
        assert.ok(r.body.equals(f.imageBytes.subarray(start, end + 1)), range);
      }
    }));

  it('answers 416 with Content-Range: bytes */size when no range is satisfiable', () =>
    withFixtureServer(async (s, f) => {
      for (const range of ['bytes=100000-', 'bytes=200000-300000', 'bytes=-0']) {
        const r = await rawRequest(s.url, IMAGE, { headers: { range } });
        assert.equal(r.status, 416, range);
        assert.equal(r.headers['content-range'], `bytes */${f.imageBytes.length}`);
        assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
        assert.match(r.body.toString(), /outside the file's 100000 bytes/);
      }
      const empty = await rawRequest(s.url, '/files/racs/empty.fits', { headers: { range: 'bytes=-1' } });
      assert.equal(empty.status, 416);
      assert.equal(empty.headers['content-range'], 'bytes */0');
    }));

  it('ignores a malformed Range, a non-bytes unit and a stale If-Range (200, whole file)', () =>
    withFixtureServer(async (s, f) => {
      for (const headers of [
        { range: 'bytes=9-1' },
        { range: 'lines=1-2' },
        { range: 'bytes=0-9', 'if-range': '"stale"' },
      ] as Record<string, string>[]) {
        const r = await rawRequest(s.url, IMAGE, { headers });
        assert.equal(r.status, 200, JSON.stringify(headers));
        assert.ok(r.body.equals(f.imageBytes));
      }
      const etag = (await rawRequest(s.url, IMAGE, { method: 'HEAD' })).headers.etag!;
      const fresh = await rawRequest(s.url, IMAGE, { headers: { range: 'bytes=0-9', 'if-range': etag } });
      assert.equal(fresh.status, 206);
      assert.ok(fresh.body.equals(f.imageBytes.subarray(0, 10)));
    }));

  it('answers several ranges with multipart/byteranges holding the exact bytes', () =>
    withFixtureServer(async (s, f) => {
      const n = f.imageBytes.length;
      const r = await rawRequest(s.url, IMAGE, { headers: { range: 'bytes=0-9, 50000-50099, -5' } });
      assert.equal(r.status, 206);
      const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(r.headers['content-type'] ?? '');
      assert.ok(m, r.headers['content-type']);
      assert.equal(r.headers['content-length'], String(r.body.length));
      const boundary = m[1];
      const text = r.body.toString('latin1');
      const parts = text.split(`--${boundary}`).slice(1, -1);
      assert.equal(parts.length, 3);
      assert.ok(text.endsWith(`--${boundary}--\r\n`));
      const expected = [
        [0, 9],
        [50000, 50099],
        [n - 5, n - 1],
      ];
      parts.forEach((p, i) => {
        const [head, body] = [p.slice(0, p.indexOf('\r\n\r\n')), p.slice(p.indexOf('\r\n\r\n') + 4, -2)];
        const [start, end] = expected[i];
        assert.match(head, /Content-Type: application\/fits/);
        assert.match(head, new RegExp(`Content-Range: bytes ${start}-${end}/${n}`));
        assert.ok(Buffer.from(body, 'latin1').equals(f.imageBytes.subarray(start, end + 1)), `part ${i}`);
      });
    }));
});

describe('/files: only files the archive knows, inside their collection', () => {
  it('never serves a path outside the archive: .., %2e%2e, absolute, backslash, NUL, unregistered', () =>
    withFixtureServer(async (s, f) => {
      const attempts = [
        '/files/vlass/epoch1/../../../secret.txt',
        '/files/vlass/../../secret.txt',
        '/files/../secret.txt',
        '/files/vlass/epoch1/%2e%2e/%2e%2e/%2e%2e/secret.txt',
        '/files/vlass/%2E%2E%2F%2E%2E%2Fsecret.txt',
        '/files/vlass/epoch1%2f..%2f..%2f..%2fsecret.txt',
        `/files/${encodeURIComponent(f.secretPath)}`,
        `/files/vlass/${encodeURIComponent(f.secretPath)}`,
        `/files/vlass/${f.secretPath}`,
        `/files//${f.secretPath}`,
        '/files/vlass/epoch1/..%5c..%5c..%5csecret.txt',
        '/files/vlass/epoch1/T10t01.fits%00.txt',
        '/files/vlass/epoch1/./T10t01.fits',
        '/files/vlass//epoch1/T10t01.fits',
        '/files/vlass/epoch1/unregistered.fits',
        '/files/vlass/epoch1/%zz',
        '/files/racs/../vlass/epoch1/T10t01.fits',
        '/files/',
        '/files',
      ];
      for (const path of attempts) {
        const r = await rawRequest(s.url, path);
        assert.ok(r.status === 404 || r.status === 403 || r.status === 400, `${path}: ${r.status}`);
        assert.ok(!r.body.toString().includes(f.secretText.trim()), path);
        assert.ok(!r.body.equals(f.imageBytes), path);
        assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8', path);
      }
      const unknown = await rawRequest(s.url, '/files/vlass/epoch1/unregistered.fits');
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.toString(), /No file \/files\/vlass\/epoch1\/unregistered\.fits in this archive/);
    }));

  it('refuses a registered file that is a symlink out of its collection (403)', () =>
    withFixtureServer(async (s, f) => {
      const r = await rawRequest(s.url, '/files/racs/escape.fits');
      assert.equal(r.status, 403);
      assert.equal(r.body.toString(), "/files/racs/escape.fits resolves outside its collection's directory\n");
      assert.ok(!r.body.toString().includes(f.secretText.trim()));
    }));

  it('answers 503 for a registered file missing on disk', () =>
    withFixtureServer(async (s) => {
      const r = await rawRequest(s.url, '/files/racs/missing.fits');
      assert.equal(r.status, 503);
      assert.match(r.body.toString(), /in the archive but missing on disk/);
    }));

  it('refuses proprietary products to anonymous requests with 401, the Bearer challenge and a clear message', () =>
    withFixtureServer(async (s) => {
      for (const method of ['GET', 'HEAD']) {
        const r = await rawRequest(s.url, '/files/vlass/epoch1/T10t02.fits', {
          method,
          headers: { range: 'bytes=0-1' },
        });
        assert.equal(r.status, 401, method);
        assert.equal(r.headers['www-authenticate'], 'Bearer realm="obscura.test"'); // RFC 6750 §3.1: no error code
        if (method === 'GET') {
          assert.equal(
            r.body.toString(),
            'ivo://obscura.test/vlass?T10t02 is proprietary until its release on 2999-01-01 (proposal VLASS-P1); ' +
              'its metadata is public, its files are not yet. Authenticate with "Authorization: Bearer <token>" ' +
              'as a user entitled to proposal VLASS-P1.\n',
          );
        }
      }
    }));

  it('serves proprietary files to entitled users only (403 otherwise), privately cached; a bad token is 401', () =>
    withTempDir(async (dir) => {
      const fixture = await buildFixture(dir);
      const config = loadConfig({
        cwd: dir,
        env: {},
        overrides: {
          ...fixture.config,
          users: [
            { name: 'vlass-pi', tokens: [PI_TOKEN], proposals: ['VLASS-P1'] },
            { name: 'other', tokens: [OTHER_TOKEN], proposals: ['P2'] },
          ],
        },
      });
      const s = await startServer(config, { handleSignals: false });
      try {
        const secret = '/files/vlass/epoch1/T10t02.fits';
        const as = (token: string, path = secret) =>
          rawRequest(s.url, path, { headers: { authorization: `Bearer ${token}` } });
        const ok = await as(PI_TOKEN);
        assert.equal(ok.status, 200);
        assert.ok(ok.body.equals(patternBytes(3000, 3)));
        assert.equal(ok.headers['cache-control'], 'private, max-age=3600');
        const range = await rawRequest(s.url, secret, {
          headers: { authorization: `bearer   ${PI_TOKEN}`, range: 'bytes=10-19' },
        });
        assert.equal(range.status, 206, 'the scheme is case-insensitive (RFC 9110 §11.1)');
        assert.ok(range.body.equals(patternBytes(3000, 3).subarray(10, 20)));

        const forbidden = await as(OTHER_TOKEN);
        assert.equal(forbidden.status, 403);
        assert.equal(forbidden.headers['www-authenticate'], undefined);
        assert.match(
          forbidden.body.toString(),
          /proprietary until .* User other is not entitled to proposal VLASS-P1\./,
        );
        // Public files are the same for everyone.
        assert.equal((await as(OTHER_TOKEN, IMAGE)).status, 200);
        for (const header of [`Bearer ${PI_TOKEN}x`, 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${PI_TOKEN} extra`]) {
          const bad = await rawRequest(s.url, IMAGE, { headers: { authorization: header } });
          assert.equal(bad.status, 401, header);
          assert.match(
            bad.headers['www-authenticate'] ?? '',
            /^Bearer realm="obscura.test", error="invalid_token", error_description="[^"\\]+"$/,
          );
          assert.match(bad.headers['content-type'] ?? '', /^text\/plain/);
          assert.ok(!bad.body.toString().includes(PI_TOKEN), 'the token is never echoed');
        }
      } finally {
        await s.close();
      }
    }));
});
