import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { formatStcs, parseStcs } from './stcs.ts';

test('STC-S circle, polygon, position, box with optional frame/refpos/flavor words', () => {
  assert.deepEqual(parseStcs('Circle ICRS 10 20 0.5').value, { type: 'circle', ra: 10, dec: 20, radius: 0.5 });
  assert.deepEqual(parseStcs('circle icrs geocenter spherical2 10 20 0.5 unit deg').value, {
    type: 'circle',
    ra: 10,
    dec: 20,
    radius: 0.5,
  });
  assert.deepEqual(parseStcs('Position 10 -5').value, { type: 'point', ra: 10, dec: -5 });
  assert.deepEqual(parseStcs('Box ICRS 10 20 2 1').value, { type: 'box', ra: 10, dec: 20, width: 2, height: 1 });
  const p = parseStcs('Polygon ICRS TOPOCENTER -1 0 1 0 1 1');
  assert.deepEqual(p.value, {
    type: 'polygon',
    vertices: [
      { ra: 359, dec: 0 },
      { ra: 1, dec: 0 },
      { ra: 1, dec: 1 },
    ],
  });
  assert.equal(parseStcs('Circle GALACTIC 10 20 1').diagnostics[0].code, 'SKY_STCS_FRAME');
  assert.equal(parseStcs('Circle GALACTIC 10 20 1').frame, 'GALACTIC');
});

test('STC-S compound regions parse and print back', () => {
  const text = 'Union ICRS (Circle 10 20 1 Polygon 1 1 2 1 2 2 Not (Box 5 5 1 1))';
  const r = parseStcs(text);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.value?.type, 'union');
  assert.equal(formatStcs(r.value!), text);
  const again = parseStcs(formatStcs(r.value!));
  assert.deepEqual(again.value, r.value);
  assert.equal(parseStcs('Intersection (Circle 1 1 1 Circle 2 2 2)').value?.type, 'intersection');
});

test('the STC-S regions of the cds-healpix-rust corpus parse (Circle, and Difference of Polygon and Union)', () => {
  const cases = readFileSync(corpusPath('healpix', 'cds-healpix-rust-cli', 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { name: string; shell_commands: string });
  const stcs = cases.find((c) => c.name === 'test_cov_stcs')!;
  const regions = [...stcs.shell_commands.matchAll(/stcs "([^"]*)"/g)].map((m) => m[1]);
  assert.equal(regions.length, 2);
  const circle = parseStcs(regions[0]);
  assert.deepEqual(circle.value, { type: 'circle', ra: 147.6, dec: 69.9, radius: 0.4 });
  const diff = parseStcs(regions[1]);
  assert.deepEqual(diff.diagnostics, []);
  assert.equal(diff.value?.type, 'difference');
  if (diff.value?.type !== 'difference') return;
  const [outer, union] = diff.value.regions;
  const outerNumbers = regions[1]
    .slice(regions[1].indexOf('Polygon'), regions[1].indexOf('Union'))
    .match(/-?\d+\.\d+/g);
  assert.equal(outer.type === 'polygon' && outer.vertices.length, outerNumbers!.length / 2);
  assert.equal(union.type === 'union' && union.regions.length, 2);
});

test('STC-S errors name what was wrong', () => {
  const two = parseStcs('Polygon ICRS 10 10 20 10');
  assert.equal(two.diagnostics[0].code, 'SKY_BAD_POLYGON');
  assert.match(two.diagnostics[0].message, /at least 3 vertices, got 2/);
  assert.equal(parseStcs('Ellipse ICRS 1 2 3 4 5').diagnostics[0].code, 'SKY_STCS_UNKNOWN_SHAPE');
  assert.equal(parseStcs('Circle ICRS 10 20').diagnostics[0].code, 'SKY_WRONG_COUNT');
  assert.equal(parseStcs('Circle ICRS 10 95 1').diagnostics[0].code, 'SKY_BAD_LATITUDE');
  assert.equal(parseStcs('Union ICRS (Circle 1 1 1').diagnostics[0].code, 'SKY_STCS_SYNTAX');
  assert.equal(parseStcs('Circle ICRS 1 1 1 extra').diagnostics[0].code, 'SKY_STCS_SYNTAX');
  assert.equal(parseStcs('Circle CARTESIAN3 1 1 1').diagnostics[0].code, 'SKY_STCS_UNSUPPORTED');
  assert.equal(parseStcs('').diagnostics[0].code, 'SKY_EMPTY');
  assert.equal(parseStcs('Not (Circle 1 1 1 Circle 2 2 2)').diagnostics[0].code, 'SKY_STCS_SYNTAX');
});
