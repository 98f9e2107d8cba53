// The TAP service on PostgreSQL + pgSphere (the production backend; queries run on the pg pool's cursors, not in
// SQLite workers): sync in each format, s_region as adql:REGION through the indexed spoly, an async job with a WAIT
// that blocks while it executes (UWS 1.1 §2.2.3.2), and an inline upload join.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import { readVOTable } from '@obscura/votable';
import { withFixtureServer } from '../test-fixture.ts';

const Q_IMAGES = "SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE dataproduct_type = 'image' ORDER BY obs_id";

async function sync(url: string, params: Record<string, string>) {
  const r = await fetch(`${url}/tap/sync`, { method: 'POST', body: new URLSearchParams({ LANG: 'ADQL', ...params }) });
  return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
}

describe('TAP on PostgreSQL + pgSphere', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
}, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster?.stop());

  test('sync formats, MAXREC overflow, upload join, async job with WAIT while EXECUTING', () =>
    withFixtureServer(
      async (server) => {
        for (const format of ['votable/td', 'votable', 'votable/b']) {
          const r = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: format });
          assert.equal(r.status, 200, r.body.toString());
          const doc = await readVOTable(r.body);
          assert.equal(doc.rows[0].length, 6);
          assert.deepEqual(doc.rows[0][4], ['T10t01', 150, 2]);
        }
        const csv = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'csv' });
        assert.equal(csv.body.toString().split(/\r?\n/)[1], 'RACS_0000,150,2');
        const over = await readVOTable((await sync(server.url, { QUERY: Q_IMAGES, MAXREC: '2' })).body);
        assert.equal(over.rows[0].length, 2);
        assert.equal(over.queryStatus, 'OVERFLOW');

        // Inline upload (multipart) joined with the archive, as on SQLite.
        const vot =
          '<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>' +
          '<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" ucd="pos.eq.ra"/>' +
          '<FIELD name="dec" datatype="double" ucd="pos.eq.dec"/><DATA><TABLEDATA>' +
          '<TR><TD>here</TD><TD>150</TD><TD>2</TD></TR><TR><TD>far</TD><TD>10</TD><TD>-40</TD></TR>' +
          '</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>';
        const form = new FormData();
        form.set('LANG', 'ADQL');
        form.set('RESPONSEFORMAT', 'csv');
        form.set('UPLOAD', 't,param:t');
        form.set(
          'QUERY',
          'SELECT u.name, COUNT(*) AS n FROM TAP_UPLOAD.t AS u JOIN ivoa.obscore AS o ' +
            'ON 1 = CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(u.ra, u.dec, 1)) GROUP BY u.name',
        );
        form.set('t', new Blob([vot], { type: 'application/x-votable+xml' }), 't.vot');
        const up = await fetch(`${server.url}/tap/sync`, { method: 'POST', body: form });
        assert.equal(up.status, 200);
        assert.deepEqual((await up.text()).trim().split(/\r?\n/), ['name,n', 'here,9']);

        // Async: a cross join long enough to be EXECUTING when the WAIT arrives; WAIT returns when it has finished.
        const created = await fetch(`${server.url}/tap/async`, {
          method: 'POST',
          body: new URLSearchParams({
            LANG: 'ADQL',
            PHASE: 'RUN',
            QUERY:
              'SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns AS a, TAP_SCHEMA.columns AS b, TAP_SCHEMA.columns AS c',
          }),
          redirect: 'manual',
        });
        assert.equal(created.status, 303);
        const job = created.headers.get('location')!;
        const phase = (xml: string) => /<uws:phase>([^<]*)<\/uws:phase>/.exec(xml)?.[1];
        let xml = await (await fetch(`${job}?WAIT=30&PHASE=QUEUED`)).text();
        if (phase(xml) === 'QUEUED') xml = await (await fetch(`${job}?WAIT=30&PHASE=QUEUED`)).text();
        xml = await (await fetch(`${job}?WAIT=60&PHASE=EXECUTING`)).text();
        assert.equal(phase(xml), 'COMPLETED', xml);
        const result = await readVOTable(Buffer.from(await (await fetch(`${job}/results/result`)).arrayBuffer()));
        const n = Number(result.rows[0][0][0]);
        const cols = await readVOTable(
          (await sync(server.url, { QUERY: 'SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns' })).body,
        );
        assert.equal(n, Number(cols.rows[0][0][0]) ** 3);
      },
      { databaseUrl: cluster.url },
    ));
});
