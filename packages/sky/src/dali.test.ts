import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDali, parseDaliCircle, parseDaliPoint, parseDaliPolygon } from './dali.ts';

test('DALI point, circle, polygon parse and print back (DALI 1.1 §3.3.5–3.3.7)', () => {
  const p = parseDaliPoint(' 10.5   -20.25 ');
  assert.deepEqual(p.value, { type: 'point', ra: 10.5, dec: -20.25 });
  assert.equal(formatDali(p.value!), '10.5 -20.25');
  const c = parseDaliCircle('148.9684583 69.6797028 0.02');
  assert.deepEqual(c.value, { type: 'circle', ra: 148.9684583, dec: 69.6797028, radius: 0.02 });
  assert.equal(formatDali(c.value!), '148.9684583 69.6797028 0.02');
  const g = parseDaliPolygon('10 10 20 10 20 20 10 20');
  assert.equal(g.value?.vertices.length, 4);
  assert.equal(formatDali(g.value!), '10 10 20 10 20 20 10 20');
  assert.deepEqual(g.diagnostics, []);
});

test('DALI errors are diagnostics with stable codes and plain messages', () => {
  const two = parseDaliPolygon('10 10 20 10');
  assert.equal(two.value, undefined);
  assert.equal(two.diagnostics[0].code, 'SKY_BAD_POLYGON');
  assert.equal(two.diagnostics[0].message, 'polygon: a polygon needs at least 3 vertices, got 2');
  assert.equal(parseDaliPolygon('10 10 20 10 20').diagnostics[0].code, 'SKY_WRONG_COUNT');
  assert.equal(parseDaliPolygon('10 10 10 10 20 20').diagnostics[0].code, 'SKY_BAD_POLYGON');
  assert.equal(parseDaliPoint('360 0').diagnostics[0].code, 'SKY_BAD_LONGITUDE');
  assert.equal(parseDaliPoint('10 91').diagnostics[0].code, 'SKY_BAD_LATITUDE');
  assert.equal(parseDaliPoint('10 20 30').diagnostics[0].code, 'SKY_WRONG_COUNT');
  assert.equal(parseDaliCircle('10 20 0').diagnostics[0].code, 'SKY_BAD_RADIUS');
  assert.equal(parseDaliCircle('10 20 180.5').diagnostics[0].code, 'SKY_BAD_RADIUS');
  assert.ok(parseDaliCircle('10 20 180').value);
  const bad = parseDaliPoint('10 abc');
  assert.equal(bad.diagnostics[0].code, 'SKY_BAD_NUMBER');
  assert.deepEqual(bad.diagnostics[0].span, { start: 3, end: 6 });
  assert.equal(parseDaliPoint('').diagnostics[0].code, 'SKY_EMPTY');
});
