// The TAP upload cross-match with a real client, on SQLite and on PostgreSQL + pgSphere: pyvo (Debian python3-pyvo)
// uploads 1,000 positions as an astropy Table (columns named ra/dec, no UCDs) with run_sync(..., uploads=...) and
// matches them against a catalogue of 20,000 rows dense at RA=0/360 and at both poles, in the CONTAINS and the
// DISTANCE spellings; the pairs are the brute-force answer. Then the upload path itself (upload.ts): the uploaded
// table gets its spatial index, the translated query's plan drives the join from the upload and searches the
// catalogue through its index, and the upload table is gone afterwards (and swept when a process died).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Database, dropCatalogue, openDatabase } from '@obscura/archive';
import { angularDistance } from '@obscura/sky';
import { postgresAvailable, pythonHas, runPythonAsync, startPostgres } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../serve.ts';
import { prepareQuery, readyDatabaseForAdql } from '../tap/adql-query.ts';
import { TapMetadataCache } from '../tap/tap-metadata.ts';
import { loadUploads, sweepUploadTables } from '../tap/upload.ts';
import { ensureSpectralIndexView } from './spectral-index-view.ts';
import { cachedDemo, createSkyCatalogue, ingestDemoCatalogues } from './test-archive.ts';

const RADIUS = 5 / 3600;
const skipPyvo = pythonHas('pyvo') ? false : 'pyvo not installed for /usr/bin/python3';

const PYVO = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
import pyvo
from astropy.table import Table
url, query = sys.argv[1], sys.argv[2]
pos = json.loads(sys.stdin.read())
t = Table(rows=pos, names=('pid', 'ra', 'dec'), dtype=('i4', 'f8', 'f8'))
r = pyvo.dal.TAPService(url + '/tap').run_sync(query, uploads={'pos': t}, maxrec=1000000)
print(json.dumps(sorted('%d|%s' % (int(row['pid']), str(row['id'])) for row in r)))
`;

/** 1,000 positions: 700 within 0..10″ of a catalogue row (about half inside 5″), 300 anywhere. */
function uploadPositions(sky: { ra: number; dec: number }[]): [number, number, number][] {
  let seed = 99;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: 1000 }, (_, i): [number, number, number] => {
    if (i >= 700) return [i, rnd() * 360, (Math.asin(2 * rnd() - 1) * 180) / Math.PI];
    const s = sky[Math.floor(rnd() * sky.length)];
    const d = (10 / 3600) * rnd();
    const dec = Math.max(-90, Math.min(90, s.dec + d * (rnd() - 0.5)));
    const ra = (s.ra + (d * (rnd() - 0.5)) / Math.max(1e-3, Math.cos((dec * Math.PI) / 180)) + 360) % 360;
    return [i, ra, dec];
  });
}

function bruteForce(pos: [number, number, number][], sky: { id: string; ra: number; dec: number }[]): string[] {
  const out: string[] = [];
  for (const [pid, ra, dec] of pos) {
    for (const s of sky) if (angularDistance(ra, dec, s.ra, s.dec) <= RADIUS) out.push(`${pid}|${s.id}`);
  }
  return out.sort();
}

/** A TABLEDATA VOTable of the positions (as a client would upload it; names ra/dec, no UCDs). */
function votable(pos: [number, number, number][]): Buffer {
  const rows = pos.map(([p, ra, dec]) => `<TR><TD>${p}</TD><TD>${ra}</TD><TD>${dec}</TD></TR>`).join('');
  return Buffer.from(
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>` +
      `<FIELD name="pid" datatype="int"/><FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/>` +
      `<DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
  );
}

const QUERIES = [
  `SELECT u.pid, s.id FROM TAP_UPLOAD.pos AS u JOIN test.sky AS s
     ON 1 = CONTAINS(POINT('ICRS', s.ra, s.dec), CIRCLE('ICRS', u.ra, u.dec, 5.0/3600))`,
  `SELECT u.pid, s.id FROM test.sky AS s, TAP_UPLOAD.pos AS u
     WHERE DISTANCE(POINT('ICRS', u.ra, u.dec), POINT('ICRS', s.ra, s.dec)) <= 5.0/3600`,
];

function suite(name: string, databaseUrl: (dir: string) => Promise<{ url: string; stop(): Promise<void> }>) {
  describe(name, () => {
    let server: RunningServer;
    let db: Database;
    let sky: { id: string; ra: number; dec: number }[];
    let cleanup: () => Promise<void>;

    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xmatch-it-'));
      const database = await databaseUrl(dir);
      db = await openDatabase(database.url);
      sky = await createSkyCatalogue(db, 20_000);
      if (db.dialect.name === 'postgres') await db.run('ANALYZE "test"."sky"');
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

    test('pyvo run_sync with uploads={...}: 1,000 positions cross-matched, the brute-force pairs', {
      skip: skipPyvo,
    }, async () => {
      const pos = uploadPositions(sky);
      const want = bruteForce(pos, sky);
      assert.ok(want.length > 300, `${want.length} pairs`);
      for (const q of QUERIES) {
        const got = JSON.parse(await runPythonAsync(PYVO, [server.url, q], JSON.stringify(pos)));
        assert.deepEqual(got, want, q);
      }
    });

    test('the upload gets a spatial index; the plan drives the join from it and searches the catalogue by index', async () => {
      await readyDatabaseForAdql(db);
      const pos = uploadPositions(sky);
      const uploads = await loadUploads(db, [{ name: 'pos', uri: 'param:pos' }], async () => votable(pos), {
        maxBytes: 1e8,
        maxRows: 1e6,
      });
      try {
        assert.deepEqual(uploads.tables[0].spatialIndex, { ra: 'ra', dec: 'dec' });
        const metadata = await new TapMetadataCache(db).get();
        for (const q of QUERIES) {
          const p = prepareQuery(q, { db, metadata, uploads: uploads.tables });
          assert.ok(p.ok, JSON.stringify(p));
          if (db.dialect.name === 'sqlite') {
            const plan = (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${p.sql}`)).map((r) => r.detail);
            const text = plan.join('\n');
            assert.match(text, /^SCAN u\b/m, text);
            assert.match(
              text,
              /^SEARCH s USING INDEX "?test\.sky_obscura_hpx_idx"? \(obscura_hpx>\? AND obscura_hpx<\?\)/m,
              text,
            );
            assert.doesNotMatch(text, /^SCAN s\b/m, text);
          } else {
            const plan = (await db.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${p.sql}`)).map((r) => r['QUERY PLAN']);
            const text = plan.join('\n');
            assert.match(text, /Nested Loop/, text);
            assert.match(text, /Seq Scan on upload_\w+ u/, text);
            assert.match(
              text,
              /Index Scan using sky_obscura_pos_idx on sky s|Bitmap Index Scan on sky_obscura_pos_idx/,
              text,
            );
            assert.doesNotMatch(text, /Seq Scan on sky|Hash Join|Merge Join/, text);
          }
          const rows = await db.all<{ pid: number; id: string }>(p.sql);
          assert.deepEqual(rows.map((r) => `${r.pid}|${r.id}`).sort(), bruteForce(pos, sky));
        }
        // The upload's own index: a cone on it is a range scan / GiST scan too.
        const cone = prepareQuery(
          'SELECT pid FROM TAP_UPLOAD.pos WHERE CONTAINS(POINT(ra, dec), CIRCLE(10, 10, 1)) = 1',
          { db, metadata, uploads: uploads.tables },
        );
        assert.ok(cone.ok);
        const plan =
          db.dialect.name === 'sqlite'
            ? (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${cone.sql}`)).map((r) => r.detail).join('\n')
            : '';
        if (db.dialect.name === 'sqlite') assert.match(plan, /SEARCH pos USING INDEX/, plan);
      } finally {
        await uploads.drop();
      }
      const left = await sweepUploadTables(db, 3600);
      assert.deepEqual(left, [], 'nothing left behind');
    });

    test('upload tables of a dead process are swept; a live one keeps its own', async () => {
      const t = (name: string) => db.dialect.table({ schema: 'obscura', name });
      const mine = await loadUploads(db, [{ name: 'pos', uri: 'param:pos' }], async () => votable([[1, 1, 1]]), {
        maxBytes: 1e6,
        maxRows: 10,
      });
      // A table as a crashed process on this host would have left it (pid 2^22+1 cannot be a live process here)...
      const physical = mine.tables[0].physical;
      const name = /(upload_[0-9a-z_]+)"$/.exec(physical)![1];
      const [, host] = /^upload_([0-9a-f]{6})_/.exec(name)!;
      const dead = `upload_${host}_${(2 ** 22 + 1).toString(36)}_${Date.now().toString(36)}_00000000`;
      await db.run(`CREATE TABLE ${t(dead)} (x INTEGER)`);
      const swept = await sweepUploadTables(db, 3600);
      assert.deepEqual(swept, [dead]);
      assert.equal((await db.all(`SELECT COUNT(*) AS n FROM ${physical}`)).length, 1, 'the live upload is kept');
      await mine.drop();
    });

    test('the spectral-index view follows its catalogues: dropping one drops the view (PostgreSQL would refuse)', async () => {
      await ingestDemoCatalogues(db, await cachedDemo('small'));
      const view = await ensureSpectralIndexView(db);
      assert.equal(view?.tableType, 'view');
      const n = async () => (await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM ' + db.dialect.table(view!)))[0].n;
      assert.ok(Number(await n()) > 10);
      await dropCatalogue(db, 'vlass.components');
      const names = (await db.tables()).map((t) => `${t.schema}.${t.name}`);
      assert.ok(!names.includes('catalogs.vlass_racs_spectral_index'), names.join(', '));
      await assert.rejects(n());
      assert.equal(await ensureSpectralIndexView(db), null);
    });
  });
}

suite('cross-match with uploads on SQLite', async (dir) => ({
  url: `sqlite:${join(dir, 'xm.sqlite')}`,
  stop: async () => {},
}));

if (postgresAvailable()) {
  suite('cross-match with uploads on PostgreSQL + pgSphere', async () => {
    const cluster = await startPostgres();
    return { url: cluster.url, stop: () => cluster.stop() };
  });
}
