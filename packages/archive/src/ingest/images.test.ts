// ingestImages on files with the real VLASS QL headers (corpus vlass/vlass2caom2): each header is written as a FITS
// file whose data unit is a sparse hole of the right size (zeros, no disk), so the files have the real layout.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { padToBlock, parseHeaderText } from '@obscura/fits';
import { corpusPath, withTempDir } from '@obscura/testkit';
import { openDatabase } from '../database.ts';
import { ingestImages } from './images.ts';
import { expandPaths } from './paths.ts';

const DIR = corpusPath('vlass', 'vlass2caom2');
const QL = readdirSync(DIR).filter((f) => /\.ql\..*\.subim\.fits\.header$/.test(f));

function writeSparseFits(path: string, headerText: string): void {
  const { header } = parseHeaderText(headerText);
  const bytes = header.toBytes();
  writeFileSync(path, bytes);
  const n = Math.abs(header.getNumber('BITPIX')!) / 8;
  let pixels = 1;
  for (let i = 1; i <= header.getNumber('NAXIS')!; i++) pixels *= header.getNumber(`NAXIS${i}`)!;
  truncateSync(path, bytes.length + padToBlock(n * pixels));
}

test('real VLASS QL files: products, .rms attached (not products), re-ingest, a corrupt file in the batch', async () => {
  await withTempDir(async (dir) => {
    const data = join(dir, 'data', 'vlass');
    mkdirSync(data, { recursive: true });
    for (const h of QL) writeSparseFits(join(data, h.replace(/\.header$/, '')), readFileSync(join(DIR, h), 'latin1'));
    writeFileSync(join(data, 'broken.fits'), 'SIMPLE  =                    T / but nothing else\n');
    const images = QL.filter((h) => !h.includes('.rms.'));
    const rms = QL.filter((h) => h.includes('.rms.'));
    const db = await openDatabase(`sqlite:${join(dir, 'a.sqlite')}`);
    try {
      for (let round = 0; round < 2; round++) {
        const r = await ingestImages(db, [data], { collection: 'VLASS', root: join(dir, 'data') });
        assert.equal(r.products, images.length);
        // Every rms file whose image is in the corpus is attached; the others are reported (their image is absent),
        // and so is the broken file, by name, while the rest of the batch loads.
        const attached = rms.filter((f) => images.includes(f.replace('.rms.', '.')));
        const orphans = rms.filter((f) => !attached.includes(f)).map((f) => join(data, f.replace(/\.header$/, '')));
        assert.ok(orphans.length >= 1);
        assert.deepEqual(r.skipped.map((s) => s.path).sort(), [join(data, 'broken.fits'), ...orphans].sort());
        assert.match(r.skipped.find((s) => s.path.endsWith('broken.fits'))!.reason, /no image HDU/);
        for (const o of r.skipped.filter((s) => s.path.includes('.rms.'))) assert.match(o.reason, /companion of/);
        assert.equal(r.auxiliary, attached.length);
      }
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM "ivoa.obscore"');
      assert.equal(n, images.length);
      const files = await db.all<{ path: string; semantics: string }>(
        'SELECT path, semantics FROM "obscura.files" ORDER BY path',
      );
      assert.equal(files.filter((f) => f.semantics === '#this').length, images.length);
      for (const f of files.filter((x) => x.semantics === '#auxiliary')) assert.match(f.path, /^vlass\/.*\.rms\./);
      const products = await db.all<{ obs_publisher_did: string }>('SELECT obs_publisher_did FROM "ivoa.obscore"');
      for (const p of products) assert.doesNotMatch(p.obs_publisher_did, /\.rms\./);
      // The zero-filled rms images give a median of 0: rms_noise comes from the companion, not a header keyword.
      const noise = await db.all<{ rms_noise: number | null }>(
        'SELECT rms_noise FROM "ivoa.obscore" WHERE rms_noise IS NOT NULL',
      );
      assert.equal(noise.length, files.filter((f) => f.semantics === '#auxiliary').length);
      const radio = await db.all('SELECT * FROM "ivoa.obscore_radio"');
      assert.equal(radio.length, images.length);
      // A second collection root for the same collection is refused (stored paths would break).
      await assert.rejects(ingestImages(db, [data], { collection: 'VLASS', root: dir }), /keeps its files under/);
    } finally {
      await db.close();
    }
  });
});

test('expandPaths: directories recursively, globs with * and **, missing arguments', async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    for (const f of ['a/x.fits', 'a/b/y.fits', 'a/b/z.txt', 'a/.hidden.fits']) writeFileSync(join(dir, f), '');
    const all = await expandPaths([join(dir, 'a')]);
    assert.deepEqual(all.files, [join(dir, 'a/b/y.fits'), join(dir, 'a/b/z.txt'), join(dir, 'a/x.fits')]);
    const glob = await expandPaths([`${dir}/**/*.fits`, `${dir}/a/*.fits`, `${dir}/nothing*`]);
    assert.deepEqual(glob.files, [join(dir, 'a/b/y.fits'), join(dir, 'a/x.fits')]);
    assert.deepEqual(glob.missing, [`${dir}/nothing*`]);
  });
});
