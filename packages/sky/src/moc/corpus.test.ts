// The cds-moc-rust expected results of shared/corpus/moc (see its PROVENANCE.md and cds-moc-rust/cases.json).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { mocToAscii, parseMocAscii } from './ascii.ts';
import { mocToJson, parseMocJson } from './json.ts';
import type { Moc } from './moc.ts';
import { spaceMocFromRing } from './space.ts';

const dir = corpusPath('moc', 'cds-moc-rust');
const read = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');
const cases = JSON.parse(read('cases.json')) as {
  cases: Array<{ name: string; params?: Record<string, number>; expected?: Record<string, string> }>;
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
