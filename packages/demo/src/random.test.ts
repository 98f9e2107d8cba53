import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from './random.ts';

test('the same seed gives the same stream; forks are independent and reproducible', () => {
  const a = new Random(42);
  const b = new Random(42);
  const xs = Array.from({ length: 100 }, () => a.nextUint32());
  assert.deepEqual(
    Array.from({ length: 100 }, () => b.nextUint32()),
    xs,
  );
  assert.notDeepEqual(
    Array.from({ length: 10 }, () => new Random(43).nextUint32()),
    xs.slice(0, 10),
  );
  const f1 = new Random(1).fork('vlass');
  const f2 = new Random(1).fork('vlass');
  const g = new Random(1).fork('racs');
  assert.equal(f1.uniform(), f2.uniform());
  assert.notEqual(new Random(1).fork('vlass').uniform(), g.uniform());
});

test('uniform, normal and power-law draws have the right moments', () => {
  const r = new Random(2024);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.015);
  // dN/dS ∝ S^-2 on [1, 100]: P(S < 2) = (1 - 1/2) / (1 - 1/100).
  let below2 = 0;
  for (let i = 0; i < n; i++) if (r.powerLaw(2, 1, 100) < 2) below2++;
  assert.ok(Math.abs(below2 / n - 0.5 / 0.99) < 0.005);
  let sp = 0;
  for (let i = 0; i < 20_000; i++) sp += r.poisson(3.5);
  assert.ok(Math.abs(sp / 20_000 - 3.5) < 0.05);
});
