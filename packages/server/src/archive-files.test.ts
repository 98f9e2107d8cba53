import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { type ArchiveFileRecord, collectionRoot, locateOnDisk, splitFileUrlPath } from './archive-files.ts';
import { HttpError } from './errors.ts';

describe('splitFileUrlPath', () => {
  it('splits collection and relative path', () => {
    assert.deepEqual(splitFileUrlPath('vlass/epoch1/a.fits'), { collection: 'vlass', path: 'epoch1/a.fits' });
  });
  it('refuses anything that is not a plain relative path', () => {
    for (const p of [
      '',
      'vlass',
      'vlass/',
      '/etc/passwd',
      'vlass//a',
      'vlass/./a',
      'vlass/../a',
      '../a/b',
      'v/a\\..\\b',
      'v/a\0',
    ]) {
      assert.equal(splitFileUrlPath(p), null, JSON.stringify(p));
    }
  });
});

describe('locateOnDisk', () => {
  const record = (path: string, rootPath: string | null = null): ArchiveFileRecord => ({
    collection: 'c',
    path,
    rootPath,
    contentType: null,
    semantics: '#this',
    obs_publisher_did: 'ivo://x.test/c?o',
    obs_release_date: null,
    proposal_id: null,
  });
  const refusedWith = (status: number, pattern: RegExp) => (e: unknown) =>
    e instanceof HttpError && e.status === status && pattern.test(e.message);

  it('resolves collection roots: default, relative to the data dir, absolute', () => {
    assert.equal(collectionRoot('/d', 'c', null), '/d/c');
    assert.equal(collectionRoot('/d', 'c', 'sub/dir'), '/d/sub/dir');
    assert.equal(collectionRoot('/d', 'c', '/elsewhere/c'), '/elsewhere/c');
  });

  it('finds a regular file and refuses database paths and symlinks that leave the collection root', () =>
    withTempDir(async (dir) => {
      const data = join(dir, 'data');
      mkdirSync(join(data, 'c', 'sub'), { recursive: true });
      mkdirSync(join(dir, 'outside'));
      writeFileSync(join(data, 'c', 'sub', 'a.fits'), 'abc');
      writeFileSync(join(dir, 'outside', 'secret'), 'secret');
      writeFileSync(join(data, 'sibling.fits'), 'sibling');
      symlinkSync(join(dir, 'outside'), join(data, 'c', 'linkdir'));
      symlinkSync(join(data, 'c', 'sub', 'a.fits'), join(data, 'c', 'inside-link.fits'));

      const ok = await locateOnDisk(data, record('sub/a.fits'));
      assert.equal(ok.absolutePath, join(data, 'c', 'sub', 'a.fits'));
      assert.equal(ok.size, 3);
      // A symlink that stays inside the root is fine.
      assert.equal((await locateOnDisk(data, record('inside-link.fits'))).size, 3);

      await assert.rejects(locateOnDisk(data, record('../sibling.fits')), refusedWith(403, /registered outside/));
      await assert.rejects(locateOnDisk(data, record(join(dir, 'outside', 'secret'))), refusedWith(403, /outside/));
      await assert.rejects(locateOnDisk(data, record('linkdir/secret')), refusedWith(403, /resolves outside/));
      await assert.rejects(locateOnDisk(data, record('sub')), refusedWith(404, /is not a file/));
      await assert.rejects(locateOnDisk(data, record('nothing.fits')), refusedWith(503, /missing on disk/));
    }));
});
