import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { HEALPIX_INDEX_ORDER, healpixIndex, healpixRange } from './healpix-index.ts';

test('order-29 index equals the corpus ang2pix values (healpy/astropy-healpix cross-checked), exactly', () => {
  // Parse the nest value as text: order-29 indices exceed 2^53 and would lose digits through JSON.parse.
  const lines = readFileSync(corpusPath('healpix', 'computed-reference', 'ang2pix.jsonl'), 'utf8').split('\n');
  let checked = 0;
  for (const line of lines) {
    if (!line.includes('"order": 29,')) continue;
    const lon = Number(/"lon_deg": ([^,]+),/.exec(line)![1]);
    const lat = Number(/"lat_deg": ([^,]+),/.exec(line)![1]);
    const nest = BigInt(/"nest": (\d+)/.exec(line)![1]);
    assert.equal(healpixIndex(lon, lat), nest, line);
    checked++;
  }
  assert.equal(checked, 50);
  assert.equal(HEALPIX_INDEX_ORDER, 29);
});

test('missing or impossible positions have no index', () => {
  assert.equal(healpixIndex(null, 10), null);
  assert.equal(healpixIndex(10, Number.NaN), null);
  assert.equal(healpixIndex(10, 91), null);
});

test('a coarse pixel covers a contiguous order-29 range that contains its points', () => {
  const h = healpixIndex(123.4, -45.6)!;
  const order3 = h >> BigInt(2 * (29 - 3));
  const [lo, hi] = healpixRange(3, order3);
  assert.ok(lo <= h && h < hi);
  assert.equal(hi - lo, 4n ** 26n);
});
