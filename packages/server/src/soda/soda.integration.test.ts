// SODA 1.0 {sync} over real HTTP on the ingested small demo archive: the seed notebook's cutouts at M82 from a VLASS
// Quick Look image and from an optical image, checked with astropy (Debian 5.2: the cutout's WCS agrees with the
// parent's — a sky position lands on pixels holding the same value — and the cutout covers the circle), reached both
// through pyvo 1.2.1's DataLink service descriptor (SodaQuery) and through a hand-built URL; then every error case.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_AUTHORITY, DEMO_USERS, openDemoServer, python } from './demo-fixture.ts';

const M82 = { ra: 148.9684583, dec: 69.6797028 };

// Opens the cutout (from a URL or a file) and its parent with astropy; compares pixel values at sky positions in the
// circle, and checks the circle's boundary lies on the cutout.
const CHECK = `
import sys, json, io, urllib.request, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
warnings.simplefilter('ignore')
src, parent_path, ra, dec, r = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
data = open(src, 'rb').read() if not src.startswith('http') else urllib.request.urlopen(src).read()
cut = fits.open(io.BytesIO(data))
cut.verify('exception')  # a valid FITS file by astropy's checks
par = fits.open(parent_path)
ch, ph = cut[0].header, par[0].header
cw, pw = WCS(ch).celestial, WCS(ph).celestial
cd, pd = cut[0].data, par[0].data
while cd.ndim > 2: cd = cd[0]
while pd.ndim > 2: pd = pd[0]
# Sky positions: the centre and rings inside the circle.
pts = [(ra, dec)]
for f in (0.3, 0.6, 0.9):
    for a in np.linspace(0, 2 * np.pi, 16, endpoint=False):
        pts.append((ra + f * r * np.cos(a) / np.cos(np.radians(dec)), dec + f * r * np.sin(a)))
same = 0
for (x, y) in pts:
    cx, cy = cw.all_world2pix([[x, y]], 0)[0]
    px, py = pw.all_world2pix([[x, y]], 0)[0]
    ci, cj = int(round(cx)), int(round(cy))
    pi, pj = int(round(px)), int(round(py))
    # Same value, and the two pixel positions differ by a whole-pixel shift (the box origin).
    if cd[cj, ci] == pd[pj, pi] and abs((px - cx) - round(px - cx)) < 1e-6 and abs((py - cy) - round(py - cy)) < 1e-6:
        same += 1
# The circle's boundary (128 points) must fall on the cutout.
inside = 0
for a in np.linspace(0, 2 * np.pi, 128, endpoint=False):
    x = ra + r * np.cos(a) / np.cos(np.radians(dec)); y = dec + r * np.sin(a)
    cx, cy = cw.all_world2pix([[x, y]], 0)[0]
    if -0.5 <= cx <= cd.shape[1] - 0.5 and -0.5 <= cy <= cd.shape[0] - 0.5: inside += 1
print(json.dumps({'shape': list(cut[0].data.shape), 'parent': list(par[0].data.shape), 'checked': len(pts),
  'same': same, 'boundary': inside, 'soda_id': ch.get('SODA_ID'), 'history': [str(h) for h in ch['HISTORY']],
  'naxis': ch['NAXIS'], 'bytes': len(data), 'checksum': 'CHECKSUM' in ch}))
`;

// pyvo 1.2.1: the DataLink document, #this streamed into astropy, then the #cutout service descriptor via
// get_adhocservice_by_ivoid and SodaQuery (the notebook's path), the cutout written to a file for CHECK.
const PYVO = `
import re, sys, json, io, warnings
warnings.simplefilter('ignore')
import astropy.units as u
from astropy.io import fits
from pyvo.dal.adhoc import DatalinkResults, SodaQuery
links_url, ra, dec, r, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
dl = DatalinkResults.from_result_url(links_url)
this = next(dl.bysemantics('#this', include_narrower=False))
with fits.open(this.access_url) as hdul:
    this_shape = list(hdul[0].data.shape)
cutout_row = next(dl.bysemantics('#cutout', include_narrower=False))
svc = dl.get_adhocservice_by_ivoid('ivo://ivoa.net/std/SODA#sync-1.0')
q = SodaQuery.from_resource(cutout_row, svc, circle=[ra, dec, r] * u.deg)
stream = q.execute_stream()
q.raise_if_error()
data = stream.read()
open(out, 'wb').write(data)
# The same through DatalinkRecord.processed (what pyvo's notebooks use).
proc = cutout_row.processed(circle=[ra, dec, r] * u.deg).read()
# Made at different moments: only the time in the HISTORY provenance line may differ.
made = re.compile(rb'on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d')
same = made.sub(b'on <time>', proc) == made.sub(b'on <time>', data)
print(json.dumps({'this_shape': this_shape, 'query': dict(q), 'bytes': len(data), 'processed_same': same}))
`;

let demo: Awaited<ReturnType<typeof openDemoServer>>;
before(async () => {
  demo = await openDemoServer();
});
after(() => demo?.close());

function idOf(fragment: string): string {
  const id = [...demo.ids.values()].find((d) => d.includes(fragment));
  assert.ok(id, `a product matching ${fragment}`);
  return id;
}

function fileOf(id: string, dir: string): string {
  return join(demo.demoDir, dir, id.slice(id.lastIndexOf('/') + 1));
}

function sodaUrl(params: [string, string][]): string {
  return `${demo.url}/soda/sync?${new URLSearchParams(params).toString()}`;
}

describe('SODA {sync} cutouts', { timeout: 300_000 }, () => {
  it('cuts M82 (r = 0.02°) from the VLASS image: astropy finds the same pixel values and the circle covered', async () => {
    const id = idOf('VLASS1.2.ql.T28t06');
    const url = sodaUrl([
      ['ID', id],
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.02`],
    ]);
    const head = await fetch(url);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'application/fits');
    assert.match(
      head.headers.get('content-disposition') ?? '',
      /filename="VLASS1\.2\.ql\.T28t06.*\.tt0\.subim\.cutout\.fits"/,
    );
    const length = Number(head.headers.get('content-length'));
    assert.equal((await head.arrayBuffer()).byteLength, length);
    const r = JSON.parse(
      await python(CHECK, [url, fileOf(id, 'images/vlass/VLASS1.2'), `${M82.ra}`, `${M82.dec}`, '0.02']),
    );
    assert.equal(r.naxis, 4, 'the degenerate FREQ and STOKES axes are kept');
    assert.deepEqual(r.shape.slice(0, 2), [1, 1]);
    // 0.04° across at 1"/px: 144 pixels, plus the partly covered edge pixels.
    assert.ok(r.shape[2] >= 144 && r.shape[2] <= 147 && r.shape[3] >= 144 && r.shape[3] <= 147, JSON.stringify(r));
    assert.equal(r.same, r.checked, `every sky position maps to equal values: ${JSON.stringify(r)}`);
    assert.equal(r.boundary, 128, 'the whole circle is on the cutout');
    assert.equal(r.soda_id, id);
    assert.ok(r.history.some((h: string) => h.includes('CIRCLE=148.9684583 69.6797028 0.02')));
    assert.equal(r.bytes, length);
  });

  it('cuts M82 from the optical image (TAN with a CD matrix) the same way', async () => {
    const id = idOf('demo-opt_M82_r');
    const url = sodaUrl([
      ['ID', id],
      ['POS', `CIRCLE ${M82.ra} ${M82.dec} 0.01`],
    ]);
    const r = JSON.parse(await python(CHECK, [url, fileOf(id, 'images/optical'), `${M82.ra}`, `${M82.dec}`, '0.01']));
    assert.equal(r.same, r.checked, JSON.stringify(r));
    assert.equal(r.boundary, 128);
    // 0.02° across at 0.186"/px ≈ 387 pixels.
    assert.ok(Math.abs(r.shape[0] - 388) <= 3 && Math.abs(r.shape[1] - 388) <= 3, JSON.stringify(r));
  });

  it('pyvo 1.2.1: DataLink #this into astropy, then the #cutout descriptor through SodaQuery, for VLASS and optical', async () => {
    for (const [fragment, dir, radius] of [
      ['VLASS1.2.ql.T28t06', 'images/vlass/VLASS1.2', 0.02],
      ['demo-opt_M82_g', 'images/optical', 0.01],
    ] as const) {
      const id = idOf(fragment);
      const out = join(demo.dataDir, `pyvo-${fragment}.fits`);
      const links = `${demo.url}/datalink/links?ID=${encodeURIComponent(id)}`;
      const p = JSON.parse(await python(PYVO, [links, `${M82.ra}`, `${M82.dec}`, `${radius}`, out]));
      assert.ok(p.this_shape.length >= 2, JSON.stringify(p));
      assert.equal(p.query.ID, id, 'the ID came from the row through the descriptor (ref)');
      assert.equal(p.processed_same, true);
      const r = JSON.parse(await python(CHECK, [out, fileOf(id, dir), `${M82.ra}`, `${M82.dec}`, `${radius}`]));
      assert.equal(r.same, r.checked, JSON.stringify(r));
      assert.equal(r.boundary, 128);
    }
  });

  it('POLYGON, POS=RANGE, BAND and POL select what they should', async () => {
    const id = idOf('VLASS1.2.ql.T28t06');
    const fits = async (params: [string, string][]) => {
      const res = await fetch(sodaUrl([['ID', id], ...params]));
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    };
    const poly = await fits([['POLYGON', '148.95 69.67 148.99 69.67 148.99 69.69 148.95 69.69']]);
    assert.equal(poly.status, 200);
    const range = await fits([['POS', 'RANGE 148.95 148.99 69.67 69.69']]);
    assert.equal(range.status, 200);
    const card = (b: Buffer, k: string) =>
      Number(
        /=\s*(\S+)/.exec(b.toString('latin1', 0, 2880 * 4).match(new RegExp(`${k.padEnd(8)}=[^/]*`))?.[0] ?? '')?.[1],
      );
    assert.equal(card(poly.body, 'NAXIS1'), card(range.body, 'NAXIS1'), 'the same box as a polygon or a range');
    // VLASS: 2-4 GHz (0.075-0.15 m) on a degenerate FREQ axis, Stokes I.
    assert.equal(
      (
        await fits([
          ['CIRCLE', `${M82.ra} ${M82.dec} 0.01`],
          ['BAND', '0.1 0.12'],
        ])
      ).status,
      200,
    );
    const off = await fits([
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.01`],
      ['BAND', '0.2 0.3'],
    ]);
    assert.equal(off.status, 204);
    assert.match(off.headers.get('obscura-diagnostic') ?? '', /^NoOverlap: BAND does not overlap/);
    assert.equal((await fits([['POL', 'I']])).status, 200);
    assert.equal(
      (
        await fits([
          ['POL', 'V'],
          ['POL', 'Q'],
        ])
      ).status,
      204,
    );
    const late = await fits([['TIME', '60000 60001']]);
    assert.equal(late.status, 204);
    assert.match(late.headers.get('obscura-diagnostic') ?? '', /^NoOverlap: TIME 60000 60001 is outside/);
  });

  it('answers no overlap with 204 and no body (SODA 1.0 §5.1), the reason in a header', async () => {
    const res = await fetch(
      sodaUrl([
        ['ID', idOf('VLASS1.2.ql.T28t06')],
        ['CIRCLE', '10 10 0.02'],
      ]),
    );
    assert.equal(res.status, 204);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
    assert.match(res.headers.get('obscura-diagnostic') ?? '', /^NoOverlap: the region does not overlap the image/);
  });

  it('answers errors in text/plain starting with the SODA 1.0 §5.2 labels, with the right status', async () => {
    const vlass = idOf('VLASS1.2.ql.T28t06');
    const vis = [...demo.ids.values()].find((d) => d.includes('/ALMA?')) as string;
    const cases: [string, [string, string][], number, RegExp][] = [
      ['no ID', [['CIRCLE', '1 2 0.1']], 400, /^UsageError: ID is missing/],
      [
        'bad circle',
        [
          ['ID', vlass],
          ['CIRCLE', '148.9 95 0.1'],
        ],
        400,
        /^UsageError: CIRCLE: circle: latitude 95/,
      ],
      [
        'bad range',
        [
          ['ID', vlass],
          ['POS', 'RANGE 1 2 3'],
        ],
        400,
        /^UsageError: POS="RANGE 1 2 3": RANGE takes four/,
      ],
      [
        'bad shape',
        [
          ['ID', vlass],
          ['POS', 'BOX 1 2 3 4'],
        ],
        400,
        /^UsageError: POS="BOX 1 2 3 4": the shape must be/,
      ],
      [
        'bad band',
        [
          ['ID', vlass],
          ['BAND', '0.2 0.1'],
        ],
        400,
        /^UsageError: BAND="0.2 0.1": the low limit/,
      ],
      [
        'bad pol',
        [
          ['ID', vlass],
          ['POL', 'W'],
        ],
        400,
        /^UsageError: POL W unknown/,
      ],
      [
        'two regions',
        [
          ['ID', vlass],
          ['CIRCLE', '1 2 0.1'],
          ['POLYGON', '1 2 3 4 5 6'],
        ],
        400,
        /^UsageError: give one of/,
      ],
      [
        'two IDs',
        [
          ['ID', vlass],
          ['ID', vlass],
        ],
        400,
        /^MultiValuedParamNotSupported: ID given 2 times/,
      ],
      ['unknown ID', [['ID', 'ivo://nowhere/x?y']], 404, /^UsageError: NotFoundFault: ivo:\/\/nowhere\/x\?y is not/],
      [
        'no file',
        [
          ['ID', vis],
          ['CIRCLE', '1 2 0.1'],
        ],
        400,
        /^UsageError: .* has no file in this archive/,
      ],
      [
        'proprietary, anonymous',
        [['ID', demo.proprietaryId]],
        401,
        /^AuthenticationError: .* is proprietary until its release/,
      ],
    ];
    for (const [what, params, status, text] of cases) {
      const res = await fetch(sodaUrl(params));
      assert.equal(res.status, status, what);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/, what);
      assert.match(await res.text(), text, what);
    }
    // Proprietary data (DESIGN.md "Proprietary data"): the anonymous 401 carries the RFC 6750 §3 challenge; a user
    // not entitled to the proposal gets 403; the entitled user gets the cutout, marked private for caches.
    const secret = sodaUrl([
      ['ID', demo.proprietaryId],
      ['POS', 'RANGE 0 360 -90 90'],
    ]);
    const anonymous = await fetch(secret);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), `Bearer realm="${DEMO_AUTHORITY}"`);
    const other = await fetch(secret, { headers: { authorization: `Bearer ${DEMO_USERS.other.token}` } });
    assert.equal(other.status, 403);
    assert.match(await other.text(), /^AuthorizationError: .* User other is not entitled to proposal SECRET-1/);
    const pi = await fetch(secret, { headers: { authorization: `Bearer ${DEMO_USERS.pi.token}` } });
    assert.equal(pi.status, 200, "the entitled user's cutout");
    assert.equal(pi.headers.get('content-type'), 'application/fits');
    assert.match(pi.headers.get('cache-control') ?? '', /^private/);
    // A body fastify itself rejects still gets a SODA label.
    const garbled = await fetch(`${demo.url}/soda/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(garbled.status, 400);
    assert.match(await garbled.text(), /^UsageError: /);
    // POST works like GET (DALI-sync).
    const post = await fetch(`${demo.url}/soda/sync`, {
      method: 'POST',
      body: new URLSearchParams([
        ['ID', vlass],
        ['CIRCLE', `${M82.ra} ${M82.dec} 0.005`],
      ]),
    });
    assert.equal(post.status, 200);
    assert.equal(post.headers.get('content-type'), 'application/fits');
  });
});
