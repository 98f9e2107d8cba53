// Simple Cone Search over real HTTP with real clients, on SQLite and on PostgreSQL + pgSphere: the small demo's
// catalogues and a synthetic all-sky table ingested, the server on a loopback port, pyvo 1.2.1 (Debian) as the client:
// SCSService.search and pyvo.conesearch return the brute-force rows (RA wrap, poles), VERB levels change the
// columns, bad requests surface as pyvo DALQueryErrors with the message, VOSI capabilities parse; the spectral
// indices of the VLASS × RACS match agree with the generator's truth.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Database, openDatabase } from '@obscura/archive';
import { angularDistance } from '@obscura/sky';
import { postgresAvailable, runPythonAsync, startPostgres } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../serve.ts';
import { bruteForce, checkCones, testCones } from './cone-check.ts';
import { cachedDemo, createSkyCatalogue, ingestDemoCatalogues } from './test-archive.ts';

const PYVO = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
import pyvo
from pyvo.dal import DALQueryError
base, tasks = sys.argv[1], json.loads(sys.stdin.read())
out = []
for t in tasks:
    try:
        if t['kind'] == 'service':
            r = pyvo.dal.SCSService(base + '/scs/' + t['table']).search(pos=(t['ra'], t['dec']), radius=t['sr'], verbosity=t.get('verb', 2))
        else:
            r = pyvo.conesearch(base + '/scs/' + t['table'], pos=(t['ra'], t['dec']), radius=t['sr'], verbosity=t.get('verb', 2))
        ids = [str(rec.id) for rec in r]
        pos = [[float(rec.pos.ra.deg), float(rec.pos.dec.deg)] for rec in r][:3]
        out.append({'ids': sorted(ids), 'fields': list(r.fieldnames), 'pos': pos})
    except Exception as e:
        out.append({'error': str(e), 'type': type(e).__name__})
print(json.dumps(out))
`;

interface PyvoResult {
  ids?: string[];
  fields?: string[];
  pos?: [number, number][];
  error?: string;
  type?: string;
}

async function pyvo(base: string, tasks: Record<string, unknown>[]): Promise<PyvoResult[]> {
  return JSON.parse(await runPythonAsync(PYVO, [base], JSON.stringify(tasks)));
}

/** Parses the demo truth CSV (a few thousand lines, simple: no quoted commas). */
function truthSources(demo: string): { ra: number; dec: number; alpha: number }[] {
  const lines = readFileSync(join(demo, 'truth', 'sources.csv'), 'utf8')
    .trim()
    .split('\n');
  const h = lines[0].split(',');
  const [ra, dec, alpha] = ['ra', 'dec', 'alpha'].map((n) => h.indexOf(n));
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { ra: Number(f[ra]), dec: Number(f[dec]), alpha: Number(f[alpha]) };
  });
}

/** The TABLEDATA rows of a VOTable 1.1 response, as text cells (enough for our own documents). */
function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<TR>(.*?)<\/TR>/g)].map((m) => [...m[1].matchAll(/<TD>(.*?)<\/TD>/g)].map((c) => c[1]));
}

function suite(name: string, databaseUrl: (dir: string) => Promise<{ url: string; stop(): Promise<void> }>) {
  describe(name, () => {
    let server: RunningServer;
    let sky: { id: string; ra: number; dec: number }[];
    let demo: string;
    let cleanup: () => Promise<void>;
    let db: Database;

    before(async () => {
      demo = await cachedDemo('small');
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'scs-it-'));
      const database = await databaseUrl(dir);
      db = await openDatabase(database.url);
      await ingestDemoCatalogues(db, demo);
      sky = await createSkyCatalogue(db, 8000);
      const config = loadConfig({
        cwd: dir,
        env: {},
        overrides: { db: database.url, dataDir: dir, port: 0, logLevel: 'silent' },
      });
      server = await startServer(config, { handleSignals: false });
      cleanup = async () => {
        await server.close();
        await db.close();
        await database.stop();
        rmSync(dir, { recursive: true, force: true });
      };
    });
    after(async () => cleanup?.());

    test('the cone query path returns the brute-force rows on this backend (RA wrap, poles, SR=0, SR ≥ 90)', async () => {
      const found = await checkCones(db, sky, testCones(60));
      assert.ok(found > 5000);
    });

    test('pyvo SCSService.search and pyvo.conesearch: the right rows, across RA=0/360 and around the poles', async () => {
      const cones = [
        { ra: 0.2, dec: 0.1, sr: 0.8 },
        { ra: 359.8, dec: -0.5, sr: 0.6 },
        { ra: 10, dec: 89.5, sr: 1.2 },
        { ra: 0, dec: -90, sr: 0.7 },
      ];
      const tasks = cones.flatMap((c) => [
        { kind: 'service', table: 'test.sky', ...c },
        { kind: 'conesearch', table: 'test.sky', ...c },
      ]);
      const results = await pyvo(server.url, tasks);
      results.forEach((r, i) => {
        const c = cones[i >> 1];
        assert.equal(r.error, undefined, r.error);
        const want = bruteForce(sky, c);
        assert.ok(want.length > 10, `cone ${JSON.stringify(c)} finds rows`);
        assert.deepEqual(r.ids, want, `pyvo ${tasks[i].kind} ${JSON.stringify(c)}`);
        for (const [ra, dec] of r.pos ?? []) assert.ok(angularDistance(c.ra, c.dec, ra, dec) <= c.sr);
      });
    });

    test('pyvo on the demo VLASS catalogue; VERB 1, 2, 3 give growing column sets with the SCS UCDs', async () => {
      const c = { table: 'vlass.components', ra: 147.85, dec: 69.6, sr: 0.3 };
      const [v1, v2, v3] = await pyvo(
        server.url,
        [1, 2, 3].map((verb) => ({ kind: 'service', ...c, verb })),
      );
      assert.deepEqual(v1.fields, ['Component_name', 'RA', 'DEC', '_r']);
      assert.deepEqual(v2.fields, [
        'Component_name',
        'RA',
        'DEC',
        'E_RA',
        'E_DEC',
        'Total_flux',
        'E_Total_flux',
        'Peak_flux',
        'E_Peak_flux',
        'Isl_Total_flux',
        '_r',
      ]);
      assert.equal(v3.fields?.length, 71, 'VERB=3: the 70 catalogue columns and the distance');
      assert.ok((v1.ids?.length ?? 0) > 5);
      assert.deepEqual(v1.ids, v3.ids);
      assert.match(v1.ids?.[0] ?? '', /^VLASS1QLCIR J/);
    });

    test('errors: bad RA, missing SR, DEC out of range, unknown catalogue are readable pyvo DALQueryErrors', async () => {
      const r = await pyvo(server.url, [
        { kind: 'service', table: 'test.sky', ra: 'as3f', dec: 1, sr: 1 },
        { kind: 'conesearch', table: 'nosuch.table', ra: 1, dec: 1, sr: 1 },
      ]);
      // pyvo 1.2.1 converts pos through astropy before sending, so a bad RA never leaves pyvo (SCSQuery below sends it).
      assert.equal(r[0].type, 'ValueError');
      assert.equal(r[1].type, 'DALQueryError');
      assert.match(r[1].error ?? '', /no catalogue nosuch\.table; cone search services: .*\/scs\/vlass\.components/);
      const raw = (
        await runPythonAsync(
          String.raw`
import sys, warnings
warnings.simplefilter('ignore')
from pyvo.dal import DALQueryError
from pyvo.dal.scs import SCSQuery
for q in [{'RA': 'as3f', 'DEC': '1', 'SR': '1'}, {'RA': '10', 'DEC': '20'}, {'RA': '10', 'DEC': '91', 'SR': '1'}]:
    query = SCSQuery(sys.argv[1])
    query.update(q)
    try:
        query.execute()
        print('accepted')
    except DALQueryError as e:
        print(type(e).__name__, '|', e)
`,
          [`${server.url}/scs/test.sky`],
        )
      )
        .trim()
        .split('\n');
      assert.match(raw[0], /^DALQueryError \| RA="as3f" is not a decimal number/);
      assert.match(raw[1], /^DALQueryError \| missing parameter SR: give the cone radius in decimal degrees/);
      assert.match(raw[2], /^DALQueryError \| DEC=91 is out of range/);
      const res = await fetch(`${server.url}/scs/test.sky?RA=10&DEC=20`);
      assert.equal(res.status, 400);
      const body = await res.text();
      assert.match(body, /<VOTABLE version="1.1"[^>]*>\n<INFO ID="Error" name="Error" value="missing parameter SR/);
    });

    test('SR=0 returns the metadata and no error; MAXREC cuts with a trailing OVERFLOW; VOSI capabilities and availability', async () => {
      const zero = await (await fetch(`${server.url}/scs/vlass.components?RA=0&DEC=90&SR=0`)).text();
      assert.match(zero, /ucd="ID_MAIN"/);
      assert.equal(tableRows(zero).length, 0);
      const cut = await (await fetch(`${server.url}/scs/test.sky?RA=0&DEC=90&SR=3&MAXREC=5&VERB=1`)).text();
      assert.equal(tableRows(cut).length, 5);
      assert.match(cut, /<\/TABLE>\n<INFO name="QUERY_STATUS" value="OVERFLOW">/);
      const caps = (
        await runPythonAsync(
          String.raw`
import sys, warnings
warnings.simplefilter('ignore')
import xml.etree.ElementTree as ET, urllib.request
t = ET.parse(urllib.request.urlopen(sys.argv[1] + '/capabilities'))
cap = [c for c in t.getroot() if c.get('standardID') == 'ivo://ivoa.net/std/ConeSearch'][0]
print(cap.find('maxSR').text, cap.find('maxRecords').text, cap.find('verbosity').text)
q = cap.find('testQuery')
print(q.find('ra').text, q.find('dec').text, q.find('sr').text)
print(urllib.request.urlopen(sys.argv[1] + '/availability').read().decode())
`,
          [`${server.url}/scs/vlass.components`],
        )
      ).split('\n');
      assert.equal(caps[0], '180 100000 true');
      const [ra, dec, sr] = caps[1].split(' ').map(Number);
      const test = await (await fetch(`${server.url}/scs/vlass.components?RA=${ra}&DEC=${dec}&SR=${sr}`)).text();
      assert.ok(tableRows(test).length >= 1, 'the testQuery finds a row');
      assert.match(caps.slice(2).join('\n'), /<vosi:available>true<\/vosi:available>/);
      const landing = (await (await fetch(`${server.url}/?format=json`)).json()) as {
        services: { name: string; status: string }[];
      };
      const scs = landing.services.find((s) => s.name === 'scs');
      assert.equal(scs?.status, 'available');
    });

    test('the view catalogs.vlass_racs_spectral_index: in TAP_SCHEMA, queryable by ADQL, α agrees with the truth', async (t) => {
      const tap = async (q: string) =>
        (
          await fetch(`${server.url}/tap/sync`, {
            method: 'POST',
            body: new URLSearchParams({ LANG: 'ADQL', QUERY: q }),
          })
        ).text();
      const listed = await tap(
        "SELECT table_name, table_type FROM TAP_SCHEMA.tables WHERE table_name = 'catalogs.vlass_racs_spectral_index'",
      );
      assert.deepEqual(tableRows(listed), [['catalogs.vlass_racs_spectral_index', 'view']]);
      const xml = await tap(
        'SELECT ra, dec, flux_3ghz, flux_3ghz_error, flux_887mhz, flux_887mhz_error, alpha, alpha_error, separation ' +
          'FROM catalogs.vlass_racs_spectral_index',
      );
      const rows = tableRows(xml);
      assert.ok(rows.length > 10, `${rows.length} matches: ${xml.slice(0, 400)}`);
      const truth = truthSources(demo);
      const deltas: number[] = [];
      for (const [ra, dec, s1, e1, s2, e2, alpha, alphaError, sep] of rows) {
        assert.ok(Number(sep) < 5);
        if (!(Number(s1) / Number(e1) > 10 && Number(s2) / Number(e2) > 10)) continue;
        let best: { alpha: number; d: number } | undefined;
        for (const x of truth) {
          const d = angularDistance(Number(ra), Number(dec), x.ra, x.dec) * 3600;
          if (d < 2 && (!best || d < best.d)) best = { alpha: x.alpha, d };
        }
        if (!best) continue;
        deltas.push(Math.abs(Number(alpha) - best.alpha));
        assert.ok(Number(alphaError) > 0 && Number(alphaError) < 1);
      }
      deltas.sort((a, b) => a - b);
      assert.ok(deltas.length >= 10, `${deltas.length} bright matched sources`);
      const median = deltas[deltas.length >> 1];
      t.diagnostic(`view: ${rows.length} pairs, ${deltas.length} at S/N > 10: median |Δα| = ${median.toFixed(4)}`);
      assert.ok(median < 0.1, `median |Δα| = ${median}`);
      // A cone on the view is served by the VLASS side's spatial index (and agrees with the full view's rows).
      const cone = tableRows(
        await tap(
          'SELECT ra, dec FROM catalogs.vlass_racs_spectral_index ' +
            "WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 148.97, 69.68, 2)) = 1",
        ),
      );
      const inCone = rows.filter(([ra, dec]) => angularDistance(Number(ra), Number(dec), 148.97, 69.68) <= 2);
      assert.equal(cone.length, inCone.length);
    });

    test('spectral indices of the VLASS × RACS match agree with the truth (median |Δα| < 0.1 at S/N > 10)', async (t) => {
      const xml = await (await fetch(`${server.url}/scs/spectral-index?RA=0&DEC=0&SR=180&MATCH=5`)).text();
      assert.match(xml, /name="alpha"/);
      const rows = tableRows(xml);
      assert.ok(rows.length > 10, `${rows.length} matches`);
      const truth = truthSources(demo);
      const deltas: number[] = [];
      for (const [, ra, dec, , , s1, e1, s2, e2, alpha, alphaError] of rows) {
        if (!(Number(s1) / Number(e1) > 10 && Number(s2) / Number(e2) > 10)) continue;
        // The true component nearest the VLASS position (the brightest within 2" where several are close).
        let best: { alpha: number; d: number } | undefined;
        for (const t of truth) {
          const d = angularDistance(Number(ra), Number(dec), t.ra, t.dec) * 3600;
          if (d < 2 && (!best || d < best.d)) best = { alpha: t.alpha, d };
        }
        if (!best) continue;
        deltas.push(Math.abs(Number(alpha) - best.alpha));
        assert.ok(Number(alphaError) > 0 && Number(alphaError) < 1);
      }
      deltas.sort((a, b) => a - b);
      assert.ok(deltas.length >= 10, `${deltas.length} bright matched sources`);
      const median = deltas[deltas.length >> 1];
      t.diagnostic(
        `${rows.length} matches, ${deltas.length} at S/N > 10 with a true component: median |Δα| = ${median.toFixed(4)}`,
      );
      assert.ok(median < 0.1, `median |Δα| = ${median} over ${deltas.length} sources`);
    });
  });
}

suite('SCS on SQLite', async (dir) => ({ url: `sqlite:${join(dir, 'archive.sqlite')}`, stop: async () => {} }));

if (postgresAvailable()) {
  suite('SCS on PostgreSQL + pgSphere', async () => {
    const pg = await startPostgres();
    return { url: pg.url, stop: () => pg.stop() };
  });
}
