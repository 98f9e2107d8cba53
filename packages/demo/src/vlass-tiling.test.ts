import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { jName, vlassBand, vlassSubtileAt } from './vlass-tiling.ts';

// Real QL file names: epoch.ql.T<band>t<index>.J<centre>...
const realNames = readFileSync(corpusPath('vlass', 'vlass2caom2', 'caom_query.csv'), 'utf8')
  .split('\n')
  .map((l) => /^VLASS\d\.\d\.ql\.T(\d\d)t(\d\d)\.J(\d\d)(\d\d)(\d\d)([+-])(\d\d)(\d\d)(\d\d)\./.exec(l))
  .filter((m): m is RegExpExecArray => m !== null);

test('the Dec band of every real QL subtile name matches its T number', () => {
  assert.ok(realNames.length > 2000);
  let bad = 0;
  for (const m of realNames) {
    const dec = (m[6] === '-' ? -1 : 1) * (Number(m[7]) + Number(m[8]) / 60);
    if (vlassBand(dec).band !== Number(m[1])) bad++;
  }
  assert.equal(bad, 0);
});

test('tiles and subtile J-names reproduce real equatorial and T24 names', () => {
  // Real: VLASS1.1.ql.T10t12.J075402-033000, VLASS2.1 T10t01.J000200-003000, VLASS1.2.ql.T24t05.J040314+523000.
  assert.equal(vlassSubtileAt(118.5, -3.5).tile, 'T10t12');
  assert.equal(vlassSubtileAt(0.5, -0.5).tile, 'T10t01');
  // T24's RA width (15°) is not reproduced by the approximation (it gives 16.4°); only the band is checked there.
  assert.equal(vlassSubtileAt(61, 52.5).tile.slice(0, 3), 'T24');
});

test('the M82 subtile contains M82 within the 3722" QL image', () => {
  const s = vlassSubtileAt(148.9684583, 69.6797028);
  assert.equal(s.dec, 69.5);
  const dx = (148.9684583 - s.ra) * Math.cos((69.6 * Math.PI) / 180);
  assert.ok(Math.abs(dx) < 3722 / 2 / 3600, `RA offset ${dx} deg`);
  assert.match(s.subtile, /^J\d{6}\+693000$/);
});

test('J-names truncate like IAU designations and VLASS names', () => {
  assert.equal(jName(0.6180333333333, -36.5, 0), 'J000228-363000');
  assert.equal(jName(99.58423379505683, 11.4999710182705 + 3e-5, 0), 'J063820+113000');
  assert.equal(jName(227.90158032679344, 47.482461232030325, 2), 'J151136.37+472856.8');
});
