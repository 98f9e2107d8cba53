// Every FITS MOC of shared/corpus/moc reads; our FITS round-trips; the cds-moc-rust Bayestar split case.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  frequencyMocToRanges,
  type Moc,
  mocToAscii,
  mocToJson,
  parseMocAscii,
  parseMocJson,
  parseStMocAscii,
  type SpaceTimeMoc,
  splitSpaceMoc,
  stMocToAscii,
} from '@obscura/sky';
import { corpusPath } from '@obscura/testkit';
import { openFits } from './file.ts';
import { encodeMocFits, readMocFits } from './moc-fits.ts';

function fitsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? fitsFiles(p) : f.endsWith('.fits') ? [p] : [];
  });
}

const files = fitsFiles(corpusPath('moc'));

test('all 16 FITS MOCs of the corpus read without errors (NUNIQ 1J/1K, RANGE, TIME, FREQUENCY, TIME.SPACE)', async () => {
  assert.equal(files.length, 16);
  const kinds = new Map<string, number>();
  for (const f of files) {
    const r = await readMocFits(f);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
      f,
    );
    const kind = r.stmoc ? 'stmoc' : (r.moc as Moc).dim;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    assert.ok(r.stmoc ? r.stmoc.entries.length > 0 : !(r.moc as Moc).isEmpty(), f);
  }
  assert.deepEqual(Object.fromEntries(kinds), { space: 11, time: 2, stmoc: 2, frequency: 1 });
});

test('known contents: MOC 2.0 SMOC/TMOC/STMOC samples and the GW credible regions', async () => {
  const smoc = (await readMocFits(corpusPath('moc', 'mocpy', 'resources', 'MOC2.0', 'SMOC.fits'))).moc as Moc;
  assert.equal(smoc.depth, 29);
  assert.equal(smoc.isBig, true);
  // UNIQ 259 = 4·4^3 + 3 → order 3 cell 3; UNIQ 266 → order 3 cell 10.
  assert.ok(mocToAscii(smoc).startsWith('3/3 10 4/'));
  const tmoc = (await readMocFits(corpusPath('moc', 'mocpy', 'resources', 'MOC2.0', 'TMOC.fits'))).moc as Moc;
  assert.equal(tmoc.depth, 35);
  assert.deepEqual(Array.from(tmoc.rangesAtMaxDepth()), [1073741824n, 2684354560n]);
  const st = (await readMocFits(corpusPath('moc', 'mocpy', 'resources', 'MOC2.0', 'STMOC.fits'))).stmoc as SpaceTimeMoc;
  assert.equal(stMocToAscii(st), 't61/1 3 5 s3/1-3 t61/50 52 s4/25 t61/ s4/');
  const gw90 = (await readMocFits(corpusPath('moc', 'aladin-lite', 'examples', 'data', 'gw', 'gw_0.9.fits')))
    .moc as Moc;
  const gw10 = (await readMocFits(corpusPath('moc', 'aladin-lite', 'examples', 'data', 'gw', 'gw_0.1.fits')))
    .moc as Moc;
  // The 10 % credible region lies inside the 90 % one.
  assert.ok(gw10.difference(gw90).isEmpty());
  assert.ok(gw90.coverageFraction() > gw10.coverageFraction());
});

test('write then read gives the same MOC, for every corpus MOC (NUNIQ and RANGE)', async () => {
  for (const f of files) {
    const r = await readMocFits(f);
    if (r.stmoc) {
      const back = await readMocFits(encodeMocFits(r.stmoc));
      assert.ok(back.stmoc?.equals(r.stmoc), f);
      assert.ok(parseStMocAscii(stMocToAscii(r.stmoc)).stmoc?.equals(r.stmoc), f);
      continue;
    }
    const m = r.moc as Moc;
    const orderings: Array<'NUNIQ' | 'RANGE'> = m.dim === 'space' ? ['NUNIQ', 'RANGE'] : ['RANGE'];
    for (const ordering of orderings) {
      const bytes = encodeMocFits(m, { ordering, mocid: 'ivo://obscura/test' });
      const back = await readMocFits(bytes);
      assert.deepEqual(back.diagnostics, [], `${f} ${ordering}`);
      assert.equal(back.ordering, ordering);
      assert.ok(back.moc?.equals(m), `${f} ${ordering}`);
      assert.equal(back.header?.getString('MOCID'), 'ivo://obscura/test');
    }
    assert.ok(parseMocAscii(mocToAscii(m, { prefix: true })).moc?.equals(m), f);
    assert.ok(parseMocJson(mocToJson(m, { wrap: true })).moc?.equals(m), f);
  }
});

test('MOC 2.0 keywords of what we write (§6 table 3)', async () => {
  const space = parseMocAscii('3/1-5 10 4/100 12/').moc as Moc;
  const f = await openFits(encodeMocFits(space));
  const h = f.hdus[1].header;
  assert.equal(f.hdus[0].header.getBoolean('EXTEND'), true);
  assert.equal(h.getString('MOCVERS'), '2.0');
  assert.equal(h.getString('MOCDIM'), 'SPACE');
  assert.equal(h.getString('ORDERING'), 'NUNIQ');
  assert.equal(h.getString('COORDSYS'), 'C');
  assert.equal(h.getNumber('MOCORD_S'), 12);
  assert.equal(h.getString('TTYPE1'), 'UNIQ');
  assert.equal(h.getString('TFORM1'), '1J'); // orders < 14 fit 32 bits (§4.3.1)
  const time = parseMocAscii('t40/5-9').moc as Moc;
  const th = (await openFits(encodeMocFits(time))).hdus[1].header;
  assert.equal(th.getString('MOCDIM'), 'TIME');
  assert.equal(th.getString('ORDERING'), 'RANGE');
  assert.equal(th.getString('TIMESYS'), 'TCB');
  assert.equal(th.getNumber('MOCORD_T'), 40);
  assert.equal(th.getString('TFORM1'), '1K');
  assert.throws(() => encodeMocFits(time, { ordering: 'NUNIQ' }), RangeError);
});

test('split of the Bayestar 90 % region gives the 10 cds-moc-rust components, in order', async () => {
  const dir = corpusPath('moc', 'cds-moc-rust');
  const moc = (await readMocFits(join(dir, 'MOC_0.9_bayestar.multiorder.fits'))).moc as Moc;
  const parts = splitSpaceMoc(moc);
  assert.equal(parts.length, 10);
  parts.forEach((p, i) => {
    const text = readFileSync(join(dir, `Bayestar.multiorder.expected.${i}.ascii`), 'utf8');
    assert.equal(mocToAscii(p, { fold: 80 }), text, `component ${i}`);
  });
});

test('the mocpy F-MOC sample reads as a depth-50 frequency MOC', async () => {
  const r = await readMocFits(corpusPath('moc', 'mocpy', 'resources', 'FMOC', 'P2012180.fits'));
  const m = r.moc as Moc;
  assert.equal(m.dim, 'frequency');
  assert.equal(m.depth, 50);
  assert.equal(m.rangeCount, 143);
  const ranges = frequencyMocToRanges(m);
  for (let k = 1; k < ranges.length; k++) assert.ok(ranges[k][0] > ranges[k - 1][1]);
});
