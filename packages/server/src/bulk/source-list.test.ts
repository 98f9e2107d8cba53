// Source lists: CSV (RFC 4180 quoting, column names in any case, default radius) and VOTable (columns by name or by
// UCD), and every bad row reported together.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRecords, parseSourceList, SourceListError } from './source-list.ts';

const enc = (s: string) => new TextEncoder().encode(s);

test('CSV: quoted names with commas and quotes, RA/Dec in any case, radius column or RADIUS', async () => {
  const sources = await parseSourceList(
    enc('Name,RA,Dec,radius\r\n"M82, the cigar",148.9684583,69.6797028,0.02\n"say ""hi""",-10,5,\n'),
    0.05,
  );
  assert.deepEqual(sources, [
    { index: 0, name: 'M82, the cigar', ra: 148.9684583, dec: 69.6797028, radius: 0.02 },
    { index: 1, name: 'say "hi"', ra: 350, dec: 5, radius: 0.05 },
  ]);
});

test('CSV: rows without a name are numbered; blank lines are skipped', async () => {
  const sources = await parseSourceList(enc('ra,dec\n10,20\n\n11,21\n'), 0.01);
  assert.deepEqual(
    sources.map((s) => [s.index, s.name]),
    [
      [0, 'source1'],
      [1, 'source2'],
    ],
  );
});

test('every bad row is reported at once', async () => {
  await assert.rejects(
    parseSourceList(enc('ra,dec,radius\nx,1,0.1\n10,95,0.1\n10,10,0\n10,10,\n'), undefined),
    (e: Error) =>
      e instanceof SourceListError &&
      /4 bad sources/.test(e.message) &&
      /row 1: ra=x/.test(e.message) &&
      /row 2:.*dec=95/.test(e.message) &&
      /row 3: radius 0/.test(e.message) &&
      /row 4: no radius/.test(e.message),
  );
  await assert.rejects(parseSourceList(enc('x,y\n1,2\n'), 0.1), /needs ra and dec columns.*x, y/);
  await assert.rejects(parseSourceList(enc('ra,dec\n'), 0.1), /no rows/);
});

test('VOTable: ra/dec found by UCD when the names differ, radius and name by name', async () => {
  const vot = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="id" datatype="char" arraysize="*"/>
<FIELD name="alpha" datatype="double" ucd="pos.eq.ra;meta.main"/>
<FIELD name="delta" datatype="double" ucd="pos.eq.dec;meta.main"/>
<FIELD name="radius" datatype="float"/>
<DATA><TABLEDATA><TR><TD>a</TD><TD>1.5</TD><TD>-2.5</TD><TD>0.1</TD></TR><TR><TD>b</TD><TD>2</TD><TD>3</TD><TD/></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;
  const sources = await parseSourceList(enc(vot), 0.2);
  assert.deepEqual(sources, [
    { index: 0, name: 'a', ra: 1.5, dec: -2.5, radius: 0.1 },
    { index: 1, name: 'b', ra: 2, dec: 3, radius: 0.2 },
  ]);
});

test('csvRecords keeps line breaks inside quotes', () => {
  assert.deepEqual(csvRecords('a,b\n"x\ny",2\n'), [
    ['a', 'b'],
    ['x\ny', '2'],
  ]);
});
