import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from './random.ts';
import { cell, cellComponents, cellsInRow, cellsOverlapping } from './sky-cells.ts';
import { boxArea } from './sky-model.ts';

test('cells tile the sphere: their areas add up to 4π sr', () => {
  let area = 0;
  for (let j = 0; j < 180; j++) area += cellsInRow(j) * boxArea(cell(j, 0).box);
  assert.ok(Math.abs(area - 41252.96) < 0.01, `${area}`);
});

test('a cell draws the same components whoever asks; overlapping boxes find the cells around RA 0', () => {
  const a = cellComponents(new Random(5), cell(100, 3));
  const b = cellComponents(new Random(5), cell(100, 3));
  assert.deepEqual(a, b);
  assert.ok(a.every((c) => c.dec >= 10 && c.dec < 11));
  const wrap = cellsOverlapping({ raMin: -0.5, raMax: 0.5, decMin: 0.2, decMax: 0.4 });
  assert.deepEqual(
    wrap.map((c) => c.i),
    [cellsInRow(90) - 1, 0],
  );
});
