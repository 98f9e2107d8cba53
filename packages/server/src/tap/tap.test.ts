// The TAP service over real HTTP on loopback, against a real SQLite archive (test-fixture.ts): sync in each
// format, MAXREC overflow, positioned ADQL errors, the UWS 1.1 job lifecycle (WAIT, ABORT, DELETE, sub-resources),
// durability across a restart, the destruction sweep, VOSI documents and an inline TAP_UPLOAD join.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase, UWS_JOBS_TABLE } from '@obscura/archive';
import { readVOTable } from '@obscura/votable';
import { startServer } from '../serve.ts';
import { withFixtureServer } from '../test-fixture.ts';

const Q_IMAGES = "SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE dataproduct_type = 'image' ORDER BY obs_id";

async function sync(url: string, params: Record<string, string>, method: 'GET' | 'POST' = 'GET') {
  const body = new URLSearchParams({ LANG: 'ADQL', ...params });
  const r =
    method === 'GET'
      ? await fetch(`${url}/tap/sync?${body}`)
      : await fetch(`${url}/tap/sync`, { method: 'POST', body });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: Buffer.from(await r.arrayBuffer()) };
}

async function createJob(url: string, params: Record<string, string>): Promise<string> {
  const r = await fetch(`${url}/tap/async`, {
    method: 'POST',
    body: new URLSearchParams({ LANG: 'ADQL', ...params }),
    redirect: 'manual',
  });
  assert.equal(r.status, 303, 'UWS 1.1 §2.2.3.1: job creation answers 303');
  const location = r.headers.get('location') ?? '';
  assert.ok(location.startsWith(`${url}/tap/async/`), `Location ${location}`);
  return location;
}

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<uws:${name}(?: [^>]*)?>([^<]*)</uws:${name}>`).exec(xml);
  return m ? m[1] : null;
}

async function jobXml(jobUrl: string, query = ''): Promise<string> {
  const r = await fetch(`${jobUrl}${query}`);
  assert.equal(r.status, 200);
  return r.text();
}

describe('TAP sync', () => {
  test('GET and POST, each output format, FIELDs with TAP_SCHEMA metadata and COOSYS', async () => {
    await withFixtureServer(async (server) => {
      for (const method of ['GET', 'POST'] as const) {
        const td = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'votable/td' }, method);
        assert.equal(td.status, 200);
        assert.match(td.type, /^application\/x-votable\+xml;serialization=TABLEDATA/);
        const doc = await readVOTable(td.body);
        assert.equal(doc.version, '1.4');
        assert.deepEqual(doc.rows[0], [
          ['RACS_0000', 150, 2],
          ['RACS_empty', 150, 2],
          ['RACS_escape', 150, 2],
          ['RACS_missing', 150, 2],
          ['T10t01', 150, 2],
          ['T10t02', 150, 2],
        ]);
        const ra = doc.tables[0].fields[1];
        assert.deepEqual(
          [ra.name, ra.datatype, ra.unit, ra.ucd, ra.ref],
          ['s_ra', 'double', 'deg', 'pos.eq.ra', 'ICRS'],
        );
        assert.equal(ra.utype, 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1');
        assert.deepEqual(doc.coosys, [{ ID: 'ICRS', system: 'ICRS' }]);
        assert.equal(doc.queryStatus, 'OK');
      }
      for (const [format, type] of [
        ['votable', 'application/x-votable+xml;serialization=BINARY2'],
        ['votable/b', 'application/x-votable+xml;serialization=BINARY'],
      ]) {
        const r = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: format });
        assert.equal(r.type, type);
        const doc = await readVOTable(r.body);
        assert.equal(doc.rows[0].length, 6);
        assert.equal(doc.rows[0][4][0], 'T10t01');
      }
      const csv = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'csv' });
      assert.equal(csv.type, 'text/csv;header=present');
      assert.equal(csv.body.toString().split(/\r?\n/)[0], 'obs_id,s_ra,s_dec');
      assert.equal(csv.body.toString().trim().split(/\r?\n/).length, 7);
      const tsv = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'tsv' });
      assert.equal(tsv.body.toString().split('\n')[1], 'RACS_0000\t150\t2');
      const json = JSON.parse((await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'json' })).body.toString());
      assert.ok(JSON.stringify(json).includes('T10t02'));
    });
  });

  test('s_region is an adql:REGION char FIELD holding STC-S, usable in CONTAINS and INTERSECTS (ObsCore 1.1)', async () => {
    await withFixtureServer(async (server, fixture) => {
      // A footprint as ingestion writes it (archive ingest/footprint.ts stcsPolygon): a 0.1 deg square on 150, 2.
      const db = await openDatabase(fixture.dbUrl);
      await db.upsert('ivoa.obscore', [
        {
          obs_publisher_did: 'ivo://obscura.test/vlass?T10t01',
          obs_collection: 'vlass',
          obs_id: 'T10t01',
          dataproduct_type: 'image',
          calib_level: 2,
          s_ra: 150,
          s_dec: 2,
          s_region: 'Polygon ICRS 149.95 1.95 150.05 1.95 150.05 2.05 149.95 2.05',
          obs_release_date: '2020-01-01T00:00:00',
        },
      ]);
      await db.close();
      const q =
        "SELECT obs_id, s_region FROM ivoa.obscore WHERE obs_id = 'T10t01' AND CONTAINS(POINT(150, 2), s_region) = 1 " +
        'AND INTERSECTS(CIRCLE(150.01, 2.01, 0.001), s_region) = 1';
      for (const format of ['votable/td', 'votable']) {
        const r = await sync(server.url, { QUERY: q, RESPONSEFORMAT: format });
        assert.equal(r.status, 200, r.body.toString());
        const doc = await readVOTable(r.body);
        const f = doc.tables[0].fields[1];
        assert.deepEqual([f.datatype, f.arraysize, f.xtype, f.unit ?? null], ['char', '*', 'adql:REGION', null]);
        assert.equal(doc.rows[0].length, 1);
        assert.equal(doc.rows[0][0][1], 'Polygon ICRS 149.95 1.95 150.05 1.95 150.05 2.05 149.95 2.05');
      }
      const outside = await sync(server.url, {
        QUERY: 'SELECT COUNT(*) AS n FROM ivoa.obscore WHERE CONTAINS(POINT(10, -40), s_region) = 1',
        RESPONSEFORMAT: 'csv',
      });
      assert.equal(outside.body.toString().trim().split(/\r?\n/)[1], '0');
    });
  });

  test('MAXREC truncates and the OVERFLOW INFO comes after the table; MAXREC=0 gives metadata only', async () => {
    await withFixtureServer(async (server) => {
      const r = await sync(server.url, { QUERY: Q_IMAGES, MAXREC: '2', RESPONSEFORMAT: 'votable/td' });
      const doc = await readVOTable(r.body);
      assert.equal(doc.rows[0].length, 2);
      assert.equal(doc.queryStatus, 'OVERFLOW', 'the last QUERY_STATUS is OVERFLOW (DALI 1.1 §4.4.1)');
      const overflow = doc.infos.find((i) => i.value === 'OVERFLOW');
      assert.equal(overflow?.afterTable, true);
      const exact = await readVOTable((await sync(server.url, { QUERY: Q_IMAGES, MAXREC: '6' })).body);
      assert.equal(exact.rows[0].length, 6);
      assert.equal(exact.queryStatus, 'OK', 'exactly MAXREC rows is no overflow');
      const none = await readVOTable((await sync(server.url, { QUERY: Q_IMAGES, MAXREC: '0' })).body);
      assert.equal(none.rows[0].length, 0);
      assert.equal(none.tables[0].fields.length, 3);
    });
  });

  test('a bad query is a 400 VOTable error document with every ADQL problem positioned', async () => {
    await withFixtureServer(async (server) => {
      const r = await sync(server.url, { QUERY: 'SELECT sra,\n  foo FROM ivoa.obscore' });
      assert.equal(r.status, 400);
      assert.match(r.type, /^application\/x-votable\+xml/);
      const doc = await readVOTable(r.body);
      assert.equal(doc.queryStatus, 'ERROR');
      assert.match(doc.queryStatusMessage ?? '', /line 1, column 8: unknown column 'sra'.*did you mean s_ra\?/);
      assert.match(doc.queryStatusMessage ?? '', /line 2, column 3: unknown column 'foo'/);
      const syntax = await readVOTable((await sync(server.url, { QUERY: 'SELECT FROM WHERE' })).body);
      // Every syntax error at once (the parser recovers at the next clause), each with its position.
      assert.match(
        syntax.queryStatusMessage ?? '',
        /^3 ADQL errors:\nline 1, column 8: .*\nline 1, column 13: .*\nline 1, column 18: /,
      );
      assert.doesNotMatch(syntax.queryStatusMessage ?? '', /\bat .*\.ts:\d+/, 'no stack trace');
      const lang = await sync(server.url, { QUERY: 'SELECT 1 FROM ivoa.obscore', LANG: 'SQL' });
      assert.equal(lang.status, 400);
      assert.match((await readVOTable(lang.body)).queryStatusMessage ?? '', /LANG=SQL is not supported/);
      const noQuery = await fetch(`${server.url}/tap/sync?LANG=ADQL`);
      assert.equal(noQuery.status, 400);
      const format = await sync(server.url, { QUERY: Q_IMAGES, RESPONSEFORMAT: 'text/x-unknown' });
      assert.equal(format.status, 400);
    });
  });

  test('parameter names are case-insensitive and REQUEST=doQuery is tolerated', async () => {
    await withFixtureServer(async (server) => {
      const q = new URLSearchParams({ request: 'doQuery', lang: 'adql-2.0', query: Q_IMAGES, maxrec: '1' });
      const doc = await readVOTable(Buffer.from(await (await fetch(`${server.url}/tap/sync?${q}`)).arrayBuffer()));
      assert.equal(doc.rows[0].length, 1);
      const bad = await fetch(
        `${server.url}/tap/sync?${new URLSearchParams({ REQUEST: 'getCapabilities', LANG: 'ADQL', QUERY: Q_IMAGES })}`,
      );
      assert.equal(bad.status, 400);
    });
  });

  test('an inline upload (multipart, UPLOAD=name,param:part) joins as TAP_UPLOAD.name', async () => {
    await withFixtureServer(async (server) => {
      const upload =
        '<?xml version="1.0"?><VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>' +
        '<FIELD name="want" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main"/>' +
        '<FIELD name="dec" datatype="double" ucd="pos.eq.dec;meta.main"/>' +
        '<DATA><TABLEDATA><TR><TD>T10t01</TD><TD>150</TD><TD>2</TD></TR><TR><TD>nope</TD><TD>10</TD><TD>-5</TD></TR>' +
        '</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>';
      const form = new FormData();
      form.set('LANG', 'ADQL');
      form.set('RESPONSEFORMAT', 'votable/td');
      form.set(
        'QUERY',
        'SELECT u.want, o.obs_collection FROM TAP_UPLOAD.mine AS u JOIN ivoa.obscore AS o ON o.obs_id = u.want',
      );
      form.set('UPLOAD', 'mine,param:t1');
      form.set('t1', new Blob([upload], { type: 'application/x-votable+xml' }), 'mine.xml');
      const r = await fetch(`${server.url}/tap/sync`, { method: 'POST', body: form });
      assert.equal(r.status, 200);
      const doc = await readVOTable(Buffer.from(await r.arrayBuffer()));
      assert.deepEqual(doc.rows[0], [['T10t01', 'vlass']]);
      // The upload's position gets a HEALPix index: a cone on it works.
      form.set('QUERY', 'SELECT want FROM TAP_UPLOAD.mine WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(150, 2, 0.1))');
      const cone = await readVOTable(
        Buffer.from(await (await fetch(`${server.url}/tap/sync`, { method: 'POST', body: form })).arrayBuffer()),
      );
      assert.deepEqual(cone.rows[0], [['T10t01']]);
      // A missing part and a bad table name are clear errors.
      form.set('UPLOAD', 'mine,param:nothere');
      const missing = await fetch(`${server.url}/tap/sync`, { method: 'POST', body: form });
      assert.equal(missing.status, 400);
      assert.match(
        (await readVOTable(Buffer.from(await missing.arrayBuffer()))).queryStatusMessage ?? '',
        /no multipart part named "nothere"/,
      );
    });
  });
});

describe('TAP async (UWS 1.1)', () => {
  test('PHASE=RUN at creation, WAIT, the job document in schema order, sub-resources, the result and DELETE', async () => {
    await withFixtureServer(async (server) => {
      const job = await createJob(server.url, { QUERY: Q_IMAGES, PHASE: 'RUN', RUNID: 'run-42', MAXREC: '3' });
      const xml = await jobXml(job, '?WAIT=30');
      assert.equal(tag(xml, 'phase'), 'COMPLETED');
      const order = [...xml.matchAll(/<uws:(\w+)[ />]/g)]
        .map((m) => m[1])
        .filter((n) => n !== 'parameter' && n !== 'result');
      assert.deepEqual(order, [
        'job',
        'jobId',
        'runId',
        'ownerId',
        'phase',
        'quote',
        'creationTime',
        'startTime',
        'endTime',
        'executionDuration',
        'destruction',
        'parameters',
        'results',
      ]);
      assert.match(xml, /version="1\.1"/);
      assert.match(xml, /<uws:result id="result" xlink:type="simple" xlink:href="[^"]+\/results\/result"/);
      for (const [sub, expected] of [
        ['phase', 'COMPLETED'],
        ['executionduration', '3600'],
        ['quote', ''],
        ['owner', ''],
      ]) {
        const r = await fetch(`${job}/${sub}`);
        assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
        assert.equal(await r.text(), expected);
      }
      assert.match(await (await fetch(`${job}/destruction`)).text(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(await (await fetch(`${job}/parameters`)).text(), /<uws:parameter id="QUERY">SELECT obs_id/);
      const result = await fetch(`${job}/results/result`);
      const doc = await readVOTable(Buffer.from(await result.arrayBuffer()));
      assert.equal(doc.rows[0].length, 3);
      assert.equal(doc.queryStatus, 'OVERFLOW');
      assert.equal((await fetch(`${job}/error`)).status, 404);

      const list = await (await fetch(`${server.url}/tap/async`)).text();
      assert.match(list, /<uws:jobs [^>]*version="1\.1"/);
      assert.match(
        list,
        /<uws:jobref id="[^"]+" xlink:type="simple" xlink:href="[^"]+">\s*<uws:phase>COMPLETED<\/uws:phase>\s*<uws:runId>run-42<\/uws:runId>/,
      );

      const del = await fetch(job, { method: 'DELETE', redirect: 'manual' });
      assert.equal(del.status, 303);
      assert.equal(del.headers.get('location'), `${server.url}/tap/async`);
      assert.equal((await fetch(job)).status, 404);
    });
  });

  test('PENDING jobs: parameters, EXECUTIONDURATION and DESTRUCTION posts, ABORT, ACTION=DELETE, list filters', async () => {
    await withFixtureServer(async (server) => {
      const a = await createJob(server.url, { QUERY: Q_IMAGES });
      assert.equal(tag(await jobXml(a), 'phase'), 'PENDING');
      // WAIT on a PENDING job with PHASE=EXECUTING returns at once (the job is not in that phase).
      assert.equal(tag(await jobXml(a, '?WAIT=30&PHASE=EXECUTING'), 'phase'), 'PENDING');
      const post = (path: string, params: Record<string, string>) =>
        fetch(`${a}${path}`, { method: 'POST', body: new URLSearchParams(params), redirect: 'manual' });
      assert.equal((await post('/executionduration', { EXECUTIONDURATION: '60' })).status, 303);
      assert.equal((await post('/destruction', { DESTRUCTION: '2099-01-01T00:00:00Z' })).status, 303);
      assert.equal((await post('/parameters', { MAXREC: '1' })).status, 303);
      const xml = await jobXml(a);
      assert.equal(tag(xml, 'executionDuration'), '60');
      assert.match(tag(xml, 'destruction') ?? '', /^20\d\d-/);
      assert.match(xml, /<uws:parameter id="MAXREC">1<\/uws:parameter>/);
      assert.equal((await post('/phase', { PHASE: 'ABORT' })).status, 303);
      assert.equal(await (await fetch(`${a}/phase`)).text(), 'ABORTED');
      assert.equal((await post('/phase', { PHASE: 'RUN' })).status, 400, 'an aborted job does not run again');

      const b = await createJob(server.url, { QUERY: 'SELECT nonsense FROM ivoa.obscore' });
      assert.equal((await post('', {})).status, 303);
      await fetch(`${b}/phase`, { method: 'POST', body: new URLSearchParams({ PHASE: 'RUN' }) });
      const bx = await jobXml(b, '?WAIT=30');
      assert.equal(tag(bx, 'phase'), 'ERROR');
      assert.match(bx, /<uws:errorSummary type="fatal" hasDetail="true">/);
      const err = await fetch(`${b}/error`);
      assert.match(
        (await readVOTable(Buffer.from(await err.arrayBuffer()))).queryStatusMessage ?? '',
        /line 1, column 8: unknown column 'nonsense'/,
      );

      const ids = (xml: string) => [...xml.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1]);
      const idOf = (u: string) => u.slice(u.lastIndexOf('/') + 1);
      assert.deepEqual(ids(await (await fetch(`${server.url}/tap/async?PHASE=ERROR`)).text()), [idOf(b)]);
      assert.deepEqual(
        ids(await (await fetch(`${server.url}/tap/async?phase=ERROR&PHASE=ABORTED`)).text()).sort(),
        [idOf(a), idOf(b)].sort(),
      );
      assert.deepEqual(ids(await (await fetch(`${server.url}/tap/async?LAST=1`)).text()), [idOf(b)]);
      assert.deepEqual(ids(await (await fetch(`${server.url}/tap/async?AFTER=2099-01-01T00:00:00Z`)).text()), []);

      const d = await fetch(b, { method: 'POST', body: new URLSearchParams({ ACTION: 'DELETE' }), redirect: 'manual' });
      assert.equal(d.status, 303);
      assert.equal((await fetch(b)).status, 404);
    });
  });

  test('a restart loses no job: QUEUED ones run, EXECUTING ones end in ERROR saying the server restarted', async () => {
    await withFixtureServer(async (first, fixture) => {
      const done = await createJob(first.url, { QUERY: Q_IMAGES, PHASE: 'RUN' });
      assert.equal(tag(await jobXml(done, '?WAIT=30'), 'phase'), 'COMPLETED');
      const queued = await createJob(first.url, { QUERY: Q_IMAGES });
      const running = await createJob(first.url, { QUERY: Q_IMAGES });
      await first.close();
      // What a process killed mid-work leaves behind.
      const db = await openDatabase(fixture.dbUrl);
      const t = db.dialect.table(UWS_JOBS_TABLE);
      const idOf = (u: string) => u.slice(u.lastIndexOf('/') + 1);
      await db.run(`UPDATE ${t} SET phase = 'QUEUED' WHERE job_id = ?`, [idOf(queued)]);
      await db.run(`UPDATE ${t} SET phase = 'EXECUTING', start_time = 1 WHERE job_id = ?`, [idOf(running)]);
      await db.close();
      const second = await startServer(fixture.config, { handleSignals: false });
      try {
        const url = (u: string) => `${second.url}/tap/async/${idOf(u)}`;
        assert.equal(tag(await jobXml(url(queued), '?WAIT=30'), 'phase'), 'COMPLETED');
        const r = await jobXml(url(running));
        assert.equal(tag(r, 'phase'), 'ERROR');
        assert.match(tag(r, 'message') ?? '', /server restarted while this job was executing/);
        const result = await fetch(`${url(done)}/results/result`);
        assert.equal(result.status, 200);
        assert.equal((await readVOTable(Buffer.from(await result.arrayBuffer()))).rows[0].length, 6);
      } finally {
        await second.close();
      }
    });
  });

  test('the sweeper destroys jobs whose destruction time has passed, with their result files', async () => {
    await withFixtureServer(
      async (server, fixture) => {
        const job = await createJob(server.url, { QUERY: Q_IMAGES, PHASE: 'RUN' });
        assert.equal(tag(await jobXml(job, '?WAIT=30'), 'phase'), 'COMPLETED');
        const dir = join(fixture.dataDir, '.uws', 'tap', job.slice(job.lastIndexOf('/') + 1));
        assert.ok(existsSync(dir));
        const past = new Date(Date.now() - 1000).toISOString();
        await fetch(`${job}/destruction`, { method: 'POST', body: new URLSearchParams({ DESTRUCTION: past }) });
        let status = 200;
        // The row goes first, then the files (runner.destroy): wait for both.
        for (let i = 0; i < 200 && (status !== 404 || existsSync(dir)); i++) {
          await new Promise((r) => setTimeout(r, 50));
          status = (await fetch(job)).status;
        }
        assert.equal(status, 404);
        assert.equal(existsSync(dir), false);
      },
      { tap: { sweepIntervalMs: 50 } },
    );
  });
});

describe('VOSI', () => {
  test('capabilities, availability, tables (detail=min, one table) and examples', async () => {
    await withFixtureServer(async (server) => {
      const caps = await (await fetch(`${server.url}/tap/capabilities`)).text();
      for (const s of [
        'standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess"',
        `<accessURL use="base">${server.url}/tap</accessURL>`,
        '<version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>',
        'type="ivo://ivoa.net/std/TAPRegExt#features-adqlgeo"',
        '<form>INTERSECTS</form>',
        'type="ivo://ivoa.net/std/TAPRegExt#features-udf"',
        '<form>obscura_resolution_at(',
        '<form>OFFSET</form>',
        '<alias>votable</alias>',
        'ivo://ivoa.net/std/TAPRegExt#upload-inline',
        '<default unit="row">100000</default>',
        'standardID="ivo://ivoa.net/std/VOSI#capabilities"',
        'standardID="ivo://ivoa.net/std/VOSI#availability"',
        'standardID="ivo://ivoa.net/std/VOSI#tables-1.1"',
      ]) {
        assert.ok(caps.includes(s), `capabilities lack ${s}`);
      }
      const avail = await (await fetch(`${server.url}/tap/availability`)).text();
      assert.match(avail, /<vosi:available>true<\/vosi:available>/);
      const full = await (await fetch(`${server.url}/tap/tables`)).text();
      assert.match(full, /<name>ivoa\.obscore<\/name>/);
      assert.match(full, /<name>"size"<\/name>/, 'reserved words delimited as in TAP_SCHEMA');
      assert.match(
        full,
        /<name>s_region<\/name>(?:(?!<\/column>)[\s\S])*<dataType xsi:type="vs:VOTableType" arraysize="\*" extendedType="adql:REGION">char<\/dataType>/,
      );
      const min = await (await fetch(`${server.url}/tap/tables?detail=min`)).text();
      assert.doesNotMatch(min, /<column/);
      assert.match(min, /<name>vlass\.components<\/name>/);
      const one = await fetch(`${server.url}/tap/tables/ivoa.obscore`);
      assert.match(await one.text(), /^<\?xml[^>]*>\n<vs:table /);
      assert.equal((await fetch(`${server.url}/tap/tables/no.such`)).status, 404);
      const ex = await (await fetch(`${server.url}/tap/examples`)).text();
      assert.match(ex, /<body vocab="http:\/\/www\.ivoa\.net\/rdf\/examples#">/);
      assert.equal([...ex.matchAll(/typeof="example"/g)].length, 6);
    });
  });
});
