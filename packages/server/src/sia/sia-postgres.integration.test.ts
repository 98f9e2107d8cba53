// SIA 2.0 on PostgreSQL + pgSphere (the production backend), against the same demo archive in SQLite: every query
// below must find the same rows on both (pgSphere's INTERSECTS/CONTAINS with circles ≤ 90° and RANGE polygons, the
// obscura_resolution_at UDF, intervals, strings, FORMAT over obscura.files), and pyvo 1.2.1 reads the PostgreSQL answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import { openDemoServer, python } from '../soda/demo-fixture.ts';

const M82 = '148.9684583 69.6797028';

const QUERIES: [string, string][][] = [
  [['POS', `CIRCLE ${M82} 0.02`]],
  [
    ['POS', `CIRCLE ${M82} 0.02`],
    ['COLLECTION', 'VLASS'],
  ],
  [['POS', 'RANGE 148.9 149.05 69.66 69.7']],
  [['POS', 'RANGE 350 130 -10 20']],
  [['POS', 'RANGE 0 360 69.8 +Inf']],
  [['POS', 'RANGE -Inf +Inf -5 -2']],
  [['POS', 'POLYGON 148.9 69.6 149.1 69.6 149.0 69.75']],
  [['POS', 'CIRCLE 330 -69 120']],
  [['BAND', '0.1 0.11']],
  [['BAND', '4e-7 5e-7']],
  [['TIME', '58500 58600']],
  [['POL', 'I']],
  [['FOV', '0.5 +Inf']],
  [['SPATRES', '0 1']],
  [
    ['SPATRES', '0 3.6'],
    ['SPATRES_FREQ', '2.2e9'],
  ],
  [
    ['SPATRES', '0 36'],
    ['SPATRES_FREQ', '888e6'],
  ],
  [
    ['COLLECTION', 'RACS'],
    ['COLLECTION', 'optical'],
    ['DPTYPE', 'image'],
  ],
  [
    ['FACILITY', 'VLA'],
    ['CALIB', '2'],
    ['TARGET', 'M82'],
  ],
  [['EXPTIME', '100 1000']],
  [['SPECRP', '-Inf 2']],
  // FORMAT (sia/format.ts): the #this file's type from obscura.files, or access_format.
  [['FORMAT', 'image/fits']],
  [
    ['FORMAT', 'application/fits'],
    ['COLLECTION', 'VLASS'],
  ],
  [['FORMAT', 'application/x-votable+xml;content=datalink']],
];

function rows(xml: string): string[] {
  const fields = [...xml.matchAll(/<FIELD [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const col = fields.indexOf('obs_publisher_did');
  return [...xml.matchAll(/<TR>(.*?)<\/TR>/gs)].map(
    (m) => [...m[1].matchAll(/<TD>(.*?)<\/TD>|<TD\/>/gs)].map((c) => c[1] ?? '')[col],
  );
}

describe('SIA 2.0 on PostgreSQL + pgSphere', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
  timeout: 300_000,
}, () => {
  let cluster: PostgresCluster;
  let pg: Awaited<ReturnType<typeof openDemoServer>>;
  let lite: Awaited<ReturnType<typeof openDemoServer>>;
  before(async () => {
    cluster = await startPostgres();
    pg = await openDemoServer({ databaseUrl: cluster.url });
    lite = await openDemoServer();
  });
  after(async () => {
    await pg?.close();
    await lite?.close();
    await cluster?.stop();
  });

  it('finds the same rows as on SQLite for every parameter, RANGE over RA 0 and the pole included', async () => {
    let nonEmpty = 0;
    for (const q of QUERIES) {
      const body = new URLSearchParams(q).toString();
      const [a, b] = await Promise.all(
        [pg, lite].map(async (s) => {
          const r = await fetch(`${s.url}/sia/query?${body}`);
          assert.equal(r.status, 200, `${body}: ${await r.clone().text()}`);
          return rows(await r.text());
        }),
      );
      assert.deepEqual(a, b, body);
      if (a.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty >= QUERIES.length - 2, `${nonEmpty} of ${QUERIES.length} queries find rows`);
  });

  it('pyvo 1.2.1 searches the PostgreSQL service and follows its DataLink descriptor', async () => {
    const out = JSON.parse(
      await python(
        `
import sys, json
from pyvo.dal.sia2 import SIAService
svc = SIAService(sys.argv[1])
r = svc.search(pos=(148.9684583, 69.6797028, 0.02), collection='VLASS')
dl = r[0].getdatalink()
print(json.dumps({'rows': len(r), 'semantics': sorted(set(str(s) for s in dl['semantics']))}))
`,
        [`${pg.url}/sia`],
      ),
    );
    assert.equal(out.rows, 2);
    assert.ok(out.semantics.includes('#this') && out.semantics.includes('#cutout'), out.semantics.join(' '));
  });
});
