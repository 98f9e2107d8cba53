// SIA 2.0 over real HTTP on the ingested small demo archive (SQLite): pyvo 1.2.1's SIA2 client (Debian) reads the
// capabilities and searches by POS, BAND (in GHz, converted by pyvo to metres), TIME, COLLECTION and the resolution
// at a frequency; GET and POST agree; RANGE over RA 0/360 and to the pole; MAXREC and its OVERFLOW; the DataLink
// service descriptor; FORMAT by the #this file's type (and pyvo's res_format); the VOTable error documents; STILTS
// votlint on the responses. Expected rows come from TAP queries and from the demo's own tables, not from the SIA code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FILES_TABLE } from '@obscura/archive';
import { withTempDir } from '@obscura/testkit';
import { type DemoServer, openDemoServer, python, runAsync } from '../soda/demo-fixture.ts';

const M82 = { ra: 148.9684583, dec: 69.6797028 };
const hasStilts = spawnSync('stilts', ['-version'], { encoding: 'utf8' }).status === 0;

type Row = Record<string, string | number | null>;

/** Rows of an ADQL query through /tap/sync, as JSON objects. */
async function tap(url: string, adql: string): Promise<Row[]> {
  const r = await fetch(`${url}/tap/sync?LANG=ADQL&RESPONSEFORMAT=json&QUERY=${encodeURIComponent(adql)}`);
  assert.equal(r.status, 200, await r.clone().text());
  const j = (await r.json()) as { metadata: { name: string }[]; data: unknown[][] };
  return j.data.map((row) => Object.fromEntries(j.metadata.map((m, i) => [m.name, row[i] as string | number | null])));
}

/** The obs_publisher_did cells of a TABLEDATA SIA response, in order. */
function dids(xml: string): string[] {
  const fields = [...xml.matchAll(/<FIELD [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const col = fields.indexOf('obs_publisher_did');
  return [...xml.matchAll(/<TR>(.*?)<\/TR>/gs)].map((m) => {
    const cells = [...m[1].matchAll(/<TD>(.*?)<\/TD>|<TD\/>/gs)].map((c) => c[1] ?? '');
    return cells[col].replaceAll('&amp;', '&');
  });
}

const sorted = (a: Iterable<string>) => [...a].sort();

// pyvo 1.2.1 SIA2: SIAService(base) reads /capabilities, then each search is a {query} GET with pyvo's formatting.
const PYVO_SEARCHES = `
import json, sys
import astropy.units as u
from astropy.time import Time
from pyvo.dal.sia2 import SIAService
from pyvo.dal.exceptions import DALQueryError
svc = SIAService(sys.argv[1])
m82 = (148.9684583, 69.6797028, 0.02)
def dids(r):
    return sorted(str(x) for x in r['obs_publisher_did'])
out = {'query_ep': svc.query_ep}
out['pos_vlass'] = dids(svc.search(pos=m82, collection='VLASS'))
out['pos_optical'] = dids(svc.search(pos=m82, collection='optical'))
out['band_ghz'] = dids(svc.search(pos=m82, band=(2.5 * u.GHz, 2.6 * u.GHz), data_type='image'))
out['time'] = dids(svc.search(pos=m82, time=(Time(58500, format='mjd'), Time(58600, format='mjd')), collection='VLASS'))
res = svc.search(collection=['VLASS', 'RACS'], spatial_resolution=(0 * u.arcsec, 3.6 * u.arcsec), SPATRES_FREQ=2.2e9)
out['res_2_2ghz'] = dids(res)
out['res_columns'] = [c for c in ('beam_major', 'beam_minor', 'beam_pa', 'rms_noise', 's_resolution_at_freq') if c in res.fieldnames]
out['res_at_freq'] = sorted(float(x) for x in res['s_resolution_at_freq'])
try:
    svc.search(pos=(148.9, 69.7, 0.02), SPATRES_FREQ=1.4e9)
    out['error'] = None
except DALQueryError as e:
    out['error'] = str(e)
print(json.dumps(out))
`;

describe('SIA 2.0 on the demo archive (SQLite)', { timeout: 300_000 }, () => {
  let demo: DemoServer & { close: () => Promise<void> };
  let images: Row[];
  before(async () => {
    demo = await openDemoServer();
    images = await tap(
      demo.url,
      'SELECT obs_publisher_did, obs_collection, s_resolution, freq_min, freq_max, beam_major, t_min, t_max ' +
        "FROM ivoa.obscore WHERE dataproduct_type = 'image'",
    );
  });
  after(async () => demo?.close());

  const didsWhere = (pred: (r: Row) => boolean) => sorted(images.filter(pred).map((r) => String(r.obs_publisher_did)));
  const sia = async (query: string, init?: RequestInit) => {
    const r = await fetch(`${demo.url}/sia/query${query ? `?${query}` : ''}`, init);
    return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
  };

  it('pyvo 1.2.1 SIA2Service: capabilities, POS, COLLECTION, BAND in GHz, TIME, resolution at a frequency, errors', async () => {
    const out = JSON.parse(await python(PYVO_SEARCHES, [`${demo.url}/sia`]));
    assert.equal(out.query_ep, `${demo.url}/sia/query`);
    const atM82 = await tap(
      demo.url,
      `SELECT obs_publisher_did, obs_collection, t_min, t_max FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(${M82.ra}, ${M82.dec}, 0.02)) = 1`,
    );
    const m82 = (pred: (r: Row) => boolean) => sorted(atM82.filter(pred).map((r) => String(r.obs_publisher_did)));
    assert.equal(out.pos_vlass.length, 2);
    assert.deepEqual(
      out.pos_vlass,
      m82((r) => r.obs_collection === 'VLASS'),
    );
    assert.equal(out.pos_optical.length, 5);
    assert.deepEqual(
      out.pos_optical,
      m82((r) => r.obs_collection === 'optical'),
    );
    // Of the images, 2.5-2.6 GHz lies in VLASS's 2-4 GHz band only.
    assert.deepEqual(out.band_ghz, out.pos_vlass);
    assert.deepEqual(
      out.time,
      m82((r) => r.obs_collection === 'VLASS' && Number(r.t_min) <= 58600 && Number(r.t_max) >= 58500),
    );
    assert.equal(out.time.length, 1);
    // Resolution at 2.2 GHz: VLASS images covering it, beam scaled from the 3 GHz band centre; RACS (≤ 1.03 GHz)
    // does not cover 2.2 GHz.
    const at = (r: Row, f: number) => (Number(r.s_resolution) * (Number(r.freq_min) + Number(r.freq_max))) / 2 / f;
    const expected = didsWhere(
      (r) =>
        (r.obs_collection === 'VLASS' || r.obs_collection === 'RACS') &&
        Number(r.freq_min) <= 2.2e9 &&
        Number(r.freq_max) >= 2.2e9 &&
        at(r, 2.2e9) <= 3.6,
    );
    assert.ok(expected.length > 0 && expected.length < 6, `expected ${expected.length} of the 6 VLASS images`);
    assert.deepEqual(out.res_2_2ghz, expected);
    assert.deepEqual(out.res_columns, ['beam_major', 'beam_minor', 'beam_pa', 'rms_noise', 's_resolution_at_freq']);
    assert.ok(
      out.res_at_freq.every((v: number) => v > 3 && v <= 3.6),
      String(out.res_at_freq),
    );
    assert.match(out.error, /SPATRES_FREQ=1400000000\.0 needs SPATRES/);
  });

  it('FORMAT=image/fits (or application/fits) finds the products whose #this file is FITS; the DataLink type finds all', async () => {
    // Expected sets from the archive's own tables (obscura.files is what DataLink serves as #this).
    const db = demo.server.db;
    const fits = sorted(
      (
        await db.all<{ d: string }>(
          `SELECT obs_publisher_did AS d FROM ${db.dialect.table(FILES_TABLE)} ` +
            "WHERE semantics = '#this' AND content_type = 'application/fits'",
        )
      ).map((r) => String(r.d)),
    );
    const all = sorted(
      (await tap(demo.url, 'SELECT obs_publisher_did FROM ivoa.obscore')).map((r) => String(r.obs_publisher_did)),
    );
    const visibilities = (
      await tap(demo.url, "SELECT obs_publisher_did FROM ivoa.obscore WHERE dataproduct_type = 'visibility'")
    ).map((r) => String(r.obs_publisher_did));
    assert.ok(fits.length >= 10 && visibilities.length > 0 && fits.length + visibilities.length === all.length);
    for (const v of visibilities) assert.ok(!fits.includes(v), v);
    for (const format of ['image/fits', 'application/fits', 'IMAGE/FITS']) {
      const r = await sia(`FORMAT=${encodeURIComponent(format)}&MAXREC=1000`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(sorted(dids(r.text)), fits, format);
    }
    const dl = await sia(`FORMAT=${encodeURIComponent('application/x-votable+xml;content=datalink')}&MAXREC=1000`);
    assert.deepEqual(sorted(dids(dl.text)), all);
    // With other constraints, AND-ed as usual; a type no product has finds nothing (not an error).
    const vlass = await sia('FORMAT=image/fits&COLLECTION=VLASS');
    assert.deepEqual(
      sorted(dids(vlass.text)),
      didsWhere((r) => r.obs_collection === 'VLASS'),
    );
    const none = await sia('FORMAT=image/png');
    assert.equal(none.status, 200);
    assert.deepEqual(dids(none.text), []);
    // pyvo 1.2.1 sends res_format as FORMAT.
    const py = JSON.parse(
      await python(
        `
import json, sys, warnings
warnings.simplefilter('ignore')
from pyvo.dal.sia2 import SIAService
svc = SIAService(sys.argv[1])
print(json.dumps(sorted(str(x) for x in svc.search(res_format='image/fits', maxrec=1000)['obs_publisher_did'])))
`,
        [`${demo.url}/sia`],
      ),
    );
    assert.deepEqual(py, fits);
  });

  it('the resolution extension at 888 MHz finds RACS by its beam, and a finer limit finds none', async () => {
    const racs = didsWhere((r) => r.obs_collection === 'RACS');
    assert.ok(racs.length >= 2);
    const coarse = await sia('SPATRES=0%2036&SPATRES_FREQ=888e6');
    assert.equal(coarse.status, 200);
    assert.deepEqual(sorted(dids(coarse.text)), racs);
    const fine = await sia('SPATRES=0%203.6&SPATRES_FREQ=888e6');
    assert.deepEqual(dids(fine.text), []);
  });

  it("GET and POST agree, names are case-insensitive, repeated values are OR'ed, different parameters AND'ed", async () => {
    const get = await sia(
      `pos=CIRCLE%20${M82.ra}%20${M82.dec}%200.02&Collection=VLASS&COLLECTION=optical&dptype=image`,
    );
    const post = await sia('', {
      method: 'POST',
      body: new URLSearchParams([
        ['POS', `CIRCLE ${M82.ra} ${M82.dec} 0.02`],
        ['collection', 'VLASS'],
        ['collection', 'optical'],
        ['DPTYPE', 'image'],
      ]),
    });
    assert.equal(get.status, 200);
    assert.equal(dids(get.text).length, 7);
    assert.deepEqual(dids(post.text), dids(get.text));
    const and = await sia(`POS=CIRCLE%20${M82.ra}%20${M82.dec}%200.02&COLLECTION=VLASS&BAND=4e-7%209e-7`);
    assert.deepEqual(dids(and.text), []);
  });

  it('POS=RANGE: around M82, across RA 0/360, a polar cap and a declination band', async () => {
    const range = async (r: string) =>
      sorted(dids((await sia(`POS=${encodeURIComponent(`RANGE ${r}`)}&DPTYPE=image`)).text));
    const atM82 = sorted(dids((await sia(`POS=CIRCLE%20${M82.ra}%20${M82.dec}%200.02&DPTYPE=image`)).text));
    assert.deepEqual(await range(`${M82.ra - 0.05} ${M82.ra + 0.05} ${M82.dec - 0.02} ${M82.dec + 0.02}`), atM82);
    // The VLASS M82 tile reaches Dec 69.844: inside a cap north of 69.8, outside one north of 69.9; the optical
    // images (up to Dec 69.73) are in neither.
    const vlassM82 = didsWhere((r) => r.obs_collection === 'VLASS' && String(r.obs_publisher_did).includes('T28t06'));
    assert.deepEqual(await range('0 360 69.8 +Inf'), vlassM82);
    assert.deepEqual(await range('-Inf +Inf 69.9 90'), []);
    // Images at RA 99.5 and 118.5 (Dec 11.5 and -3.5): a band of Dec -5..-2 over all RA has only the second field.
    const south = await range('0 360 -5 -2');
    assert.ok(south.length >= 3, south.join(' '));
    const southTap = await tap(
      demo.url,
      "SELECT obs_publisher_did FROM ivoa.obscore WHERE dataproduct_type = 'image' AND s_dec < 0",
    );
    assert.deepEqual(south, sorted(southTap.map((r) => String(r.obs_publisher_did))));
    // Across RA 0: 350..130 wraps and holds RA 99.5 and 118.5; 130..350 holds M82 (RA 148.5-149.4) only.
    const wrapped = await range('350 130 -10 20');
    const inner = await range('130 350 -10 80');
    const allImages = didsWhere(() => true);
    assert.deepEqual(sorted([...wrapped, ...inner]), allImages);
    assert.ok(wrapped.length > 0 && inner.length > 0);
    assert.ok(inner.every((d) => atM82.includes(d) || d.includes('T28t06')));
  });

  it('MAXREC cuts the table and an OVERFLOW INFO follows it; MAXREC=0 is metadata only', async () => {
    const cut = await sia('COLLECTION=VLASS&MAXREC=2');
    assert.equal(dids(cut.text).length, 2);
    assert.match(cut.text, /<\/TABLE>\n<INFO name="QUERY_STATUS" value="OVERFLOW"\/>\n<\/RESOURCE>/);
    const all = await sia('COLLECTION=VLASS&MAXREC=6');
    assert.doesNotMatch(all.text, /OVERFLOW/);
    const none = await sia('COLLECTION=VLASS&MAXREC=0');
    assert.equal(none.status, 200);
    assert.equal(dids(none.text).length, 0);
    assert.match(none.text, /<FIELD ID="obs_publisher_did" name="obs_publisher_did"/);
  });

  it('results have every ObsCore and radio column and a DataLink service descriptor pointing at this server', async () => {
    const r = await sia(`POS=CIRCLE%20${M82.ra}%20${M82.dec}%200.02&COLLECTION=VLASS`);
    assert.match(r.type, /^application\/x-votable\+xml/);
    const list = [...r.text.matchAll(/<FIELD [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const names = new Set(list);
    assert.equal(names.size, list.length, 'each column once');
    for (const c of ['dataproduct_type', 's_region', 'em_min', 'access_url', 'freq_min', 'beam_major', 'rms_noise']) {
      assert.ok(names.has(c), c);
    }
    for (const c of ['s_resolution_min', 's_resolution_max', 's_fov_min', 'f_resolution', 'instr_tel_number']) {
      assert.ok(names.has(c), c);
    }
    assert.ok(!names.has('s_resolution_at_freq'));
    const descriptor = /<RESOURCE type="meta" utype="adhoc:service"[^>]*>[\s\S]*?<\/RESOURCE>/.exec(r.text)?.[0] ?? '';
    assert.match(descriptor, /name="standardID" [^>]*value="ivo:\/\/ivoa.net\/std\/DataLink#links-1.1"/);
    assert.match(descriptor, new RegExp(`name="accessURL" [^>]*value="${demo.url}/datalink/links"`));
    assert.match(descriptor, /<PARAM name="ID" [^>]*ref="obs_publisher_did"/);
    assert.ok(r.text.indexOf(descriptor) > r.text.indexOf('</TABLE>'));
    // access_url values point at this server too (rebased on the request's public base).
    const urls = [...r.text.matchAll(/<TD>(https?:\/\/[^<]*\/datalink\/links\?ID=[^<]*)<\/TD>/g)].map((m) => m[1]);
    assert.equal(urls.length, 2);
    for (const u of urls) assert.ok(u.startsWith(`${demo.url}/datalink/links?ID=`), u);
  });

  it('bad values are VOTable error documents with QUERY_STATUS ERROR, status 400 and what was wrong', async () => {
    const cases: [string, RegExp][] = [
      ['POS=CIRCLE%20400%2010%201', /longitude 400 is outside/],
      ['POS=SQUARE%201%202', /CIRCLE, RANGE or POLYGON/],
      ['BAND=0.2%200.1', /lower end 0.2 is above the upper end 0.1/],
      ['TIME=yesterday', /"yesterday" is not a number/],
      ['POL=W', /not a polarization state/],
      ['CALIB=x', /integer 0 to 4/],
      ['MAXREC=-1', /non-negative integer/],
      ['SPATRES_FREQ=3e9', /needs SPATRES/],
      ['RESPONSEFORMAT=csv', /SIA 2.0 answers VOTable/],
    ];
    for (const [q, message] of cases) {
      const r = await sia(q);
      assert.equal(r.status, 400, q);
      assert.match(r.type, /^application\/x-votable\+xml/);
      assert.match(r.text, /<INFO name="QUERY_STATUS" value="ERROR">/);
      assert.match(r.text, message, q);
    }
  });

  it('too many values or polygon vertices are a clear 400, strings with quotes stay literal (no ADQL injection)', async () => {
    const post = (body: URLSearchParams) => sia('', { method: 'POST', body });
    const manyPos = new URLSearchParams();
    for (let i = 0; i < 3000; i++) manyPos.append('POS', `CIRCLE ${i % 360} 0 1`);
    let r = await post(manyPos);
    assert.equal(r.status, 400);
    assert.match(r.text, /<INFO name="QUERY_STATUS" value="ERROR">POS is given 3000 times; at most 100 values/);
    const manyIds = new URLSearchParams();
    for (let i = 0; i < 1001; i++) manyIds.append('ID', `ivo://x/${i}`);
    r = await post(manyIds);
    assert.equal(r.status, 400);
    assert.match(r.text, /ID is given 1001 times; at most 1000/);
    const vertices = Array.from({ length: 1500 }, (_, i) => `${(i / 1500) * 10} ${Math.sin(i) * 0.1}`).join(' ');
    r = await post(new URLSearchParams({ POS: `POLYGON ${vertices}` }));
    assert.equal(r.status, 400);
    assert.match(r.text, /1500 vertices; at most 1000/);
    // A quote in a string value is doubled: the condition matches nothing instead of every row.
    for (const q of ["ID=x' OR 1=1 --", "TARGET=a')) OR ((1=1", "COLLECTION=' OR ''='"]) {
      r = await sia(`${q.split('=')[0]}=${encodeURIComponent(q.slice(q.indexOf('=') + 1))}`);
      assert.equal(r.status, 200, q);
      assert.deepEqual(dids(r.text), [], q);
    }
  });

  it('VOSI capabilities (every capability with a standardID) and availability', async () => {
    const caps = await (await fetch(`${demo.url}/sia/capabilities`)).text();
    const ids = [...caps.matchAll(/<capability standardID="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, [
      'ivo://ivoa.net/std/SIA#query-2.0',
      'ivo://ivoa.net/std/VOSI#capabilities',
      'ivo://ivoa.net/std/VOSI#availability',
    ]);
    assert.equal((caps.match(/<capability[ >]/g) ?? []).length, 3);
    const avail = await (await fetch(`${demo.url}/sia/availability`)).text();
    assert.match(avail, /<vosi:available>true<\/vosi:available>/);
  });

  it('STILTS votlint finds no errors in results (with the descriptor, OVERFLOW) nor in an error document', {
    skip: !hasStilts && 'stilts not installed',
  }, async () => {
    await withTempDir(async (dir) => {
      for (const [i, q] of [
        `POS=CIRCLE%20${M82.ra}%20${M82.dec}%200.5&MAXREC=3`,
        'SPATRES=0%2036&SPATRES_FREQ=888e6',
        'POS=CIRCLE%20400%2010%201',
      ].entries()) {
        // Saved first: STILTS does not read the body of a 400 from a URL.
        const file = join(dir, `${i}.xml`);
        writeFileSync(file, (await sia(q)).text);
        const out = await runAsync('stilts', ['votlint', 'validate=true', 'version=1.4', `votable=${file}`]);
        const problems = out.split('\n').filter((l) => /ERROR|WARNING/.test(l));
        assert.deepEqual(problems, [], `${q}\n${out}`);
      }
    });
  });
});
