// SELECT=best ranking: resolution scales as 1/ν from the radio columns (as the obscura_resolution_at UDF), images
// covering the frequency first, then the others by their extrapolated resolution, ties by identifier.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageRow } from './images.ts';
import { coversFrequency, rankByResolution, resolutionAt } from './resolution.ts';

function image(did: string, o: Partial<ImageRow>): ImageRow {
  return {
    did,
    collection: 'X',
    dataproductType: 'image',
    ra: 0,
    dec: 0,
    fov: 1,
    region: null,
    resolution: null,
    resolutionMin: null,
    freqMin: null,
    freqMax: null,
    releaseDate: null,
    proposalId: null,
    ...o,
  };
}

// VLASS-like: 2-4 GHz, 2.5" at 3 GHz → s_resolution_min = 2.5·3/4 at 4 GHz. RACS-like: 0.74-1.03 GHz, 25" at 0.8875.
const vlass = image('vlass', { resolution: 2.5, resolutionMin: 1.875, freqMin: 2e9, freqMax: 4e9 });
const racs = image('racs', {
  resolution: 25,
  resolutionMin: 25 * (0.8875 / 1.031),
  freqMin: 0.744e9,
  freqMax: 1.031e9,
});
const optical = image('optical', { resolution: 1, freqMin: 4e14, freqMax: 6e14 });

test('resolution at a frequency scales as 1/ν from s_resolution_min at freq_max', () => {
  assert.ok(Math.abs((resolutionAt(vlass, 3e9) as number) - 2.5) < 1e-12);
  assert.ok(Math.abs((resolutionAt(vlass, 4e9) as number) - 1.875) < 1e-12);
  assert.ok(Math.abs((resolutionAt(racs, 0.8875e9) as number) - 25) < 1e-9);
  // Without the radio columns: s_resolution at the band centre.
  assert.ok(Math.abs((resolutionAt(optical, 5e14) as number) - 1) < 1e-12);
  assert.equal(resolutionAt(image('none', {}), 1e9), null);
  assert.ok(coversFrequency(vlass, 3e9) && !coversFrequency(vlass, 1e9));
});

test('images covering FREQ come first, best resolution first; the rest by extrapolated resolution', () => {
  assert.deepEqual(
    rankByResolution([racs, optical, vlass], 3e9).map((i) => i.did),
    ['vlass', 'racs', 'optical'],
  );
  assert.deepEqual(
    rankByResolution([vlass, optical, racs], 0.9e9).map((i) => i.did),
    ['racs', 'vlass', 'optical'],
  );
  // Two images covering FREQ: the sharper one wins; equal ones by identifier.
  const sharper = image('b-sharp', { resolution: 1, resolutionMin: 0.75, freqMin: 2e9, freqMax: 4e9 });
  const twin = image('a-twin', { ...vlass, did: 'a-twin' });
  assert.deepEqual(
    rankByResolution([vlass, sharper, twin], 3e9).map((i) => i.did),
    ['b-sharp', 'a-twin', 'vlass'],
  );
});
