// The bearer-token hook (RFC 6750) on a real fixture server at the most verbose log level: which Authorization
// headers authenticate, which are 401 invalid_token, the challenge's syntax, and that no token reaches the log.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { startServer } from '../serve.ts';
import { buildFixture, rawRequest } from '../test-fixture.ts';
import { bearerChallenge } from './bearer.ts';
import { parseUsers, userForToken } from './users.ts';

const PI = 'vlass-pi-token-0123456789/+~._-==';

describe('bearer tokens', () => {
  it('builds RFC 6750 §3 challenges: no error code without credentials; quoted, escaped values', () => {
    assert.equal(bearerChallenge('obscura.test'), 'Bearer realm="obscura.test"');
    assert.equal(
      bearerChallenge('a"b\\c', { code: 'invalid_token', description: 'unknown token' }),
      'Bearer realm="a\\"b\\\\c", error="invalid_token", error_description="unknown token"',
    );
  });

  it('finds the user of a token among several, and nobody for a prefix, an extension or a case change', () => {
    const users = parseUsers(
      [
        { name: 'a', tokens: ['first-token-0123456789', PI], proposals: ['P1'] },
        { name: 'b', tokens: ['second-token-0123456789'], proposals: [] },
      ],
      'test',
      (m) => new Error(m),
    );
    assert.deepEqual(userForToken(users, PI), { name: 'a', proposals: ['P1'] });
    assert.deepEqual(userForToken(users, 'second-token-0123456789'), { name: 'b', proposals: [] });
    for (const t of ['second-token-012345678', 'second-token-01234567890', 'SECOND-TOKEN-0123456789', '']) {
      assert.equal(userForToken(users, t), undefined, t);
    }
  });

  it('authenticates Bearer headers, refuses every other Authorization header, and never logs a token', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    });
    await withTempDir(async (dir) => {
      const fixture = await buildFixture(dir);
      const config = loadConfig({
        cwd: dir,
        env: {},
        overrides: { ...fixture.config, users: [{ name: 'pi', tokens: [PI], proposals: ['VLASS-P1'] }] },
      });
      const s = await startServer(config, { handleSignals: false, logger: { level: 'trace', stream } });
      try {
        const secret = '/files/vlass/epoch1/T10t02.fits';
        for (const header of [`Bearer ${PI}`, `bearer ${PI}`, `BEARER   ${PI}`, `Bearer ${PI} `]) {
          const r = await rawRequest(s.url, secret, { headers: { authorization: header } });
          assert.equal(r.status, 200, header);
        }
        const refused = [
          `Bearer ${PI}x`,
          `Bearer  ${PI.slice(0, -3)}`,
          'Bearer',
          'Bearer ',
          `Token ${PI}`,
          `Basic ${Buffer.from(`pi:${PI}`).toString('base64')}`,
          `Bearer ${PI},Bearer ${PI}`,
          `Bearer "${PI}"`,
        ];
        for (const header of refused) {
          const r = await rawRequest(s.url, '/files/vlass/epoch1/T10t01.fits', { headers: { authorization: header } });
          assert.equal(r.status, 401, header);
          const challenge = r.headers['www-authenticate'] ?? '';
          // RFC 6750 §3: auth-params as quoted-strings; error_description without '"' or '\'.
          assert.match(challenge, /^Bearer realm="obscura.test", error="invalid_token", error_description="[^"\\]*"$/);
          assert.ok(!r.body.toString().includes(PI.slice(0, 12)), header);
        }
        const log = chunks.join('');
        assert.ok(log.includes('/files/vlass/epoch1/T10t02.fits'), 'requests are logged');
        assert.ok(!log.includes(PI.slice(0, 12)), 'no token in the log');
        assert.ok(!/"authorization"\s*:/i.test(log), 'no Authorization header in the log');
        assert.ok(!log.includes(Buffer.from(`pi:${PI}`).toString('base64').slice(0, 12)), 'nor a Basic credential');
      } finally {
        await s.close();
      }
    });
  });
});
