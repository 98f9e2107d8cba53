import assert from 'node:assert/strict';
import { test } from 'node:test';
import { circleToPolygon, parseRegion, spolyLiteral } from './region.ts';

function distanceDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const r = Math.PI / 180;
  const c =
    Math.sin(dec1 * r) * Math.sin(dec2 * r) + Math.cos(dec1 * r) * Math.cos(dec2 * r) * Math.cos((ra1 - ra2) * r);
  return Math.acos(Math.min(1, c)) / r;
}

test('DALI polygons and STC-S polygons parse to the same vertices', () => {
  const dali = parseRegion('10 20 11 20 11 21');
  const stcs = parseRegion('POLYGON ICRS 10 20 11 20 11 21');
  assert.deepEqual(dali, stcs);
  assert.deepEqual(dali?.vertices, [
    [10, 20],
    [11, 20],
    [11, 21],
  ]);
  assert.equal(spolyLiteral(dali!), '{(10d,20d),(11d,20d),(11d,21d)}');
});

test('circles (DALI and STC-S) become a circumscribing 16-gon: vertices at r / cos(pi/16) from the centre', () => {
  for (const text of ['100 -30 0.5', 'CIRCLE ICRS 100 -30 0.5']) {
    const p = parseRegion(text)!;
    assert.equal(p.vertices.length, 16);
    for (const [ra, dec] of p.vertices) {
      // Small-angle: tan(rho) = tan(r)/cos(pi/16), rho ~ 0.50979 deg.
      assert.ok(Math.abs(distanceDeg(ra, dec, 100, -30) - 0.509796) < 1e-5);
    }
  }
  // Across RA = 0 the vertices stay in [0, 360).
  for (const [ra] of circleToPolygon(0.1, 10, 1).vertices) assert.ok(ra >= 0 && ra < 360);
});

test('what is not a polygon or circle is refused', () => {
  assert.equal(parseRegion('BOX ICRS 1 2 3 4'), null);
  assert.equal(parseRegion('1 2 3 4'), null);
  assert.equal(parseRegion('abc'), null);
  assert.equal(parseRegion('1 2 -3'), null);
});
