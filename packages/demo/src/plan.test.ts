import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Wcs } from '@obscura/fits';
import { planDemo, QL_FULL_PIXELS } from './plan.ts';
import { landmarkComponents, M82 } from './sky-model.ts';

test('the M82 QL tile (full 3722² and the small window) holds M82 and the bright double', () => {
  const plan = planDemo('small', 1);
  const field = plan.vlassFields.find((f) => f.key === 'm82')!;
  const full = Wcs.fromParameters({
    ctype: ['RA---SIN', 'DEC--SIN'],
    crval: [field.subtile.ra, field.subtile.dec],
    crpix: [1861, 1861],
    cdelt: [-1 / 3600, 1 / 3600],
  });
  const double = landmarkComponents().filter((c) => c.sourceId === 'DBL1');
  for (const p of [M82, ...double]) {
    const [x, y] = full.worldToPixel(p.ra, p.dec);
    assert.ok(x > 0 && x < QL_FULL_PIXELS - 1 && y > 0 && y < QL_FULL_PIXELS - 1);
    // The small window of 2048² around windowCentre.
    const [wx, wy] = full.worldToPixel(field.windowCentre.ra, field.windowCentre.dec);
    assert.ok(Math.abs(x - wx) < plan.vlassPixels / 2 - 100 && Math.abs(y - wy) < plan.vlassPixels / 2 - 100);
  }
  assert.equal(field.subtile.tile.slice(0, 3), 'T28');
});

test('sizes: small has reduced tiles, large full 3722² tiles and more fields, medium the bulk tables', () => {
  const small = planDemo('small', 1);
  const medium = planDemo('medium', 1);
  const large = planDemo('large', 1);
  assert.equal(small.vlassPixels, 2048);
  assert.equal(large.vlassPixels, QL_FULL_PIXELS);
  assert.ok(large.vlassFields.length > small.vlassFields.length);
  assert.equal(small.allSkyCatalog, false);
  assert.equal(medium.bulkObscoreRows, 1_000_000);
});
