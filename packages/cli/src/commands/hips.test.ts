// Which images `obscura hips build` uses: the collection's #this image files, public ones only (a HiPS is served to
// everyone, DESIGN.md "Proprietary data").
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { COLLECTIONS_TABLE, FILES_TABLE, OBSCORE_TABLE, openDatabase } from '@obscura/archive';
import { withTempDir } from '@obscura/testkit';
import { collectionImages } from './hips.ts';

test('collectionImages leaves out proprietary images and other collections', () =>
  withTempDir(async (dir) => {
    const db = await openDatabase(`sqlite:${join(dir, 'a.sqlite')}`);
    try {
      await db.migrate();
      await db.upsert(COLLECTIONS_TABLE, [{ name: 'RACS', root_path: 'racs' }]);
      const product = (obsId: string, collection: string, extra: Record<string, unknown> = {}) => ({
        obs_publisher_did: `ivo://t/${collection}?${obsId}`,
        obs_collection: collection,
        obs_id: obsId,
        dataproduct_type: 'image',
        calib_level: 2,
        ...extra,
      });
      await db.upsert(OBSCORE_TABLE, [
        product('public', 'RACS', { obs_release_date: '2020-01-01T00:00:00' }),
        product('undated', 'RACS'),
        product('secret', 'RACS', { obs_release_date: '2099-01-01T00:00:00', proposal_id: 'AS110' }),
        product('elsewhere', 'VLASS'),
      ]);
      await db.upsert(FILES_TABLE, [
        { obs_publisher_did: 'ivo://t/RACS?public', path: 'public.fits', semantics: '#this' },
        { obs_publisher_did: 'ivo://t/RACS?undated', path: 'undated.fits', semantics: '#this' },
        { obs_publisher_did: 'ivo://t/RACS?secret', path: 'secret.fits', semantics: '#this' },
        { obs_publisher_did: 'ivo://t/VLASS?elsewhere', path: 'elsewhere.fits', semantics: '#this' },
      ]);
      assert.deepEqual(await collectionImages(db, dir, 'RACS'), [
        join(dir, 'racs', 'public.fits'),
        join(dir, 'racs', 'undated.fits'),
      ]);
    } finally {
      await db.close();
    }
  }));
