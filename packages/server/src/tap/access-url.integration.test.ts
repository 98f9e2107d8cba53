// ObsCore access_url values on the public base of each request (access-url.ts): stored at ingest on
// http://127.0.0.1:8080, they come back on the random port the server listens on (every output format), on
// config.baseUrl when one is set, and pyvo's getdatalink() on a TAP row follows them to the DataLink document. Async
// jobs (TAP 1.1 §2.2.2) use the base of the request that created them, kept with the job across a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datalinkUrl, openDatabase } from '@obscura/archive';
import { pythonHas, runPythonAsync, withTempDir } from '@obscura/testkit';
import { readVOTable } from '@obscura/votable';
import { startServer } from '../serve.ts';
import { buildFixture } from '../test-fixture.ts';

const DID = 'ivo://obscura.test/vlass?T10t01';
const STORED = datalinkUrl('http://127.0.0.1:8080', DID);
const QUERY = "SELECT obs_id, access_url FROM ivoa.obscore WHERE obs_id = 'T10t01'";

async function sync(url: string, query: string, format: string): Promise<Buffer> {
  const r = await fetch(`${url}/tap/sync`, {
    method: 'POST',
    body: new URLSearchParams({ LANG: 'ADQL', QUERY: query, RESPONSEFORMAT: format }),
  });
  assert.equal(r.status, 200);
  return Buffer.from(await r.arrayBuffer());
}

type Config = Awaited<ReturnType<typeof buildFixture>>['config'];

/** The fixture archive with the access_url as ingest stores it; fn gets the server config (no server started). */
async function withArchive(fn: (config: Config) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const db = await openDatabase(fixture.dbUrl);
    try {
      await db.run('UPDATE "ivoa.obscore" SET access_url = ? WHERE obs_publisher_did = ?', [STORED, DID]);
    } finally {
      await db.close();
    }
    await fn(fixture.config);
  });
}

async function withServer(baseUrl: string | null, fn: (url: string) => Promise<void>): Promise<void> {
  await withArchive(async (config) => {
    const server = await startServer({ ...config, baseUrl }, { handleSignals: false });
    try {
      await fn(server.url);
    } finally {
      await server.close();
    }
  });
}

/** POSTs a TAP async job (UWS 1.1 §2.2.3.1); resolves with its URL. */
async function createJob(url: string, query: string, run: boolean): Promise<string> {
  const body = new URLSearchParams({ LANG: 'ADQL', QUERY: query });
  if (run) body.set('PHASE', 'RUN');
  const r = await fetch(`${url}/tap/async`, { method: 'POST', body, redirect: 'manual' });
  assert.equal(r.status, 303);
  return r.headers.get('location') as string;
}

/** Waits for a job to finish and reads its VOTable result. */
async function jobResult(job: string): Promise<Awaited<ReturnType<typeof readVOTable>>> {
  const xml = await (await fetch(`${job}?WAIT=60`)).text();
  assert.match(xml, /<uws:phase>COMPLETED<\/uws:phase>/, xml);
  const r = await fetch(`${job}/results/result`);
  assert.equal(r.status, 200);
  return readVOTable(Buffer.from(await r.arrayBuffer()));
}

test('TAP access_url values are on the port the server answers on, in every format and with a qualified column', () =>
  withServer(null, async (url) => {
    const expected = datalinkUrl(url, DID);
    assert.notEqual(expected, STORED);
    for (const format of ['votable', 'votable/td', 'votable/b']) {
      const doc = await readVOTable(await sync(url, QUERY, format));
      assert.deepEqual(doc.rows[0], [['T10t01', expected]], format);
    }
    const csv = (await sync(url, QUERY, 'csv')).toString().trim().split(/\r?\n/);
    assert.equal(csv[1], `T10t01,${expected}`);
    const aliased = await readVOTable(
      await sync(url, "SELECT o.access_url FROM ivoa.obscore AS o WHERE o.obs_id = 'T10t01'", 'votable'),
    );
    assert.deepEqual(aliased.rows[0], [[expected]]);
    // Under an alias the column is still ObsCore's access_url (its FIELD keeps the utype); an expression is not.
    const renamed = await readVOTable(
      await sync(
        url,
        "SELECT access_url AS link, access_url || '' AS copy FROM ivoa.obscore WHERE obs_id = 'T10t01'",
        'votable',
      ),
    );
    assert.equal(renamed.tables[0].fields[0].utype?.toLowerCase(), 'obscore:access.reference');
    assert.equal(renamed.tables[0].fields[1].utype, undefined);
    assert.deepEqual(renamed.rows[0], [[expected, STORED]]);
    // A text column that merely holds such a URL is not ObsCore's access_url: left as it is.
    const other = await readVOTable(
      await sync(
        url,
        "SELECT obs_id, 'http://127.0.0.1:8080/datalink/links?ID=x' AS s FROM ivoa.obscore WHERE obs_id = 'T10t01'",
        'votable',
      ),
    );
    assert.deepEqual(other.rows[0], [['T10t01', 'http://127.0.0.1:8080/datalink/links?ID=x']]);
  }));

test('a configured baseUrl (a proxy in front) is the base of access_url values', () =>
  withServer('https://archive.example.org/obscura/', async (url) => {
    const doc = await readVOTable(await sync(url, QUERY, 'votable'));
    assert.deepEqual(doc.rows[0], [['T10t01', datalinkUrl('https://archive.example.org/obscura', DID)]]);
  }));

test('TAP async results carry access_url on the public base of the request that created the job', () =>
  withServer(null, async (url) => {
    const doc = await jobResult(await createJob(url, QUERY, true));
    assert.deepEqual(doc.rows[0], [['T10t01', datalinkUrl(url, DID)]]);
    const aliased = await jobResult(
      await createJob(url, "SELECT access_url AS link FROM ivoa.obscore WHERE obs_id = 'T10t01'", true),
    );
    assert.deepEqual(aliased.rows[0], [[datalinkUrl(url, DID)]]);
  }));

test('the creating request’s base is kept with a job across a restart (a new port)', () =>
  withArchive(async (config) => {
    const first = await startServer({ ...config, baseUrl: null }, { handleSignals: false });
    let job: string;
    try {
      job = await createJob(first.url, QUERY, false);
    } finally {
      await first.close();
    }
    const second = await startServer({ ...config, baseUrl: null }, { handleSignals: false });
    try {
      assert.notEqual(second.url, first.url);
      const moved = job.replace(first.url, second.url);
      const run = await fetch(`${moved}/phase`, {
        method: 'POST',
        body: new URLSearchParams({ PHASE: 'RUN' }),
        redirect: 'manual',
      });
      assert.equal(run.status, 303);
      const doc = await jobResult(moved);
      assert.deepEqual(doc.rows[0], [['T10t01', datalinkUrl(first.url, DID)]]);
    } finally {
      await second.close();
    }
  }));

for (const run of ['run_sync', 'run_async']) {
  test(
    `pyvo ${run} on a TAP ObsCore row, then getdatalink() reads the DataLink document`,
    { skip: !pythonHas('pyvo') && 'pyvo not installed' },
    () =>
      withServer(null, async (url) => {
        const out = await runPythonAsync(
          `
import sys, warnings
warnings.simplefilter('ignore')
import pyvo
rows = getattr(pyvo.dal.TAPService(sys.argv[1] + '/tap'), sys.argv[3])(sys.argv[2])
dl = rows[0].getdatalink()
print(rows[0].getdataurl())
for r in dl:
    print(r['semantics'], r['ID'])
`,
          [url, QUERY, run],
        );
        const lines = out.trim().split('\n');
        assert.equal(lines[0], datalinkUrl(url, DID));
        assert.ok(lines.includes(`#this ${DID}`), out);
      }),
  );
}
