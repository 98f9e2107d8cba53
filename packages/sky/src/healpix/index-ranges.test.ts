import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '@obscura/testkit';
import { regionContains } from '../region.ts';
import type { PolygonShape } from '../shapes.ts';
import { ang2pixBig } from './big.ts';
import { coveringIndexRanges } from './index-ranges.ts';

function inRanges(ranges: [bigint, bigint][], h: bigint): boolean {
  return ranges.some(([lo, hi]) => h >= lo && h <= hi);
}

function checkSorted(ranges: [bigint, bigint][]): void {
  for (let i = 0; i < ranges.length; i++) {
    assert.ok(ranges[i][0] <= ranges[i][1]);
    if (i > 0) assert.ok(ranges[i][0] > ranges[i - 1][1] + 1n, 'sorted, disjoint and merged');
  }
}

test('coveringIndexRanges (cones, 1e-9° .. 30°): at most maxRanges, containing the order-29 index of every point inside', () => {
  const rand = seededRandom(11);
  for (let i = 0; i < 400; i++) {
    const cone = {
      type: 'circle' as const,
      ra: i % 7 === 0 ? 0 : rand() * 360,
      dec: i % 11 === 0 ? 90 - rand() * 1e-6 : (Math.asin(2 * rand() - 1) * 180) / Math.PI,
      radius: 10 ** (rand() * 10.5 - 9),
    };
    const maxRanges = [4, 16, 64][i % 3];
    const ranges = coveringIndexRanges(cone, { maxRanges, maxOrder: i % 2 ? 20 : undefined });
    assert.ok(ranges && ranges.length >= 1 && ranges.length <= maxRanges, JSON.stringify(cone));
    checkSorted(ranges);
    assert.ok(inRanges(ranges, ang2pixBig(29, cone.ra, cone.dec)), `centre of ${JSON.stringify(cone)}`);
    // Points inside the cone: random positions in its bounding box, kept when inside.
    const dra = Math.min(
      180,
      cone.radius / Math.max(1e-9, Math.cos(((Math.abs(cone.dec) + cone.radius) * Math.PI) / 180)),
    );
    for (let k = 0; k < 40; k++) {
      const ra = (((cone.ra + (2 * rand() - 1) * dra) % 360) + 360) % 360;
      const dec = Math.max(-90, Math.min(90, cone.dec + (2 * rand() - 1) * cone.radius));
      if (!regionContains(cone, ra, dec)) continue;
      assert.ok(inRanges(ranges, ang2pixBig(29, ra, dec)), `point ${ra},${dec} of ${JSON.stringify(cone)}`);
    }
  }
});

test('coveringIndexRanges: a polygon, the index order, and the regions that need no filter', () => {
  const poly: PolygonShape = {
    type: 'polygon',
    vertices: [
      { ra: 359.5, dec: -1 },
      { ra: 1, dec: -1 },
      { ra: 0.5, dec: 1.5 },
    ],
  };
  const ranges = coveringIndexRanges(poly, { maxRanges: 8 });
  assert.ok(ranges && ranges.length <= 8);
  checkSorted(ranges);
  const rand = seededRandom(3);
  let inside = 0;
  for (let k = 0; k < 2000; k++) {
    const ra = (359.5 + rand() * 1.5) % 360;
    const dec = -1 + rand() * 2.5;
    if (!regionContains(poly, ra, dec)) continue;
    inside++;
    assert.ok(inRanges(ranges, ang2pixBig(29, ra, dec)), `point ${ra},${dec}`);
  }
  assert.ok(inside > 500);
  // The same covering at index order 20 is the order-29 one shifted by 18 bits (the covering order is ≤ 20 here).
  const r20 = coveringIndexRanges(poly, { maxRanges: 8, indexOrder: 20 });
  assert.deepEqual(
    r20?.map(([lo, hi]) => [lo << 18n, ((hi + 1n) << 18n) - 1n]),
    ranges,
  );
  const cone = { type: 'circle' as const, ra: 10, dec: 20, radius: 0 };
  const zero = coveringIndexRanges(cone, { maxRanges: 16 });
  assert.ok(zero && inRanges(zero, ang2pixBig(29, 10, 20)), 'a zero radius still covers its centre');
  assert.equal(coveringIndexRanges({ ...cone, radius: 180 }, { maxRanges: 16 }), null, 'the whole sky');
  assert.equal(coveringIndexRanges({ ...cone, radius: 90 }, { maxRanges: 16, noFilterRadius: 90 }), null);
  assert.equal(coveringIndexRanges({ ...cone, radius: -1 }, { maxRanges: 16 }), null);
});
