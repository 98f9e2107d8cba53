import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { tokenDigest, userForToken } from './auth/users.ts';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults serve the demo archive from ./data on 127.0.0.1:8080', () =>
    withTempDir((dir) => {
      const c = loadConfig({ cwd: dir, env: {} });
      assert.equal(c.host, '127.0.0.1');
      assert.equal(c.port, 8080);
      assert.equal(c.db, 'sqlite:./data/obscura.sqlite');
      assert.equal(c.dataDir, join(dir, 'data'));
      assert.equal(c.baseUrl, null);
      assert.equal(c.authority, DEFAULT_CONFIG.authority);
    }));

  it('layers obscura.config.json < environment < command line', () =>
    withTempDir((dir) => {
      writeFileSync(
        join(dir, 'obscura.config.json'),
        JSON.stringify({ port: 9000, host: '0.0.0.0', archiveName: 'From file', dataDir: 'files' }),
      );
      const env = {
        OBSCURA_PORT: '9100',
        OBSCURA_AUTHORITY: 'radio.example.org',
        OBSCURA_BASE_URL: 'https://x.org/vo/',
      };
      const c = loadConfig({ cwd: dir, env, overrides: { port: 9200, host: undefined } });
      assert.equal(c.port, 9200);
      assert.equal(c.host, '0.0.0.0');
      assert.equal(c.archiveName, 'From file');
      assert.equal(c.authority, 'radio.example.org');
      assert.equal(c.baseUrl, 'https://x.org/vo');
      assert.equal(c.dataDir, join(dir, 'files'));
      assert.equal(loadConfig({ cwd: dir, env }).port, 9100);
      assert.equal(loadConfig({ cwd: dir, env: { OBSCURA_DB: 'postgres://u@h:5/db' } }).db, 'postgres://u@h:5/db');
    }));

  it('reads --config FILE and requires it to exist', () =>
    withTempDir((dir) => {
      writeFileSync(join(dir, 'other.json'), JSON.stringify({ db: 'sqlite:/tmp/x.sqlite', logLevel: 'WARN' }));
      const c = loadConfig({ cwd: dir, env: {}, file: 'other.json' });
      assert.equal(c.db, 'sqlite:/tmp/x.sqlite');
      assert.equal(c.logLevel, 'warn');
      assert.throws(
        () => loadConfig({ cwd: dir, env: {}, file: 'absent.json' }),
        /cannot read config file .*absent\.json: ENOENT/,
      );
    }));

  it('reports each kind of bad config as one clear line', () =>
    withTempDir((dir) => {
      const bad = (files: Record<string, unknown> | string, env: Record<string, string> = {}) => {
        writeFileSync(join(dir, 'c.json'), typeof files === 'string' ? files : JSON.stringify(files));
        try {
          loadConfig({ cwd: dir, env, file: 'c.json' });
        } catch (e) {
          assert.ok(e instanceof ConfigError);
          assert.ok(!e.message.includes('\n'), e.message);
          return e.message;
        }
        assert.fail('expected a ConfigError');
      };
      assert.match(bad('{ "port": 80, }'), /c\.json is not valid JSON/);
      assert.match(bad('[1]'), /must hold a JSON object/);
      assert.match(bad({ prot: 80 }), /unknown key "prot"/);
      assert.match(bad({ port: 70000 }), /"port" must be an integer from 0 to 65535, got 70000/);
      assert.match(bad({ port: '80x' }), /"port" must be an integer/);
      assert.match(bad({}, { OBSCURA_PORT: 'eighty' }), /OBSCURA_PORT must be a non-negative integer, got "eighty"/);
      assert.match(bad({ db: 'mysql://x' }), /"db" must be sqlite:PATH or postgres:/);
      assert.match(bad({ authority: 'a/b' }), /"authority" must be an IVOA authority/);
      assert.match(bad({ baseUrl: 'ftp://x' }), /"baseUrl" must be an absolute http\(s\) URL/);
      assert.match(bad({ logLevel: 'loud' }), /"logLevel" must be one of fatal, error/);
      assert.match(bad({ host: '' }), /"host" must be a non-empty string/);
    }));

  it('tapUploadAllowPrivateUrls: off by default; true/false from the file, true/false/1/0/yes/no from the environment', () =>
    withTempDir((dir) => {
      assert.equal(loadConfig({ cwd: dir, env: {} }).tapUploadAllowPrivateUrls, false);
      const env = (v: string) => ({ OBSCURA_TAP_UPLOAD_ALLOW_PRIVATE_URLS: v });
      for (const v of ['true', 'TRUE', '1', 'yes']) {
        assert.equal(loadConfig({ cwd: dir, env: env(v) }).tapUploadAllowPrivateUrls, true, v);
      }
      for (const v of ['false', '0', 'no']) {
        assert.equal(loadConfig({ cwd: dir, env: env(v) }).tapUploadAllowPrivateUrls, false, v);
      }
      writeFileSync(join(dir, 'obscura.config.json'), JSON.stringify({ tapUploadAllowPrivateUrls: true }));
      assert.equal(loadConfig({ cwd: dir, env: {} }).tapUploadAllowPrivateUrls, true);
      assert.equal(loadConfig({ cwd: dir, env: env('false') }).tapUploadAllowPrivateUrls, false);
      writeFileSync(join(dir, 'obscura.config.json'), JSON.stringify({ tapUploadAllowPrivateUrls: 'sometimes' }));
      assert.throws(
        () => loadConfig({ cwd: dir, env: {} }),
        /config "tapUploadAllowPrivateUrls" must be true or false, got "sometimes"/,
      );
      assert.throws(
        () => loadConfig({ cwd: dir, env: env('maybe') }),
        /config "tapUploadAllowPrivateUrls" must be true or false, got "maybe"/,
      );
    }));

  it('reads users with tokens and proposals, keeping only token digests', () =>
    withTempDir((dir) => {
      const token = 'alice-token-0123456789abcdef';
      writeFileSync(
        join(dir, 'obscura.config.json'),
        JSON.stringify({ users: [{ name: 'alice', tokens: [token], proposals: ['22A-123', ' AS110 '] }] }),
      );
      const c = loadConfig({ cwd: dir, env: {} });
      assert.equal(c.users.length, 1);
      assert.equal(c.users[0].name, 'alice');
      assert.deepEqual(c.users[0].proposals, ['22A-123', 'AS110']);
      assert.deepEqual(c.users[0].tokenDigests, [tokenDigest(token)]);
      // Nothing in the loaded configuration holds the token itself.
      assert.ok(!JSON.stringify(c).includes(token));
      assert.deepEqual(userForToken(c.users, token), { name: 'alice', proposals: ['22A-123', 'AS110'] });
      assert.equal(userForToken(c.users, `${token}x`), undefined);
      assert.deepEqual(loadConfig({ cwd: dir, env: {}, overrides: { users: [] } }).users, []);
      assert.deepEqual(DEFAULT_CONFIG.users, [], 'the default config has no users');
    }));

  it('takes the users from OBSCURA_USERS_FILE, as an array or {"users": [...]}', () =>
    withTempDir((dir) => {
      writeFileSync(join(dir, 'obscura.config.json'), JSON.stringify({ users: [] }));
      const users = [{ name: 'bob', tokens: ['bob-token-0123456789abcdef'], proposals: ['P1'] }];
      writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
      writeFileSync(join(dir, 'wrapped.json'), JSON.stringify({ users }));
      for (const f of ['users.json', 'wrapped.json']) {
        const c = loadConfig({ cwd: dir, env: { OBSCURA_USERS_FILE: f } });
        assert.deepEqual(userForToken(c.users, 'bob-token-0123456789abcdef'), { name: 'bob', proposals: ['P1'] });
      }
      assert.throws(
        () => loadConfig({ cwd: dir, env: { OBSCURA_USERS_FILE: 'absent.json' } }),
        /OBSCURA_USERS_FILE: cannot read users file .*absent\.json: ENOENT/,
      );
    }));

  it('reports bad users as one line that never shows a token', () =>
    withTempDir((dir) => {
      const secret = 'secret-token-0123456789abcdef';
      const bad = (users: unknown) => {
        writeFileSync(join(dir, 'c.json'), JSON.stringify({ users }));
        try {
          loadConfig({ cwd: dir, env: {}, file: 'c.json' });
        } catch (e) {
          assert.ok(e instanceof ConfigError);
          assert.ok(!e.message.includes('\n'), e.message);
          assert.ok(!e.message.includes(secret.slice(0, 12)), e.message);
          return e.message;
        }
        assert.fail('expected a ConfigError');
      };
      const u = (extra: Record<string, unknown>) => ({ name: 'alice', tokens: [secret], proposals: ['P'], ...extra });
      assert.match(bad({ alice: secret }), /"users" must be an array like/);
      assert.match(bad(['alice']), /"users"\[0\] must be an object/);
      assert.match(bad([u({ name: '' })]), /"users"\[0\]\.name must be a non-empty string/);
      assert.match(bad([u({ password: secret })]), /unknown key "password"/);
      assert.match(bad([u({ tokens: [] })]), /\(alice\)\.tokens must be a non-empty array/);
      assert.match(bad([u({ tokens: ['short-token'] })]), /tokens\[0\] is shorter than 16 characters/);
      assert.match(bad([u({ tokens: [`${secret} with spaces`] })]), /tokens\[0\] must be a bearer token of letters/);
      assert.match(bad([u({ proposals: 'P' })]), /\(alice\)\.proposals must be an array of proposal_id strings/);
      assert.match(bad([u({}), u({})]), /"users"\[1\]: user "alice" is configured twice/);
      assert.match(bad([u({}), u({ name: 'bob' })]), /"users"\[1\] \(bob\)\.tokens\[0\] is also the token of another/);
    }));
});
