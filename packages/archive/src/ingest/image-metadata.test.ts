// ObsCore values computed from the real VLASS Quick Look headers of the corpus (vlass/vlass2caom2), checked against
// the header values themselves, CADC's CAOM2 record of the same image, and astropy's WCS for the footprint.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseHeaderText, Wcs } from '@obscura/fits';
import { polygonContains, preparePolygon, skyWinding } from '@obscura/sky';
import { corpusPath, runPython } from '@obscura/testkit';
import { filterBand } from './bands.ts';
import { imageMetadata } from './image-metadata.ts';
import { mjdFromIso } from './times.ts';

const DIR = corpusPath('vlass', 'vlass2caom2');
const QL = readdirSync(DIR).filter((f) => /\.ql\..*\.subim\.fits\.header$/.test(f));

function load(name: string) {
  const { header } = parseHeaderText(readFileSync(`${DIR}/${name}`, 'latin1'));
  const fileName = name.replace(/\.header$/, '');
  return {
    header,
    fileName,
    meta: imageMetadata(header, {
      collection: 'VLASS',
      authority: 'nrao.test',
      baseUrl: 'https://archive.example/',
      fileName,
      sizeBytes: 55_417_920,
    }),
  };
}

/** The vertices of an s_region, which must be an STC-S ICRS polygon (ObsCore 1.1 adql:REGION). */
function vertices(region: string): [number, number][] {
  assert.match(region, /^Polygon ICRS -?\d/);
  const n = region.slice('Polygon ICRS '.length).split(' ').map(Number);
  const out: [number, number][] = [];
  for (let i = 0; i < n.length; i += 2) out.push([n[i], n[i + 1]]);
  return out;
}

test('the corpus has the real VLASS QL headers (image and rms)', () => {
  assert.ok(QL.length >= 10, `found ${QL.length}`);
});

for (const name of QL) {
  test(`VLASS header ${name}: frequencies, beam, times, footprint`, () => {
    const { header, meta, fileName } = load(name);
    const o = meta.obscore;
    const crval3 = header.getNumber('CRVAL3')!;
    const cdelt3 = header.getNumber('CDELT3')!;
    assert.equal(crval3, 3e9);
    // One MFS channel: CRVAL3 ± CDELT3/2, exactly (2–4 GHz band).
    assert.equal(o.freq_min, crval3 - cdelt3 / 2);
    assert.equal(o.freq_max, crval3 + cdelt3 / 2);
    assert.equal(o.em_min, 299792458 / (crval3 + cdelt3 / 2));
    assert.equal(o.em_max, 299792458 / (crval3 - cdelt3 / 2));
    assert.ok((o.freq_min as number) < 2e9 && (o.freq_max as number) > 4e9);
    const bmaj = header.get('BMAJ');
    if (typeof bmaj === 'number') {
      assert.equal(o.s_resolution, bmaj * 3600);
      assert.deepEqual(meta.warnings, []);
    } else {
      // Real rms headers with BMAJ = 'INF': no resolution, and a warning that says why.
      assert.equal(o.s_resolution, undefined);
      assert.match(meta.warnings.join(), /BMAJ = "INF" is not a beam size/);
    }
    if (typeof header.get('BMIN') === 'number') assert.equal(o.beam_minor, header.getNumber('BMIN')! * 3600);
    assert.equal(o.beam_pa, header.getNumber('BPA'));
    assert.equal(o.t_min, mjdFromIso(header.getString('DATE-OBS')!));
    assert.equal(o.pol_states, '/I/');
    assert.equal(o.pol_xel, 1);
    assert.equal(o.s_xel1, header.getNumber('NAXIS1'));
    assert.equal(o.s_xel2, header.getNumber('NAXIS2'));
    assert.equal(o.dataproduct_type, 'image');
    assert.equal(o.facility_name, 'VLA');
    assert.match(o.obs_id as string, /^VLASS\d\.\d\.T\d+t\d+\.J\d{6}[+-]\d{6}$/);
    assert.equal(o.obs_publisher_did, `ivo://nrao.test/VLASS?${o.obs_id}/${fileName}`);
    assert.equal(
      o.access_url,
      `https://archive.example/datalink/links?ID=${encodeURIComponent(o.obs_publisher_did as string)}`,
    );
    assert.equal(o.access_format, 'application/x-votable+xml;content=datalink');
    assert.equal(o.access_estsize, 55_418);
    // The footprint: corners at the outer pixel edges, counter-clockwise (DALI), containing the centre.
    const wcs = Wcs.fromHeader(header).celestial()!;
    const v = vertices(o.s_region as string);
    assert.ok(v.length >= 4);
    for (const [ra, dec] of v) {
      const [x, y] = wcs.worldToPixel(ra, dec);
      const [w, h] = [header.getNumber('NAXIS1')!, header.getNumber('NAXIS2')!];
      const onEdge = Math.min(Math.abs(x + 0.5), Math.abs(x - w + 0.5), Math.abs(y + 0.5), Math.abs(y - h + 0.5));
      assert.ok(onEdge < 1e-3, `vertex ${ra} ${dec} -> pixel ${x} ${y}`);
    }
    const poly = preparePolygon(v.map(([ra, dec]) => ({ ra, dec })));
    assert.equal(skyWinding(poly), 'counterclockwise');
    assert.ok(polygonContains(poly, o.s_ra as number, o.s_dec as number));
    // A square of NAXIS1 1" pixels: the enclosing circle is its diagonal (to 0.1 %, the sky is barely curved).
    const side = header.getNumber('NAXIS1')!;
    assert.ok(Math.abs((o.s_fov as number) / ((Math.SQRT2 * side) / 3600) - 1) < 1e-3, `s_fov ${o.s_fov}`);
    // Radio extension: resolution scales as 1/ν from 3 GHz to the band edges; VLA primary beam 42'/ν[GHz].
    const r = meta.radio!;
    assert.equal(r.instr_tel_diameter, 25);
    if (o.s_resolution !== undefined) {
      const expected = ((o.s_resolution as number) * 3e9) / (o.freq_max as number);
      assert.ok(Math.abs((r.s_resolution_min as number) - expected) < 1e-9);
    }
    assert.ok(Math.abs((r.s_fov_max as number) * 60 - 42 / ((o.freq_min as number) / 1e9)) < 0.25);
    assert.equal(r.f_resolution, cdelt3 / 1000);
  });
}

test('VLASS1.1 T10t12: the beam agrees with CADC (CAOM2 resolution = √(BMAJ·BMIN)) and the centre with astropy', async () => {
  const name = QL.find((f) =>
    f.startsWith('VLASS1.1.ql.T10t12.J075402-033000.10.2048.v1.I.iter1.image.pbcor.tt0.subim'),
  )!;
  const { meta } = load(name);
  const o = meta.obscore;
  const caom = readFileSync(`${DIR}/VLASS1.1.T10t12.J075402-033000.expected.xml`, 'utf8');
  const cadcResolution = Number(/<caom2:resolution>([^<]+)</.exec(caom)![1]);
  assert.ok(Math.abs(Math.sqrt((o.beam_major as number) * (o.beam_minor as number)) - cadcResolution) < 1e-9);
  // astropy: the outer pixel-edge corners and the centre pixel of the same header.
  const out = await runPython(
    `
import sys, json
from astropy.io import fits
from astropy.wcs import WCS
h = fits.Header.fromstring(open(sys.argv[1], encoding='latin1').read(), sep='\\n')
w = WCS(h).celestial
n1, n2 = h['NAXIS1'], h['NAXIS2']
pts = [(-0.5, -0.5), (n1 - 0.5, -0.5), (n1 - 0.5, n2 - 0.5), (-0.5, n2 - 0.5), ((n1 - 1) / 2, (n2 - 1) / 2)]
print(json.dumps([list(map(float, w.wcs_pix2world([[x, y]], 0)[0])) for x, y in pts]))
`,
    [`${DIR}/${name}`],
  );
  const ref = JSON.parse(out) as [number, number][];
  const v = vertices(o.s_region as string);
  for (let i = 0; i < 4; i++) {
    assert.ok(Math.abs(v[i][0] - ref[i][0]) < 1e-7 && Math.abs(v[i][1] - ref[i][1]) < 1e-7, `corner ${i}`);
  }
  assert.ok(Math.abs((o.s_ra as number) - ref[4][0]) < 1e-9 && Math.abs((o.s_dec as number) - ref[4][1]) < 1e-9);
});

test('SDSS filter names map to their bandpass', () => {
  assert.deepEqual(filterBand('r'), { min: 562e-9, max: 695e-9 });
  assert.deepEqual(filterBand("SDSS g'"), filterBand('g'));
  assert.equal(filterBand('Halpha'), undefined);
});
