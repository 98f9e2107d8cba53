import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCorpusJsonl } from '@obscura/testkit';
import { queryDisc } from './query-disc.ts';
import { rangesToPixels } from './ranges.ts';
import { nest2ring } from './ring.ts';

interface DiscCase {
  lon_deg: number;
  lat_deg: number;
  radius_deg: number;
  order: number;
  scheme: 'nested' | 'ring';
  inclusive: boolean;
  pixels: number[];
}

test('query_disc: all 28 computed-reference cases (healpy 1.16), nested directly and ring through nest2ring', () => {
  const cases = readCorpusJsonl<DiscCase>('healpix', 'computed-reference', 'query_disc.jsonl');
  assert.equal(cases.length, 28);
  for (const c of cases) {
    const ranges = queryDisc(c.order, c.lon_deg, c.lat_deg, c.radius_deg, { inclusive: c.inclusive });
    for (let i = 2; i < ranges.length; i += 2) assert.ok(ranges[i] > ranges[i - 1], 'sorted and merged');
    let pixels = Array.from(rangesToPixels(ranges));
    if (c.scheme === 'ring') pixels = pixels.map((p) => nest2ring(c.order, p)).sort((a, b) => a - b);
    assert.deepEqual(pixels, c.pixels, JSON.stringify({ ...c, pixels: undefined }));
  }
});
