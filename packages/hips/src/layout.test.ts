import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { allskyPath, parseHipsPath, tileDirNumber, tilePath } from './layout.ts';

test('HiPS 1.0 §4.1 example: tile 6/10302 is Norder6/Dir10000/Npix10302', () => {
  assert.equal(tileDirNumber(10302), 10000);
  assert.equal(tilePath(6, 10302, 'fits'), 'Norder6/Dir10000/Npix10302.fits');
  assert.equal(allskyPath(3, 'png'), 'Norder3/Allsky.png');
});

test('the corpus tile path parses back to its address (DSS2 Norder3/Dir0/Npix357.jpg layout)', () => {
  const names = readdirSync(corpusPath('hips', 'aladin-lite-examples-hips/CDS_P_DSS2_color/Norder3/Dir0'));
  assert.deepEqual(names, ['Npix357.jpg']);
  assert.deepEqual(parseHipsPath('Norder3/Dir0/Npix357.png'), { kind: 'tile', order: 3, npix: 357, format: 'png' });
});

test('parseHipsPath accepts only the layout: properties, Moc.fits, Allsky 0..3, tiles with the right DirD', () => {
  assert.deepEqual(parseHipsPath('properties'), { kind: 'properties' });
  assert.deepEqual(parseHipsPath('Moc.fits'), { kind: 'moc' });
  assert.deepEqual(parseHipsPath('Norder3/Allsky.fits'), { kind: 'allsky', order: 3, format: 'fits' });
  assert.deepEqual(parseHipsPath('Norder9/Dir1400000/Npix1400887.fits'), {
    kind: 'tile',
    order: 9,
    npix: 1400887,
    format: 'fits',
  });
  for (const bad of [
    '../properties',
    'Norder9/Dir0/Npix1400887.fits', // wrong DirD
    'Norder3/Dir0/Npix768.png', // beyond 12·4^3 tiles
    'Norder3/Dir0/Npix07.png', // leading zero
    'Norder3/Dir0/../../x',
    'Norder3/Dir0/Npix7.jpg', // not a format we write
    'hips-manifest.json',
    'Norder4/Allsky.fits',
    'properties/',
    '',
  ]) {
    assert.equal(parseHipsPath(bad), null, bad);
  }
});
