import assert from 'node:assert/strict';
import { test } from 'node:test';
import { det, gaussianCov, maxEigen, shapeOf, simpleFrame } from './gaussian.ts';

test('a circular beam convolved with a point keeps its size; shapes add in quadrature', () => {
  const s = shapeOf(0, 0, 0, [2.5, 2.5, 0]);
  assert.ok(Math.abs(s.major - 2.5) < 1e-12 && Math.abs(s.minor - 2.5) < 1e-12);
  const e = shapeOf(4, 3, 30, [3, 3, 0]);
  assert.ok(Math.abs(e.major - 5) < 1e-9);
  assert.ok(Math.abs(e.minor - Math.sqrt(18)) < 1e-9);
  assert.ok(Math.abs(e.pa - 30) < 1e-9);
});

test('a beam elongated north-south is elongated along +y; east-west along x', () => {
  const f = simpleFrame(1);
  const ns = gaussianCov(5, 2, 0, f);
  assert.ok(ns.yy > ns.xx && Math.abs(ns.xy) < 1e-12);
  const ew = gaussianCov(5, 2, 90, f);
  assert.ok(ew.xx > ew.yy);
  // PA 45° (towards north-east): east is -x, so the major axis runs along (-1, +1): negative xy.
  assert.ok(gaussianCov(5, 2, 45, f).xy < 0);
  const sigma = 5 / (2 * Math.sqrt(2 * Math.LN2));
  assert.ok(Math.abs(maxEigen(ns) - sigma * sigma) < 1e-12);
  assert.ok(det(ns) > 0);
});
