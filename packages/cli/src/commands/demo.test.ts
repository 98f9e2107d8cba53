import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/obscura.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('obscura demo rejects a bad --size or --seed with one line and exit code 1', () => {
  for (const args of [
    ['demo', '--size', 'huge'],
    ['demo', '--seed', 'abc'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  }
});

test('obscura demo reports an unwritable output directory in one line, exit code 1', () => {
  const r = run('demo', '--out', '/etc/hostname/archive');
  assert.equal(r.status, 1);
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  assert.match(last, /^obscura: .*ENOTDIR/);
  assert.ok(!r.stderr.includes('    at '));
});

test('obscura --help lists the demo command', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /demo/);
});
