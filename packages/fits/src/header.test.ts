import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { BLOCK_SIZE, Header, parseHeader, parseHeaderText } from './header.ts';

test('reads a WCS .hdr file (astropy maps/1904-66_TAN.hdr: 115 cards, no END card)', () => {
  const bytes = new Uint8Array(readFileSync(corpusPath('wcs', 'astropy', 'data', 'maps', '1904-66_TAN.hdr')));
  const { header, diagnostics, complete } = parseHeader(bytes);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['FITS_NO_END'],
  );
  assert.equal(complete, false);
  assert.equal(header.cards.length, 115);
  assert.equal(
    parseHeaderText(readFileSync(corpusPath('wcs', 'astropy', 'data', 'maps', '1904-66_TAN.hdr'), 'latin1')).diagnostics
      .length,
    0,
  );
  assert.equal(header.getBoolean('SIMPLE'), true);
  assert.equal(header.getNumber('NAXIS1'), 192);
  assert.equal(header.getString('CTYPE1'), 'RA---TAN');
  assert.equal(header.getNumber('CRPIX1'), -268.0658087122);
  assert.equal(header.getNumber('cdelt1'), -0.06666666666667, 'look-ups are case-insensitive');
  assert.equal(header.getNumber('CRVAL2'), -90);
});

test('reads every VLASS header in vlass2caom2 (text, one card per line)', () => {
  const dir = corpusPath('vlass', 'vlass2caom2');
  const files = readdirSync(dir).filter((f) => f.endsWith('.header'));
  assert.equal(files.length, 21);
  for (const f of files) {
    const { header, diagnostics } = parseHeaderText(readFileSync(`${dir}/${f}`, 'latin1'));
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
      f,
    );
    assert.equal(header.getBoolean('SIMPLE'), true, f);
    assert.equal(typeof header.getNumber('CRVAL1'), 'number', f);
    assert.equal(header.getString('CTYPE1')?.endsWith('SIN'), true, f);
  }
  const ql = parseHeaderText(
    readFileSync(
      `${dir}/VLASS1.1.ql.T01t01.J000228-363000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits.header`,
      'latin1',
    ),
  ).header;
  assert.equal(ql.getNumber('BITPIX'), -32);
  assert.equal(ql.getNumber('NAXIS1'), 3722);
  assert.equal(ql.getNumber('BMAJ'), 1.118623018265e-3);
  assert.equal(ql.getNumber('CRVAL3'), 3e9);
  assert.equal(ql.getNumber('RESTFRQ'), 2.98817238131e9);
  assert.equal(ql.getComment('RESTFRQ'), 'Rest Frequency (Hz)');
  assert.equal(ql.getString('DATE-OBS'), '2018-02-07T22:38:34.124999');
  assert.equal(ql.getString('OBJECT'), '', 'trailing blanks are not significant (FITS 4.0 §4.2.1.1)');
  assert.equal(ql.getString('FILNAM01'), 'VLASS1');
  assert.equal(ql.commentary('HISTORY').length, 19);
  assert.equal(ql.commentary('HISTORY')[0], 'CASA START LOGTABLE');
});

test('a header round-trips through bytes: CONTINUE, HIERARCH, commentary, bigint', () => {
  const long = 'a long string value that goes on '.repeat(5);
  const h = new Header()
    .set('SIMPLE', true, 'conforms')
    .set('BITPIX', 16)
    .set('NAXIS', 0)
    .set('LONGSTR', long, 'with a comment')
    .set('ESO DET CHIP ID', 'CCD-44')
    .set('BIG', 2n ** 62n)
    .add({ keyword: 'HISTORY', comment: 'made by a test' })
    .add({ keyword: '', comment: '  blank card text' })
    .set('BITPIX', -32);
  const bytes = h.toBytes();
  assert.equal(bytes.length % BLOCK_SIZE, 0);
  const { header, diagnostics, endOffset } = parseHeader(bytes);
  assert.deepEqual(diagnostics, []);
  assert.equal(endOffset, bytes.length);
  assert.deepEqual(header.cards, h.cards);
  assert.equal(header.getNumber('BITPIX'), -32, 'set replaces in place');
  assert.equal(header.cards[1].keyword, 'BITPIX');
  assert.equal(header.get('HIERARCH ESO DET CHIP ID'), 'CCD-44');
  assert.equal(header.get('BIG'), 2n ** 62n);
  header.delete('big');
  assert.equal(header.has('BIG'), false);
  assert.equal(header.getNumber('NOPE', 7), 7);
});

test('a header without END is reported, with the cards read so far', () => {
  const bytes = new Header().set('SIMPLE', true).toBytes().slice(0, 80);
  const r = parseHeader(bytes);
  assert.equal(r.header.getBoolean('SIMPLE'), true);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['FITS_NO_END'],
  );
});
