// The cds-moc-rust expected results of shared/corpus/moc (see its PROVENANCE.md and cds-moc-rust/cases.json).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { mocToAscii, parseMocAscii } from './ascii.ts';
import { mocToJson, parseMocJson } from './json.ts';
import type { Moc } from './moc.ts';
import { spaceMocFromMultiOrderMap } from './multi-order-map.ts';
import { spaceMocFromRing } from './space.ts';

const dir = corpusPath('moc', 'cds-moc-rust');
const read = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');
const cases = JSON.parse(read('cases.json')) as {
  cases: Array<{
    name: string;
    params?: Record<string, number | string | boolean>;
    expected?: Record<string, string>;
    expected_ascii?: string | string[];
  }>;
};

test('every ASCII MOC of the corpus reads without diagnostics and prints back byte for byte (fold 80)', () => {
  const files = readdirSync(dir).filter((f) => /\.(ascii|txt)$/.test(f));
  assert.equal(files.length, 17);
  for (const f of files) {
    const text = read(f);
    const r = parseMocAscii(text);
    assert.deepEqual(r.diagnostics, [], f);
    assert.equal(mocToAscii(r.moc as Moc, { fold: 80 }), text, f);
  }
});

test('GLIMPSE (JSON): degrade, complement, union and intersection give the cases.json results', () => {
  const glimpse = parseMocJson(read('glimpse.moc.json'));
  assert.deepEqual(glimpse.diagnostics, []);
  const g = glimpse.moc as Moc;
  assert.equal(g.depth, 9);
  const expected = cases.cases.find((c) => c.name.startsWith('degrade/complement'))?.expected ?? {};
  const d0 = g.degrade(0);
  assert.equal(mocToAscii(d0), expected['degrade to order 0, ascii']);
  assert.equal(mocToAscii(d0.complement()), expected['complement of that']);
  assert.equal(mocToAscii(g.union(g.complement())), expected['glimpse UNION complement(glimpse)']);
  assert.equal(mocToAscii(g.intersection(g.complement())), expected['glimpse INTER complement(glimpse)']);
  // glimpse_not.moc.json is the complement of glimpse.moc.json
  const not = parseMocJson(read('glimpse_not.moc.json')).moc as Moc;
  assert.ok(not.equals(g.complement()));
  assert.equal(mocToAscii(g.difference(not.complement())), '9/ ');
  // JSON and ASCII round trips
  assert.ok((parseMocJson(mocToJson(g)).moc as Moc).equals(g));
  assert.ok((parseMocAscii(mocToAscii(g)).moc as Moc).equals(g));
});

test('from_ring: the cds-healpix-rust ring coverage gives the expected MOC cell for cell', () => {
  const c = cases.cases.find((k) => k.name === 'from_ring');
  const p = c?.params as Record<string, number>;
  const text = read('test.from_ring.expected.txt');
  const expected = parseMocAscii(text).moc as Moc;
  const ring = spaceMocFromRing(p.depth, p.lon_deg, p.lat_deg, p.r_int_deg, p.r_ext_deg);
  assert.equal(expected.cellsAtDepth(), 66369);
  assert.ok(ring.equals(expected));
  assert.equal(mocToAscii(ring, { fold: 80 }), text);
});

test('valued cells: the 6 GW190425 90 % credible-region MOCs match cds-moc-rust byte for byte', () => {
  // The map is a CSV of (UNIQ, PROBDENSITY) rows, the input of cds-moc-rust `moc from vcells ... ascii --density`.
  const rows = read('gw190425z_skymap.multiorder.csv').trim().split('\n');
  const uniqs = rows.map((r) => Number(r.split(',')[0]));
  const density = rows.map((r) => Number(r.split(',')[1]));
  assert.equal(uniqs.length, 16896);
  const vcases = cases.cases.filter((k) => k.name.startsWith('valued_cells'));
  assert.equal(vcases.length, 6);
  for (const c of vcases) {
    const p = c.params as Record<string, number | string | boolean>;
    const moc = spaceMocFromMultiOrderMap(uniqs, density, {
      depth: p.depth as number,
      cumulativeFrom: Number(p.from_threshold),
      cumulativeTo: Number(p.to_threshold),
      ascending: p.asc as boolean,
      strict: !p.not_strict,
      noSplit: !p.split, // cds-moc-rust from.rs passes `!split` as no_split for ASCII input
      reverseDescent: p.reverse_recursive_descent as boolean,
    });
    assert.equal(mocToAscii(moc, { fold: 80 }), read(c.expected_ascii as string), c.name);
  }
});
