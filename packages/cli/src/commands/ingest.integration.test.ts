// End to end: a generated small demo archive ingested through `node packages/cli/bin/obscura.js ingest …` into a
// SQLite file and into a real PostgreSQL + pgSphere cluster, and the ObsCore rows checked against the demo's truth
// files (truth/images.json) and the images' own headers.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase } from '@obscura/archive';
import { generateDemo } from '@obscura/demo';
import { openFits, Wcs } from '@obscura/fits';
import { angularDistance } from '@obscura/sky';
import { postgresAvailable, startPostgres } from '@obscura/testkit';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/obscura.js', import.meta.url));

interface TruthImage {
  path: string;
  survey: 'vlass' | 'racs' | 'optical';
  kind: 'image' | 'rms';
  frequencyHz?: number;
  beam?: { major: number; minor: number; pa: number };
  rmsJyPerBeam?: number;
  width: number;
  height: number;
  centre: { ra: number; dec: number };
  rmsPath?: string;
  filter?: string;
}

let dir: string;
let demo: string;
let truth: TruthImage[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'obscura-ingest-'));
  demo = join(dir, 'demo');
  await generateDemo({ out: demo, size: 'small' });
  truth = JSON.parse(readFileSync(join(demo, 'truth/images.json'), 'utf8')) as TruthImage[];
  // A corrupt image in the batch: an optical image cut off in the middle of its data unit.
  mkdirSync(join(demo, 'images/optical/bad'), { recursive: true });
  const bad = join(demo, 'images/optical/bad/truncated.fits');
  copyFileSync(join(demo, truth.find((t) => t.survey === 'optical')!.path), bad);
  truncateSync(bad, 2880 * 3);
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function obscura(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}

async function ingestAll(db: string) {
  const root = ['--root', demo, '--db', db, '--quiet'];
  const vlass = await obscura('ingest', 'images', join(demo, 'images/vlass'), '--collection', 'VLASS', ...root);
  const racs = await obscura('ingest', 'images', `${demo}/images/racs/*.fits`, '--collection', 'RACS', ...root);
  const optical = await obscura('ingest', 'images', join(demo, 'images/optical'), '--collection', 'optical', ...root);
  const cat = await obscura(
    'ingest',
    'catalog',
    join(demo, 'catalogs/racs_components.csv'),
    '--table',
    'racs.components',
    '--db',
    db,
  );
  const vis = await obscura(
    'ingest',
    'obscore',
    join(demo, 'obscore/visibilities.csv'),
    '--db',
    db,
    '--base-url',
    'https://vo.example.org/',
  );
  return { vlass, racs, optical, cat, vis };
}

async function checkArchive(url: string) {
  const out = await ingestAll(url);
  const images = truth.filter((t) => t.kind === 'image');
  const count = (s: string) => images.filter((t) => t.survey === s).length;
  assert.equal(out.vlass.code, 0, out.vlass.stderr);
  assert.match(
    out.vlass.stdout,
    new RegExp(`${count('vlass')} products, ${2 * count('vlass')} rows, ${count('vlass')} auxiliary`),
  );
  assert.equal(out.racs.code, 0, out.racs.stderr);
  // The truncated file is reported by name, exit code 1, and the other optical images are in.
  assert.equal(out.optical.code, 1);
  assert.match(out.optical.stdout, new RegExp(`${count('optical')} products`));
  assert.match(out.optical.stdout, /skipped .*bad\/truncated\.fits: /);
  assert.equal(out.cat.code, 0, out.cat.stdout + out.cat.stderr);
  assert.match(out.vis.stdout, /500 products, 500 rows/);

  const db = await openDatabase(url);
  try {
    const rows = await db.all<Record<string, number | string | null>>(
      `SELECT * FROM ${db.dialect.table({ schema: 'ivoa', name: 'obscore' })}`,
    );
    const byFile = new Map(
      rows.filter((r) => r.obs_publisher_did).map((r) => [String(r.obs_publisher_did).split('/').pop(), r]),
    );
    assert.equal(rows.length, images.length + 500);
    for (const t of images) {
      const name = t.path.split('/').pop()!;
      const r = byFile.get(name);
      assert.ok(r, `no product for ${t.path}`);
      const f = await openFits(join(demo, t.path));
      const header = f.hdus[0].header;
      await f.close();
      const wcs = Wcs.fromHeader(header).celestial()!;
      const pixelDeg = wcs.pixelScale().mean;
      // Centre and footprint: each outer-edge corner of the truth image size has a vertex within 1 pixel.
      assert.ok(angularDistance(r.s_ra as number, r.s_dec as number, t.centre.ra, t.centre.dec) < 1e-6, name);
      // s_region is STC-S (ObsCore 1.1 adql:REGION): "Polygon ICRS ra1 dec1 ...".
      assert.match(String(r.s_region), /^Polygon ICRS -?\d/, name);
      const v = String(r.s_region).split(' ').slice(2).map(Number);
      for (const [x, y] of [
        [-0.5, -0.5],
        [t.width - 0.5, -0.5],
        [t.width - 0.5, t.height - 0.5],
        [-0.5, t.height - 0.5],
      ]) {
        const [ra, dec] = wcs.pixelToWorld(x, y);
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < v.length; i += 2) best = Math.min(best, angularDistance(ra, dec, v[i], v[i + 1]));
        assert.ok(best < pixelDeg, `${name}: corner (${x}, ${y}) is ${best / pixelDeg} pixels from the polygon`);
      }
      assert.equal(r.s_xel1, t.width);
      assert.equal(r.s_xel2, t.height);
      if (t.survey === 'optical') {
        assert.equal(r.t_exptime, header.getNumber('EXPTIME'));
        assert.ok(Math.abs((r.t_min as number) - header.getNumber('MJD-OBS')!) < 1e-9);
        assert.ok((r.em_min as number) < (r.em_max as number));
        continue;
      }
      // Radio: the frequency range is exactly CRVAL3 ± CDELT3/2 around the truth frequency; the beam is the truth.
      const cdelt3 = header.getNumber('CDELT3')!;
      assert.equal(r.freq_min, t.frequencyHz! - cdelt3 / 2);
      assert.equal(r.freq_max, t.frequencyHz! + cdelt3 / 2);
      assert.ok(Math.abs((r.s_resolution as number) - t.beam!.major) < 1e-9, `${name} beam`);
      assert.ok(Math.abs((r.beam_minor as number) - t.beam!.minor) < 1e-9);
      assert.ok(Math.abs((r.t_min as number) - header.getNumber('MJD-OBS')!) < 1e-9);
      assert.ok(Math.abs((r.t_max as number) - header.getNumber('MJD-END')!) < 1e-9);
      assert.equal(r.pol_states, '/I/');
      if (t.rmsPath) {
        // The rms companion: attached to this product, with the median noise, and not a product itself.
        assert.ok(Math.abs((r.rms_noise as number) / t.rmsJyPerBeam! - 1) < 0.3, `${name} rms ${r.rms_noise}`);
        const files = await db.all<{ path: string; semantics: string }>(
          `SELECT path, semantics FROM ${db.dialect.table({ schema: 'obscura', name: 'files' })} WHERE obs_publisher_did = ${db.dialect.param(1)} ORDER BY semantics`,
          [r.obs_publisher_did],
        );
        assert.deepEqual(files, [
          { path: t.rmsPath, semantics: '#auxiliary' },
          { path: t.path, semantics: '#this' },
        ]);
        assert.ok(!byFile.has(t.rmsPath.split('/').pop()!), 'the .rms image is not a product');
      }
    }
    // Every row links to DataLink (issue 6): the visibilities, which have no access_url in the file, get the
    // {links} URL on the --base-url and the DataLink access_format.
    const empty = await db.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${db.dialect.table({ schema: 'ivoa', name: 'obscore' })} ` +
        "WHERE access_url IS NULL OR access_url = ''",
    );
    assert.equal(Number(empty[0].n), 0);
    const vis = rows.filter((r) => r.dataproduct_type === 'visibility');
    assert.equal(vis.length, 500);
    for (const r of vis) {
      assert.equal(
        r.access_url,
        `https://vo.example.org/datalink/links?ID=${encodeURIComponent(String(r.obs_publisher_did))}`,
      );
      assert.equal(r.access_format, 'application/x-votable+xml;content=datalink');
    }
    // Re-ingest: the same rows, updated in place.
    await ingestAll(url);
    const again = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM ${db.dialect.table({ schema: 'ivoa', name: 'obscore' })}`,
    );
    assert.equal(Number(again[0].n), images.length + 500);
    const radio = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM ${db.dialect.table({ schema: 'ivoa', name: 'obscore_radio' })}`,
    );
    assert.equal(Number(radio[0].n), images.filter((t) => t.survey !== 'optical').length + 500);
    const racs = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM ${db.dialect.table({ schema: 'racs', name: 'components' })}`,
    );
    const lines = readFileSync(join(demo, 'catalogs/racs_components.csv'), 'utf8').trim().split('\n').length - 1;
    assert.equal(Number(racs[0].n), lines);
  } finally {
    await db.close();
  }
}

test('demo archive -> SQLite through the CLI matches the truth files', async () => {
  await checkArchive(`sqlite:${join(dir, 'archive.sqlite')}`);
});

test('demo archive -> PostgreSQL + pgSphere through the CLI matches the truth files', {
  skip: !postgresAvailable(),
}, async () => {
  const pg = await startPostgres();
  try {
    await checkArchive(pg.url);
  } finally {
    await pg.stop();
  }
});
