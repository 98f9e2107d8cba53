import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeTileFits, formatProperties, parseProperties, property } from '@obscura/hips';
import { rawRequest, withFixtureServer } from '../test-fixture.ts';

/** A minimal HiPS on disk: properties, one FITS tile (3/357), its PNG bytes, and a file that is not HiPS layout. */
function writeHips(dataDir: string): Uint8Array {
  const root = join(dataDir, 'hips', 'vlass');
  mkdirSync(join(root, 'Norder3', 'Dir0'), { recursive: true });
  writeFileSync(
    join(root, 'properties'),
    formatProperties([
      ['creator_did', 'ivo://obscura.test/P/vlass'],
      ['obs_title', 'VLASS'],
      ['hips_release_date', '2026-01-01T00:00Z'],
      ['hips_status', 'public master clonableOnce'],
      ['hips_order', '3'],
    ]),
  );
  const tile = encodeTileFits(new Float32Array(16).fill(1.5), 4, { order: 3, npix: 357 });
  writeFileSync(join(root, 'Norder3', 'Dir0', 'Npix357.fits'), tile);
  writeFileSync(join(root, 'hips-manifest.json'), '{}');
  return tile;
}

test('/hips/list, tiles with validators and 304, 404 text, and no path outside the HiPS layout', async () => {
  await withFixtureServer(async (server, fixture) => {
    const tile = writeHips(fixture.dataDir);
    const list = await fetch(`${server.url}/hips/list`);
    assert.equal(list.status, 200);
    assert.match(list.headers.get('content-type') ?? '', /^text\/plain/);
    const records = (await list.text()).split('\n\n');
    assert.equal(records.length, 1);
    const rec = parseProperties(records[0]);
    // HiPS 1.0 §5.2: each record has creator_did, hips_release_date, hips_service_url, hips_status.
    assert.equal(property(rec, 'creator_did'), 'ivo://obscura.test/P/vlass');
    assert.equal(property(rec, 'hips_service_url'), `${server.url}/hips/vlass`);
    assert.ok(property(rec, 'hips_release_date') && property(rec, 'hips_status'));

    const r = await fetch(`${server.url}/hips/vlass/Norder3/Dir0/Npix357.fits`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/fits');
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), tile);
    const etag = r.headers.get('etag')!;
    assert.ok(etag && r.headers.get('last-modified') && /max-age/.test(r.headers.get('cache-control') ?? ''));
    const again = await fetch(`${server.url}/hips/vlass/Norder3/Dir0/Npix357.fits`, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.status, 304);

    const props = await fetch(`${server.url}/hips/vlass/properties`);
    assert.match(props.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await props.text(), /creator_did +=/);

    const missing = await fetch(`${server.url}/hips/vlass/Norder3/Dir0/Npix356.png`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await missing.text(), /NpixN/);

    for (const path of [
      '/hips/vlass/hips-manifest.json',
      '/hips/vlass/../../secret.txt',
      '/hips/vlass/Norder3/Dir0/..%2F..%2Fproperties',
      '/hips/..%2Fvlass/properties',
      '/hips/vlass/Norder3/Dir10000/Npix357.fits',
      '/hips/nosuch/properties',
    ]) {
      const x = await rawRequest(server.url, path);
      assert.equal(x.status, 404, path);
      assert.ok(!x.body.toString().includes(fixture.secretText), path);
    }
  });
});
