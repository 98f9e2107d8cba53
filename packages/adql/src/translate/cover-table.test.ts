// obscura_cover's ranges (the SQLite cross-match index join) hold every point within the radius: random circles
// all over the sky, at RA=0/360 and at both poles, small ones (the centre cell + neighbours path) and large ones
// (coveringIndexRanges), each with points on and inside the circle's edge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ang2pixBig, angularDistance } from '@obscura/sky';
import { seededRandom } from '@obscura/testkit';
import { coverRanges } from './cover-table.ts';

/** The point at distance d (degrees) and position angle t (radians) from (ra, dec). */
function offset(ra: number, dec: number, d: number, t: number): [number, number] {
  const r = Math.PI / 180;
  const d0 = dec * r;
  const rho = d * r;
  const sinD = Math.sin(d0) * Math.cos(rho) + Math.cos(d0) * Math.sin(rho) * Math.cos(t);
  const dd = Math.asin(Math.max(-1, Math.min(1, sinD)));
  const a = ra * r + Math.atan2(Math.sin(t) * Math.sin(rho) * Math.cos(d0), Math.cos(rho) - Math.sin(d0) * sinD);
  return [(((a / r) % 360) + 360) % 360, dd / r];
}

test('obscura_cover: every point within the radius has its order-29 index in one of the ranges', () => {
  const r = seededRandom(5);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const kind = i % 4;
    const ra = kind === 1 ? (360 + (r() - 0.5) * 0.02) % 360 : r() * 360;
    const dec = kind === 2 ? 90 - r() * 0.02 : kind === 3 ? -90 + r() * 0.02 : Math.asin(2 * r() - 1) * (180 / Math.PI);
    const radius = i % 10 === 0 ? r() * 2 : r() * 0.01 * (i % 3 === 0 ? 0.01 : 1);
    const ranges = coverRanges(ra, dec, radius);
    assert.ok(ranges.length > 0 && ranges.length <= 9, `${ranges.length} ranges`);
    for (let k = 0; k < 24; k++) {
      const d = k < 8 ? radius * (1 - 1e-9) : radius * r();
      const [pra, pdec] = offset(ra, dec, d, 2 * Math.PI * r());
      if (angularDistance(ra, dec, pra, pdec) > radius) continue;
      const h = ang2pixBig(29, pra, pdec);
      assert.ok(
        ranges.some(([lo, hi]) => h >= lo && h <= hi),
        `(${ra}, ${dec}) r=${radius}: (${pra}, ${pdec}) is outside the cover`,
      );
      checked++;
    }
  }
  assert.ok(checked > 60_000);
});

test('obscura_cover: no ranges for a missing centre or a negative radius; the whole sky for r >= 90°', () => {
  assert.deepEqual(coverRanges(null, 10, 1), []);
  assert.deepEqual(coverRanges(10, 10, -1), []);
  assert.equal(coverRanges(10, 10, 120).length, 1);
});
