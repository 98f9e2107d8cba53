import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lonLatToVector, normalizeLon, vectorToLonLat } from './angles.ts';
import { angularDistance, offsetByPositionAngle, positionAngle, vectorAngle } from './distance.ts';

test('angularDistance keeps full precision for tiny separations (1 µas) where acos would return 0 or noise', () => {
  const d = 1e-6 / 3600; // 1 µas in degrees
  assert.ok(Math.abs(angularDistance(10, 0, 10, d) - d) / d < 1e-12);
  assert.ok(Math.abs(angularDistance(0, 0, d, 0) - d) / d < 1e-12);
  const naive = (Math.acos(Math.cos(d * (Math.PI / 180))) * 180) / Math.PI;
  assert.equal(naive, 0); // the formula we avoid
});

test('angularDistance is exact near 180° and at antipodes', () => {
  assert.equal(angularDistance(0, 0, 180, 0), 180);
  assert.ok(Math.abs(angularDistance(10, 89.999, 190, -89.999) - 180) < 1e-12);
  const eps = 1e-8;
  assert.ok(Math.abs(angularDistance(0, 0, 180 - eps, 0) - (180 - eps)) < 1e-12);
  assert.ok(Math.abs(angularDistance(0, 45, 180, -45 + eps) - (180 - eps)) < 1e-12);
});

test('angularDistance: known values (pole to equator 90°, along the equator, across RA 0/360)', () => {
  assert.equal(angularDistance(123, 90, 45, 0), 90);
  assert.ok(Math.abs(angularDistance(359.5, 0, 0.5, 0) - 1) < 1e-13);
  assert.ok(Math.abs(angularDistance(0, 60, 180, 60) - 60) < 1e-12);
});

test('positionAngle: north 0, east 90, south 180, west 270 (east of north)', () => {
  assert.ok(Math.abs(positionAngle(10, 10, 10, 11)) < 1e-12);
  assert.ok(Math.abs(positionAngle(10, 0, 11, 0) - 90) < 1e-12);
  assert.ok(Math.abs(positionAngle(10, 10, 10, 9) - 180) < 1e-12);
  assert.ok(Math.abs(positionAngle(10, 0, 9, 0) - 270) < 1e-12);
});

test('offsetByPositionAngle inverts distance and position angle', () => {
  const out = new Float64Array(2);
  for (const [ra, dec, pa, d] of [
    [10, 20, 33, 5],
    [350, -80, 200, 30],
    [0, 0, 90, 179],
  ]) {
    offsetByPositionAngle(ra, dec, pa, d, out);
    assert.ok(Math.abs(angularDistance(ra, dec, out[0], out[1]) - d) < 1e-9);
    assert.ok(Math.abs(positionAngle(ra, dec, out[0], out[1]) - pa) < 1e-9);
  }
});

test('unit vectors round trip and vectorAngle matches angularDistance', () => {
  const v = new Float64Array(6);
  lonLatToVector(123.4, -56.7, v, 0);
  lonLatToVector(300.1, 12.3, v, 3);
  const ll = new Float64Array(2);
  vectorToLonLat(v[0], v[1], v[2], ll);
  assert.ok(Math.abs(ll[0] - 123.4) < 1e-12 && Math.abs(ll[1] + 56.7) < 1e-12);
  assert.ok(Math.abs((vectorAngle(v, 0, v, 3) * 180) / Math.PI - angularDistance(123.4, -56.7, 300.1, 12.3)) < 1e-12);
  assert.equal(normalizeLon(-10), 350);
  assert.equal(normalizeLon(720), 0);
});
