import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from './random.ts';
import {
  boxArea,
  boxAround,
  drawSourcesInBox,
  fluxAt,
  landmarkComponents,
  M82,
  REFERENCE_FREQUENCY_HZ,
  sourcesPerDeg2,
} from './sky-model.ts';

const comps = drawSourcesInBox(new Random(11).fork('test'), boxAround(150, 2, 2), 'T');
const sources = new Map(comps.map((c) => [c.sourceId, c]));
const singles = comps.filter((c) => c.kind === 'point' || c.kind === 'extended');

test('the source density follows the counts: ~112 per deg² above the VLASS 5σ limit of 0.6 mJy', () => {
  assert.ok(Math.abs(sourcesPerDeg2(6e-4, 10) - 112) < 3);
  const area = boxArea(boxAround(150, 2, 2));
  assert.ok(Math.abs(area - 16) < 0.1);
  const expected = sourcesPerDeg2(5e-5, 5) * area;
  assert.ok(Math.abs(sources.size - expected) < 4 * Math.sqrt(expected), `${sources.size} vs ${expected}`);
  const bright = [...sources.values()].filter((c) => c.flux > 6e-4).length;
  assert.ok(Math.abs(bright / area - 112) < 15, `${bright / area} per deg² above 0.6 mJy`);
});

test('spectral indices: median ≈ -0.7, ~15% flat, ~5% inverted', () => {
  const alphas = singles.map((c) => c.alpha).sort((a, b) => a - b);
  const median = alphas[Math.floor(alphas.length / 2)];
  // The steep 80% have median -0.7; flat and inverted ones pull the overall median up to ≈ -0.64.
  assert.ok(median > -0.72 && median < -0.6, `median ${median}`);
  const frac = (k: string) => singles.filter((c) => c.spectralClass === k).length / singles.length;
  assert.ok(Math.abs(frac('flat') - 0.15) < 0.02, `flat ${frac('flat')}`);
  assert.ok(Math.abs(frac('inverted') - 0.05) < 0.01, `inverted ${frac('inverted')}`);
  assert.ok(singles.filter((c) => c.spectralClass === 'inverted').every((c) => c.alpha > 0.3));
  const steep = singles.filter((c) => c.spectralClass === 'steep').map((c) => c.alpha);
  const mean = steep.reduce((s, a) => s + a, 0) / steep.length;
  assert.ok(Math.abs(mean + 0.7) < 0.01);
});

test('some sources are extended, a few double-lobed with a flat core', () => {
  const extended = singles.filter((c) => c.kind === 'extended').length / singles.length;
  assert.ok(extended > 0.15 && extended < 0.25);
  const cores = comps.filter((c) => c.kind === 'core');
  assert.ok(cores.length > 0);
  for (const core of cores) assert.equal(comps.filter((c) => c.sourceId === core.sourceId).length, 3);
});

test('M82 is a bright extended source of several Jy at 1.4 GHz', () => {
  const m82 = landmarkComponents().filter((c) => c.sourceId === 'M82');
  const s14 = m82.reduce((s, c) => s + fluxAt(c, 1.4e9), 0);
  assert.ok(s14 > 6 && s14 < 9, `S(1.4 GHz) = ${s14}`);
  assert.ok(m82.every((c) => c.major >= 10 && c.ra === M82.ra));
  assert.equal(fluxAt({ flux: 2, alpha: -0.7 }, REFERENCE_FREQUENCY_HZ), 2);
});
