// Generates the small demo once (and a second time for the determinism check) and checks it with astropy and
// against its own truth files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readFits, readImage, Wcs } from '@obscura/fits';
import { angularDistance } from '@obscura/sky';
import { runPython } from '@obscura/testkit';
import { type GenerateSummary, generateDemo } from './generate.ts';
import { Random } from './random.ts';
import type { TruthImage } from './truth.ts';

const dir = mkdtempSync(join(tmpdir(), 'obscura-demo-'));
const outA = join(dir, 'a');
const outB = join(dir, 'b');
let summary: GenerateSummary;

before(async () => {
  summary = await generateDemo({ out: outA, size: 'small', seed: 7 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  // The demo's CSVs quote no field containing a comma except none: split is safe (checked by the column count).
  return lines.map((l) => {
    const v = l.split(',');
    assert.equal(v.length, cols.length, l);
    return Object.fromEntries(cols.map((c, i) => [c, v[i]]));
  });
}

const images = () => JSON.parse(readFileSync(join(outA, 'truth/images.json'), 'utf8')) as TruthImage[];

test('the small archive: < 300 MB, every file in the manifest, and the same seed gives identical files', async () => {
  assert.ok(summary.bytes < 300e6, `${summary.bytes} bytes`);
  const manifest = JSON.parse(readFileSync(join(outA, 'manifest.json'), 'utf8'));
  assert.equal(manifest.files.length, summary.files - 1);
  assert.ok(manifest.files.some((f: { path: string }) => f.path.endsWith('.rms.subim.fits')));
  await generateDemo({ out: outB, size: 'small', seed: 7 });
  assert.equal(readFileSync(join(outB, 'manifest.json'), 'utf8'), readFileSync(join(outA, 'manifest.json'), 'utf8'));
});

test('astropy opens every FITS file (shape, BUNIT, BMAJ, celestial WCS) and agrees with our WCS to 1e-6 pixel', async (t) => {
  const rng = new Random(99);
  const jobs: Array<{ path: string; xs: number[]; ys: number[]; ras: number[]; decs: number[] }> = [];
  const ours: Wcs[] = [];
  for (const img of images()) {
    const file = await readFits(join(outA, img.path));
    const wcs = Wcs.fromHeader(file.hdus[0].header);
    await file.close();
    const xs: number[] = [];
    const ys: number[] = [];
    const ras: number[] = [];
    const decs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const x = rng.range(-0.5, img.width - 0.5);
      const y = rng.range(-0.5, img.height - 0.5);
      const [ra, dec] = wcs.pixelToWorld(x, y);
      xs.push(x);
      ys.push(y);
      ras.push(ra);
      decs.push(dec);
    }
    jobs.push({ path: join(outA, img.path), xs, ys, ras, decs });
    ours.push(wcs);
  }
  const script = `
import json, sys, warnings
warnings.simplefilter('ignore')
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
out = []
for job in json.load(sys.stdin):
    with fits.open(job['path']) as hl:
        h = hl[0].header
        w = WCS(h).celestial
        world = w.all_pix2world(np.column_stack([job['xs'], job['ys']]), 0)
        pix = w.all_world2pix(np.column_stack([job['ras'], job['decs']]), 0)
        out.append({'shape': list(hl[0].data.shape), 'bunit': h.get('BUNIT'), 'bmaj': h.get('BMAJ'),
                    'ctype': list(w.wcs.ctype), 'ra': world[:, 0].tolist(), 'dec': world[:, 1].tolist(),
                    'x': pix[:, 0].tolist(), 'y': pix[:, 1].tolist()})
json.dump(out, sys.stdout)
`;
  const results = JSON.parse(runPython(script, [], JSON.stringify(jobs))) as Array<{
    shape: number[];
    bunit: string;
    bmaj: number | null;
    ctype: string[];
    ra: number[];
    dec: number[];
    x: number[];
    y: number[];
  }>;
  let worst = 0;
  images().forEach((img, k) => {
    const r = results[k];
    const radio = img.survey !== 'optical';
    assert.deepEqual(r.shape, radio ? [1, 1, img.height, img.width] : [img.height, img.width], img.path);
    assert.equal(r.bunit, img.bunit);
    if (radio) assert.ok(Math.abs((r.bmaj ?? 0) * 3600 - img.beam!.major) < 1e-9, img.path);
    assert.deepEqual(r.ctype, [`RA---${img.projection}`, `DEC--${img.projection}`]);
    const job = jobs[k];
    for (let i = 0; i < 1000; i++) {
      // astropy's world for our pixel → our pixel; and astropy's pixel for our world.
      const [x, y] = ours[k].worldToPixel(r.ra[i], r.dec[i]);
      const d1 = Math.hypot(x - job.xs[i], y - job.ys[i]);
      const d2 = Math.hypot(r.x[i] - job.xs[i], r.y[i] - job.ys[i]);
      worst = Math.max(worst, d1, d2);
    }
  });
  t.diagnostic(`${jobs.length} images x 1000 pixels, worst disagreement ${worst.toExponential(2)} pixel`);
  assert.ok(worst <= 1e-6, `worst disagreement ${worst} pixel`);
});

test('the M82 VLASS tile contains M82 and the bright extended double, bright in the image', async () => {
  const m82Images = images().filter((i) => i.survey === 'vlass' && i.kind === 'image' && i.containsM82);
  assert.equal(m82Images.length, 2); // two epochs
  const sources = readCsv(join(outA, 'truth/image_sources.csv'));
  for (const img of m82Images) {
    const inImage = sources.filter((s) => s.image === img.path);
    assert.ok(inImage.some((s) => s.component_id === 'M82_1'));
    assert.ok(inImage.some((s) => s.component_id === 'DBL1_1') && inImage.some((s) => s.component_id === 'DBL1_2'));
    const file = await readFits(join(outA, img.path));
    const { data } = await readImage(file, file.hdus[0]);
    await file.close();
    const m82 = inImage.find((s) => s.component_id === 'M82_1')!;
    const v = data[Math.round(Number(m82.y)) * img.width + Math.round(Number(m82.x))] as number;
    assert.ok(v > 0.05, `M82 pixel ${v} Jy/beam`);
  }
});

test('catalogues agree with the images: peaks within noise, and truth sources above the limit are catalogued', async (t) => {
  const truth = readCsv(join(outA, 'truth/image_sources.csv'));
  const catalogs = [
    { survey: 'vlass', rows: readCsv(join(outA, 'catalogs/vlass_components.csv')), ra: 'RA', dec: 'DEC' },
    { survey: 'racs', rows: readCsv(join(outA, 'catalogs/racs_components.csv')), ra: 'RA', dec: 'Dec' },
  ];
  let checkedPeaks = 0;
  let checkedTruth = 0;
  let worstSigma = 0;
  for (const cat of catalogs) {
    // VLASS catalogue = epoch-1 images (VLASS1.x); RACS = its images.
    const imgs = images().filter(
      (i) => i.survey === cat.survey && i.kind === 'image' && (cat.survey === 'racs' || i.epoch?.startsWith('VLASS1')),
    );
    for (const img of imgs) {
      const file = await readFits(join(outA, img.path));
      const wcs = Wcs.fromHeader(file.hdus[0].header);
      const { data } = await readImage(file, file.hdus[0]);
      await file.close();
      const inImage = truth.filter((t) => t.image === img.path);
      const beamDeg = img.beam!.major / 3600;
      for (const row of cat.rows) {
        const ra = Number(row[cat.ra]);
        const dec = Number(row[cat.dec]);
        const [x, y] = wcs.worldToPixel(ra, dec);
        if (!(x > 10 && y > 10 && x < img.width - 10 && y < img.height - 10)) continue;
        const peak = Number(row.Peak_flux) / 1e3;
        const rms = Number(cat.survey === 'vlass' ? row.Isl_rms : row.Noise) / 1e3;
        if (peak < 10 * rms) continue;
        // Only isolated components: no other true component brighter than 1σ within 4 beams.
        const crowded = inImage.filter(
          (t) =>
            Number(t.peak_Jy_per_beam) > rms &&
            Math.hypot(Number(t.x) - x, Number(t.y) - y) < (4 * beamDeg * 3600) / (cat.survey === 'racs' ? 2.5 : 1),
        );
        if (crowded.length !== 1) continue;
        const measured = gaussianPeak(data as Float32Array, img.width, x, y);
        // Catalogue peak = true peak + noise; the image peak (log-parabola through the 3x3 pixels around the
        // brightest) has its own noise: allow 4σ.
        assert.ok(
          Math.abs(measured - peak) < 4 * rms,
          `${img.path} ${row[cat.ra]}: image ${measured}, catalogue ${peak}`,
        );
        worstSigma = Math.max(worstSigma, Math.abs(measured - peak) / rms);
        checkedPeaks++;
      }
      // Truth → catalogue: components with a true peak above 8σ (well above the 5σ limit) are catalogued within
      // one beam.
      for (const t of inImage) {
        const x = Number(t.x);
        const y = Number(t.y);
        if (!(x > 10 && y > 10 && x < img.width - 10 && y < img.height - 10)) continue;
        if (Number(t.peak_Jy_per_beam) < 8 * Number(t.rms_Jy_per_beam)) continue;
        const [ra, dec] = wcs.pixelToWorld(x, y);
        const found = cat.rows.some((r) => angularDistance(ra, dec, Number(r[cat.ra]), Number(r[cat.dec])) < beamDeg);
        assert.ok(found, `${t.component_id} (${t.peak_Jy_per_beam} Jy/beam) not in the ${cat.survey} catalogue`);
        checkedTruth++;
      }
    }
  }
  t.diagnostic(`${checkedPeaks} catalogue peaks (worst ${worstSigma.toFixed(2)}σ), ${checkedTruth} truth components`);
  assert.ok(checkedPeaks >= 20, `${checkedPeaks} peaks checked`);
  assert.ok(checkedTruth >= 50, `${checkedTruth} truth components checked`);
});

test('visibility rows: VLA and ALMA, no files, some proprietary', () => {
  const rows = readCsv(join(outA, 'obscore/visibilities.csv'));
  assert.equal(rows.length, summary.visibilityRows);
  assert.ok(rows.some((r) => r.facility_name === 'VLA') && rows.some((r) => r.facility_name === 'ALMA'));
  assert.ok(rows.every((r) => r.dataproduct_type === 'visibility' && r.access_url === ''));
  assert.ok(rows.some((r) => r.data_rights === 'proprietary'));
});

test('one RACS image is proprietary: DATE-RLS in the future and its project in the header, as the truth says', async () => {
  const embargoed = images().filter((i) => i.embargo);
  assert.equal(embargoed.length, 1);
  const [img] = embargoed;
  assert.equal(img.survey, 'racs');
  assert.ok(!img.containsM82, 'not an image the seed notebook uses');
  assert.ok(Date.parse(`${img.embargo?.releaseDate}Z`) > Date.now());
  const file = await readFits(join(outA, img.path));
  const header = file.hdus[0].header;
  await file.close();
  assert.equal(header.getString('DATE-RLS'), img.embargo?.releaseDate);
  assert.equal(header.getString('PROJECT'), img.embargo?.proposalId);
  for (const other of images().filter((i) => i.survey === 'racs' && !i.embargo)) {
    const f = await readFits(join(outA, other.path));
    assert.equal(f.hdus[0].header.getString('DATE-RLS'), undefined, other.path);
    await f.close();
  }
});

/** Peak of a Gaussian through the 3x3 pixels around the brightest pixel near (x, y): a 2-D quadratic in ln(v). */
function gaussianPeak(data: Float32Array, width: number, x: number, y: number): number {
  let bx = Math.round(x);
  let by = Math.round(y);
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const ix = Math.round(x) + dx;
      const iy = Math.round(y) + dy;
      if (data[iy * width + ix] > data[by * width + bx]) {
        bx = ix;
        by = iy;
      }
    }
  }
  const v = (dx: number, dy: number) => Math.log(Math.max(data[(by + dy) * width + bx + dx], 1e-12));
  // ln v ≈ c + a x + b y + d x² + e y² + f xy over the 3x3 stencil (finite differences).
  const c = v(0, 0);
  const a = (v(1, 0) - v(-1, 0)) / 2;
  const b = (v(0, 1) - v(0, -1)) / 2;
  const d = (v(1, 0) + v(-1, 0) - 2 * c) / 2;
  const e = (v(0, 1) + v(0, -1) - 2 * c) / 2;
  const f = (v(1, 1) - v(1, -1) - v(-1, 1) + v(-1, -1)) / 4;
  // Stationary point of the quadratic.
  const det = 4 * d * e - f * f;
  const px = (-2 * e * a + f * b) / det;
  const py = (-2 * d * b + f * a) / det;
  if (!(Math.abs(px) <= 1 && Math.abs(py) <= 1)) return Math.exp(c);
  return Math.exp(c + a * px + b * py + d * px * px + e * py * py + f * px * py);
}
