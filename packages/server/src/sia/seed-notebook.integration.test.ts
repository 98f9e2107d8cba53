// The seed talk's notebook (VO_SIA_SODA_demo.ipynb, /work/shared/seed/), replayed with pyvo 1.2.1 and astropy 5.2
// (Debian) against this server on the demo archive: SIA2 search at M82 (r = 0.02°) in the VLASS collection with
// pyvo.dal.imagesearch2 → getdatalink() (through the DataLink service descriptor of the SIA result) →
// bysemantics('#this') streamed into astropy.io.fits → a SODA CIRCLE cutout both through pyvo's #cutout service
// descriptor (DatalinkRecord.processed) and through a hand-built /soda/sync URL; astropy checks each cutout's WCS
// against the parent (a sky position maps to pixels with the same value) and that it covers the circle. Then the same
// for the optical collection, and finally the radio over the optical: the VLASS cutout resampled onto the optical
// grid through both WCSes (scipy, as the notebook; matplotlib is not installed, so the contour levels are computed,
// not drawn), and the radio peak of M82 must fall on the optical galaxy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DemoServer, openDemoServer, python } from '../soda/demo-fixture.ts';

const REPLAY = `
import sys, json, io, urllib.request, urllib.parse, warnings
warnings.simplefilter('ignore')
import numpy as np
import pyvo as vo
import astropy.units as u
import astropy.io.fits as fits
from astropy.wcs import WCS
from scipy.ndimage import gaussian_filter, label, map_coordinates

base = sys.argv[1]
# In [2]-[3]: M82 (SkyCoord.from_name needs the network; the notebook printed these values) and a 0.02 deg radius.
pst = (148.9684583, 69.6797028, 0.02)
ra, dec, r = pst

def plane(d):
    d = np.squeeze(d)
    while d.ndim > 2: d = d[0]
    return d

def wcs_agrees(cut_hdu, parent_hdu):
    """Sky positions in the circle (and on the parent) map to pixels holding the same value; the part of the
    circle's boundary that lies on the parent lies on the cutout (a cutout is clipped at the parent's edge)."""
    cw, pw = WCS(cut_hdu.header).celestial, WCS(parent_hdu.header).celestial
    cd, pd = plane(cut_hdu.data), plane(parent_hdu.data)
    on = lambda d, x, y: -0.5 <= x <= d.shape[1] - 0.5 and -0.5 <= y <= d.shape[0] - 0.5
    pts = [(ra, dec)] + [(ra + f * r * np.cos(a) / np.cos(np.radians(dec)), dec + f * r * np.sin(a))
                         for f in (0.3, 0.6, 0.9) for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)]
    checked = same = 0
    for (x, y) in pts:
        cx, cy = cw.all_world2pix([[x, y]], 0)[0]
        px, py = pw.all_world2pix([[x, y]], 0)[0]
        if not on(pd, px, py): continue
        checked += 1
        if on(cd, cx, cy) and cd[int(round(cy)), int(round(cx))] == pd[int(round(py)), int(round(px))]: same += 1
    on_parent = covered = 0
    for a in np.linspace(0, 2 * np.pi, 64, endpoint=False):
        x, y = ra + r * np.cos(a) / np.cos(np.radians(dec)), dec + r * np.sin(a)
        px, py = pw.all_world2pix([[x, y]], 0)[0]
        if not on(pd, px, py): continue
        on_parent += 1
        cx, cy = cw.all_world2pix([[x, y]], 0)[0]
        if on(cd, cx, cy): covered += 1
    return {'checked': checked, 'same': same, 'on_parent': on_parent, 'boundary': covered, 'shape': list(cd.shape)}

def replay(collection):
    # In [4]: the SIA2 query (pyvo 1.2.1 reads /sia/capabilities for the {query} endpoint).
    sia2_return = vo.dal.imagesearch2(base + '/sia', pos=pst, collection=collection)
    # In [6]: the first row's DataLink document, found through the service descriptor in the SIA result.
    row = sia2_return[0]
    datalink = row.getdatalink()
    # In [7]-[8]: '#this' streamed straight into astropy (include_narrower=False: no vocabulary download).
    this = next(datalink.bysemantics('#this', include_narrower=False))
    with urllib.request.urlopen(this['access_url']) as f:
        hdu = fits.open(io.BytesIO(f.read()))
    # SODA through pyvo: the #cutout row's service descriptor.
    cutout_row = next(datalink.bysemantics('#cutout', include_narrower=False))
    via_pyvo = fits.open(io.BytesIO(cutout_row.processed(circle=[ra, dec, r] * u.deg).read()))
    # In [14]-[15]: the hand-built SODA URL.
    pathurl = base + '/soda/sync?ID='
    path = urllib.parse.quote(str(row['obs_publisher_did']), safe='')
    cutout = 'CIRCLE=' + str(pst[0]) + '%20' + str(pst[1]) + '%20' + str(pst[2])
    with urllib.request.urlopen(pathurl + path + '&' + cutout) as g:
        hand = g.read()
    hdu2 = fits.open(io.BytesIO(hand))
    return {
        'rows': len(sia2_return),
        'collections': sorted(set(str(c) for c in sia2_return['obs_collection'])),
        'id': str(row['obs_publisher_did']),
        'descriptor_found': row._results.get_adhocservice_by_ivoid('ivo://ivoa.net/std/DataLink#links') is not None,
        'semantics': [str(s) for s in datalink['semantics']],
        'parent_shape': list(hdu[0].data.shape),
        'pyvo': wcs_agrees(via_pyvo[0], hdu[0]),
        'hand': wcs_agrees(hdu2[0], hdu[0]),
        'same_data': bool(np.array_equal(plane(via_pyvo[0].data), plane(hdu2[0].data))),
    }, hdu2[0]

radio_out, radio = replay('VLASS')
optical_out, optical = replay('optical')

# In [21]-: radio contours over the optical image. The VLASS cutout resampled onto the optical pixel grid through
# both WCSes (optical pixel -> sky -> radio pixel, bilinear), as the notebook did with scipy.interpolate.
ow, rw = WCS(optical.header).celestial, WCS(radio.header).celestial
od, rd = plane(optical.data).astype(float), plane(radio.data).astype(float)
ny, nx = od.shape
yy, xx = np.mgrid[0:ny, 0:nx]
sky = ow.all_pix2world(np.column_stack([xx.ravel(), yy.ravel()]), 0)
rx, ry = rw.all_world2pix(sky, 0).T
on_radio = map_coordinates(rd, [ry, rx], order=1, cval=np.nan).reshape(od.shape)
finite = np.isfinite(on_radio)
noise = 1.4826 * np.median(np.abs(rd - np.median(rd)))
levels = [float(noise * k) for k in (3, 5, 10, 20) if noise * k < np.nanmax(on_radio)]
# The radio peak of M82 and where it lands on the optical image.
pj, pi = np.unravel_index(np.nanargmax(np.where(finite, on_radio, -np.inf)), on_radio.shape)
peak_sky = ow.all_pix2world([[pi, pj]], 0)[0]
# The optical galaxy: M82's disk (with its dust lane across the centre) stands out once smoothed over ~3 arcsec;
# the sky level and noise of the smoothed image come from the image border; the galaxy is the largest connected
# region well above it (stars are small), and its light-weighted centre is compared with the radio peak.
smooth = gaussian_filter(od, 8)
border = np.concatenate([smooth[:20].ravel(), smooth[-20:].ravel(), smooth[:, :20].ravel(), smooth[:, -20:].ravel()])
background = np.median(border)
optical_noise = 1.4826 * np.median(np.abs(border - background))
labels, count = label(smooth > background + 5 * optical_noise)
sizes = np.bincount(labels.ravel())[1:]
galaxy = labels == (1 + int(np.argmax(sizes)))
w = np.where(galaxy, smooth - background, 0)
gy, gx = (w * yy).sum() / w.sum(), (w * xx).sum() / w.sum()
galaxy_sky = ow.all_pix2world([[gx, gy]], 0)[0]
sep = np.degrees(np.arccos(np.clip(
    np.sin(np.radians(peak_sky[1])) * np.sin(np.radians(galaxy_sky[1])) +
    np.cos(np.radians(peak_sky[1])) * np.cos(np.radians(galaxy_sky[1])) * np.cos(np.radians(peak_sky[0] - galaxy_sky[0])),
    -1, 1))) * 3600
print(json.dumps({
    'radio': radio_out, 'optical': optical_out,
    'overlay': {
        'optical_pixels': int(od.size), 'radio_on_optical': int(finite.sum()), 'levels': levels,
        'inside_lowest_contour': int((on_radio >= levels[0]).sum()) if levels else 0,
        'peak_snr': float(np.nanmax(on_radio) / noise),
        'peak_on_galaxy': bool(galaxy[pj, pi]),
        'peak_optical_sigma': float((smooth[pj, pi] - background) / optical_noise),
        'peak_sky': [float(v) for v in peak_sky], 'galaxy_sky': [float(v) for v in galaxy_sky],
        'peak_to_galaxy_centre_arcsec': float(sep),
        'galaxy_pixels': int(galaxy.sum()),
    },
}))
`;

describe('the seed notebook, replayed with pyvo 1.2.1 and astropy', { timeout: 300_000 }, () => {
  let demo: DemoServer & { close: () => Promise<void> };
  before(async () => {
    demo = await openDemoServer();
  });
  after(async () => demo?.close());

  it('SIA2 at M82 → DataLink → #this into astropy → SODA cutouts (pyvo and by hand) → radio over optical', async () => {
    const out = JSON.parse(await python(REPLAY, [demo.url]));
    for (const [name, c] of [
      ['VLASS', out.radio],
      ['optical', out.optical],
    ] as const) {
      assert.ok(c.rows >= 1, `${name}: the SIA2 search finds images`);
      assert.deepEqual(c.collections, [name]);
      assert.equal(c.descriptor_found, true);
      for (const s of ['#this', '#cutout']) assert.ok(c.semantics.includes(s), `${name}: ${s} in ${c.semantics}`);
      for (const via of ['pyvo', 'hand'] as const) {
        const w = c[via];
        assert.equal(
          w.same,
          w.checked,
          `${name} via ${via}: the cutout's WCS agrees with the parent: ${JSON.stringify(w)}`,
        );
        assert.ok(w.checked >= 30, `${name} via ${via}: most of the circle is on the parent: ${JSON.stringify(w)}`);
        assert.equal(w.boundary, w.on_parent, `${name} via ${via}: the cutout covers the circle (within the parent)`);
        assert.ok(w.shape[0] < c.parent_shape.at(-2) && w.shape[1] < c.parent_shape.at(-1), `${name}: a cutout`);
      }
      assert.deepEqual(c.pyvo.shape, c.hand.shape);
      assert.equal(c.same_data, true, `${name}: the pyvo and hand-built cutouts hold the same pixels`);
    }
    assert.match(out.radio.id, /VLASS/);
    // The VLASS tile holds the whole circle; the small optical image clips it on one side.
    assert.equal(out.radio.hand.on_parent, 64);
    assert.equal(out.radio.hand.checked, 37);
    const o = out.overlay;
    assert.ok(o.radio_on_optical > 0.9 * o.optical_pixels, 'the radio cutout covers the optical one');
    assert.ok(o.levels.length >= 2, `contour levels above the noise: ${o.levels}`);
    assert.ok(o.inside_lowest_contour > 0);
    assert.ok(o.peak_snr > 10, `M82 is detected in the radio: peak ${o.peak_snr} sigma`);
    assert.equal(o.peak_on_galaxy, true, JSON.stringify(o));
    assert.ok(o.peak_to_galaxy_centre_arcsec < 5, JSON.stringify(o));
    assert.ok(o.galaxy_pixels > 10_000, `the optical galaxy is extended: ${o.galaxy_pixels} px`);
  });
});
