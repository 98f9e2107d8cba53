// /moc/<collection> over real HTTP on the ingested small demo: the FITS MOC read by astropy (M82 inside VLASS's
// coverage, a far position outside), the F-MOC holding the VLASS band, JSON and ASCII forms, ETag/304 and the
// invalidation when the collection is re-ingested (its updated_at changes), text/plain errors.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COLLECTIONS_TABLE } from '@obscura/archive';
import { readMocFits } from '@obscura/fits';
import { frequencyMocContains, parseMocAscii, parseMocJson, spaceMocContains } from '@obscura/sky';
import { runPython, withTempDir } from '@obscura/testkit';
import { withDemoServer } from '../soda/demo-fixture.ts';

const M82 = { ra: 148.96846, dec: 69.6797 };
const FAR = { ra: 20, dec: -45 };

// astropy 5.2 has no MOC reader: the NUNIQ table is decoded by hand (MOC 2.0 §4.3.1: order = log2(uniq/4)/2,
// ipix = uniq − 4·4^order) and the positions are located with astropy-healpix (NESTED) at each cell's order.
const ASTROPY_CONTAINS = `
import sys, json
import numpy as np
from astropy.io import fits
from astropy_healpix import HEALPix
import astropy.units as u
from astropy.coordinates import Longitude, Latitude
h = fits.open(sys.argv[1])
t = h[1]
uniq = np.asarray(t.data['UNIQ'], dtype=np.int64)
order = (np.floor(np.log2(uniq // 4) / 2)).astype(int)
ipix = uniq - 4 * 4 ** order
out = {'ordering': t.header['ORDERING'], 'mocdim': t.header['MOCDIM'], 'order': int(t.header['MOCORD_S']),
       'cells': int(len(uniq)), 'contains': []}
for ra, dec in json.loads(sys.argv[2]):
    hit = False
    for o in np.unique(order):
        p = HEALPix(nside=2 ** int(o), order='nested').lonlat_to_healpix(Longitude(ra * u.deg), Latitude(dec * u.deg))
        hit = hit or bool(np.any(ipix[order == o] == p))
    out['contains'].append(hit)
print(json.dumps(out))
`;

test('/moc/<collection>: FITS MOC read by astropy, F-MOC, JSON, ASCII, ETag and invalidation, errors', async () => {
  await withDemoServer(async ({ url, server }) => {
    const r = await fetch(`${url}/moc/VLASS`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/fits');
    const fits = new Uint8Array(await r.arrayBuffer());
    const etag = r.headers.get('etag');
    assert.ok(etag);

    // astropy reads the FITS MOC; M82 (the demo's VLASS field) is inside, a southern position is not.
    await withTempDir(async (dir) => {
      const path = join(dir, 'vlass.fits');
      writeFileSync(path, fits);
      const seen = JSON.parse(
        runPython(ASTROPY_CONTAINS, [
          path,
          JSON.stringify([
            [M82.ra, M82.dec],
            [FAR.ra, FAR.dec],
          ]),
        ]),
      );
      assert.equal(seen.ordering, 'NUNIQ');
      assert.equal(seen.mocdim, 'SPACE');
      assert.equal(seen.order, 12);
      assert.ok(seen.cells > 10, `${seen.cells} cells`);
      assert.deepEqual(seen.contains, [true, false]);
    });
    const ours = await readMocFits(fits);
    assert.ok(ours.moc && spaceMocContains(ours.moc, M82.ra, M82.dec) && !spaceMocContains(ours.moc, FAR.ra, FAR.dec));
    // The header names the collection (MOC 2.0 §6 MOCID).
    assert.equal(ours.header?.getString('MOCID'), 'ivo://obscura.test/VLASS');

    // Conditional request: 304 with the same ETag.
    const again = await fetch(`${url}/moc/VLASS`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);

    // Frequency coverage: VLASS is 2–4 GHz; 3 GHz inside, 888 MHz (RACS-low) and 10 GHz outside.
    const f = await fetch(`${url}/moc/VLASS?dim=frequency`);
    assert.equal(f.status, 200);
    const fmoc = (await readMocFits(new Uint8Array(await f.arrayBuffer()))).moc;
    assert.equal(fmoc?.dim, 'frequency');
    assert.ok(fmoc && frequencyMocContains(fmoc, 3e9));
    assert.ok(fmoc && !frequencyMocContains(fmoc, 888e6) && !frequencyMocContains(fmoc, 10e9));
    const racsF = (
      await readMocFits(new Uint8Array(await (await fetch(`${url}/moc/RACS?dim=frequency`)).arrayBuffer()))
    ).moc;
    assert.ok(racsF && frequencyMocContains(racsF, 888e6) && !frequencyMocContains(racsF, 3e9));

    // JSON (MOC 2.0 §4.3.3) and ASCII (§4.3.2) say the same as the FITS file; parameter names are case-insensitive.
    const j = await fetch(`${url}/moc/VLASS?FORMAT=json`);
    assert.equal(j.headers.get('content-type'), 'application/json');
    const fromJson = parseMocJson(await j.text(), 'space');
    assert.ok(fromJson.moc && ours.moc && fromJson.moc.equals(ours.moc));
    const a = await fetch(`${url}/moc/VLASS?format=ascii`);
    assert.match(a.headers.get('content-type') ?? '', /^text\/plain/);
    const ascii = await a.text();
    const fromAscii = parseMocAscii(ascii, 'space');
    assert.ok(fromAscii.moc && ours.moc && fromAscii.moc.equals(ours.moc));
    assert.notEqual(j.headers.get('etag'), etag); // one ETag per representation

    // A re-ingest changes updated_at: a new ETag, and the old one no longer gets 304.
    const d = server.db.dialect;
    await server.db.run(
      `UPDATE ${d.table(COLLECTIONS_TABLE)} SET updated_at = ${d.param(1)} WHERE name = ${d.param(2)}`,
      ['2031-01-01T00:00:00.000Z', 'VLASS'],
    );
    const after = await fetch(`${url}/moc/VLASS`, { headers: { 'if-none-match': etag } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), etag);

    // Errors: text/plain, saying what to do.
    const unknown = await fetch(`${url}/moc/NoSuchSurvey`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await unknown.text(), /landing page/);
    const bad = await fetch(`${url}/moc/VLASS?format=votable`);
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await bad.text(), /format=fits/);
    const badDim = await fetch(`${url}/moc/VLASS?dim=time`);
    assert.equal(badDim.status, 400);

    // The landing page lists the service.
    const landing = (await (await fetch(`${url}/`, { headers: { accept: 'application/json' } })).json()) as {
      services: Array<{ name: string; status: string }>;
    };
    const moc = landing.services.find((s) => s.name === 'moc');
    assert.equal(moc?.status, 'available');
  });
});
