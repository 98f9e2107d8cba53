// /soda/bulk over HTTP on the demo archive, read back with Python's tarfile/zipfile and astropy: a 200-position
// source list gives a complete tar whose members are exactly the manifest's ok rows (astropy checks the WCS centre of
// a few cutouts); an anonymous job hitting proprietary data gets none of it while the entitled user's job does; a
// zip; a RESUME job that reuses the earlier job's cutouts (hard links); a job interrupted by a server restart resumes
// from its journal without cutting anything twice.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, UWS_JOBS_TABLE } from '@obscura/archive';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../serve.ts';
import { demoFiles, python, runAsync } from '../soda/demo-fixture.ts';
import {
  FIXTURE_AUTHORITY,
  type FixtureSource,
  fixtureSources,
  ingestDemo,
  SECRET_PROPOSAL,
  sourcesCsv,
} from './bulk-fixture.ts';
import { JOURNAL_FILE } from './journal.ts';
import { csvRecords, MAX_SOURCES } from './source-list.ts';

const TOKEN = 'alice-token-0123456789abcdef';

let root: string;
let dbUrl: string;
let dataDir: string;
let proprietaryId: string;
let demoDir: string;
let server: RunningServer;

async function start(): Promise<RunningServer> {
  const config = loadConfig({
    cwd: root,
    env: { OBSCURA_USERS_FILE: join(root, 'users.json') },
    overrides: { db: dbUrl, dataDir, port: 0, authority: FIXTURE_AUTHORITY, logLevel: 'silent' },
  });
  return startServer(config, { handleSignals: false });
}

before(async () => {
  demoDir = await demoFiles();
  root = mkdtempSync(join(tmpdir(), 'obscura-bulk-http-'));
  dataDir = join(root, 'data');
  dbUrl = `sqlite:${join(root, 'archive.sqlite')}`;
  writeFileSync(
    join(root, 'users.json'),
    JSON.stringify({ users: [{ name: 'alice', tokens: [TOKEN], proposals: [SECRET_PROPOSAL] }] }),
  );
  const db = await openDatabase(dbUrl);
  try {
    proprietaryId = await ingestDemo(db, demoDir);
  } finally {
    await db.close();
  }
  server = await start();
});

after(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Job {
  url: string;
  id: string;
}

/** Creates and runs a job (multipart when a source list is given); returns its URL. */
async function createJob(fields: Record<string, string>, sources?: string, token?: string): Promise<Job> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (sources !== undefined) {
    form.append('UPLOAD', 'sources,param:sources');
    form.append('sources', new Blob([sources], { type: 'text/csv' }), 'sources.csv');
  }
  form.append('PHASE', 'RUN');
  const response = await fetch(`${server.url}/soda/bulk`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(response.status, 303, await response.text());
  const url = response.headers.get('location') as string;
  return { url, id: url.slice(url.lastIndexOf('/') + 1) };
}

async function waitDone(job: Job, token?: string): Promise<string> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  for (let i = 0; i < 120; i++) {
    const xml = await (await fetch(`${job.url}?WAIT=5`, { headers })).text();
    const phase = /<uws:phase>([A-Z]+)<\/uws:phase>/.exec(xml)?.[1];
    if (phase === 'COMPLETED') return xml;
    if (phase === 'ERROR' || phase === 'ABORTED') assert.fail(`job ${phase}: ${xml}`);
  }
  assert.fail('the job did not finish');
}

async function download(job: Job, result: string, file: string, token?: string): Promise<string> {
  const response = await fetch(`${job.url}/results/${result}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(response.status, 200);
  const path = join(root, file);
  writeFileSync(path, Buffer.from(await response.arrayBuffer()));
  return path;
}

/** A bulk job's directory. */
const dir = (id: string) => join(dataDir, '.uws', 'bulk', id);

/** Waits until the job's journal has more than `lines` lines. */
async function journalReaches(id: string, lines: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    try {
      if (readFileSync(join(dir(id), JOURNAL_FILE), 'utf8').split('\n').length > lines) return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Manifest rows as objects keyed by column name. */
function manifestRows(path: string): Record<string, string>[] {
  const [header, ...rows] = csvRecords(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('/soda/bulk over HTTP', () => {
  test('200 positions: a complete tar whose members match the manifest; astropy checks cutout centres', async () => {
    const sources = fixtureSources(demoDir);
    const job = await createJob({ RADIUS: '0.01' }, sourcesCsv(sources, 0.01));
    const xml = await waitDone(job);
    assert.match(xml, /id="archive"/);
    assert.match(xml, /id="manifest"/);
    assert.match(xml, /id="manifest-votable"/);
    const tar = await download(job, 'archive', 'all.tar');
    const manifest = await download(job, 'manifest', 'all.csv');
    const rows = manifestRows(manifest);
    assert.deepEqual(
      [...new Set(rows.map((r) => Number(r.source_index)))].sort((a, b) => a - b),
      [...Array(200).keys()],
    );
    const ok = rows.filter((r) => r.status === 'ok');
    assert.ok(ok.length > 300, `${ok.length} cutouts`);
    assert.equal(rows.filter((r) => r.status === 'no_overlap' && r.source_name.startsWith('off')).length, 20);
    // Anonymous: the proprietary image is refused in the manifest and absent from the tar.
    const secret = rows.filter((r) => r.obs_publisher_did === proprietaryId);
    assert.ok(secret.length > 0 && secret.every((r) => r.status === 'proprietary' && r.file === ''));

    // Python reads the tar: manifest.csv first and equal to the manifest result, then exactly the ok rows.
    // astropy: the cutout's WCS puts the source inside the image, near its centre unless the image edge cut it.
    const checked = ok.filter((_, i) => i % 50 === 0).map((r) => [r.file, Number(r.ra), Number(r.dec)]);
    const out = await python(
      `
import sys, json, tarfile, io, warnings
from astropy.io import fits
from astropy.wcs import WCS
warnings.simplefilter('ignore')
tar = tarfile.open(sys.argv[1])
members = tar.getmembers()
first = tar.extractfile(members[0]).read()
checks = []
for name, ra, dec in json.loads(sys.argv[3]):
    with fits.open(io.BytesIO(tar.extractfile(name).read())) as h:
        w = WCS(h[0].header).celestial
        x, y = w.world_to_pixel_values(ra, dec)
        ny, nx = h[0].data.shape[-2:]
        checks.append([name, float(x), float(y), nx, ny, h[0].header.get('CRPIX1')])
print(json.dumps({'names': [m.name for m in members], 'sizes': [m.size for m in members],
                  'manifest_same': first == open(sys.argv[2], 'rb').read(), 'checks': checks}))
`,
      [tar, manifest, JSON.stringify(checked)],
    );
    const r = JSON.parse(out) as {
      names: string[];
      sizes: number[];
      manifest_same: boolean;
      checks: [string, number, number, number, number, number][];
    };
    assert.equal(r.names[0], 'manifest.csv');
    assert.ok(r.manifest_same);
    assert.deepEqual(
      r.names.slice(1),
      ok.map((x) => x.file),
    );
    assert.deepEqual(
      r.sizes.slice(1),
      ok.map((x) => Number(x.bytes)),
    );
    const secretStem = (proprietaryId.split('/').pop() as string).replace(/\.fits$/, '');
    assert.ok(!r.names.some((n) => n.endsWith(`_${secretStem}.fits`)));
    assert.ok(r.checks.length >= 6);
    for (const [name, x, y, nx, ny] of r.checks) {
      assert.ok(x >= -0.5 && x <= nx - 0.5 && y >= -0.5 && y <= ny - 0.5, `${name}: (${x}, ${y}) off ${nx}x${ny}`);
      // A 0.01° circle is 72 VLASS pixels across (larger on the optical images): unclipped cutouts are centred.
      if (nx > 60 && ny > 60 && nx === ny) {
        assert.ok(Math.abs(x - (nx - 1) / 2) <= 1.5 && Math.abs(y - (ny - 1) / 2) <= 1.5, `${name}: (${x}, ${y})`);
      }
    }
  });

  test('anonymous jobs get none of the proprietary data; the entitled user gets it', async () => {
    const field = proprietaryId.replace(/^.*RACS-DR1_([^/]+)\/.*$/, '$1');
    const sources = fixtureSources(demoDir).filter((s) => s.name.includes(field));
    const csv = sourcesCsv(sources, 0.01);
    const anonymous = await createJob({ COLLECTION: 'RACS' }, csv);
    await waitDone(anonymous);
    const anonRows = manifestRows(await download(anonymous, 'manifest', 'anon.csv'));
    assert.ok(anonRows.length > 0);
    assert.ok(anonRows.every((r) => r.status === 'proprietary' && r.bytes === '0'));
    const names = await python('import sys, tarfile; print("\\n".join(tarfile.open(sys.argv[1]).getnames()))', [
      await download(anonymous, 'archive', 'anon.tar'),
    ]);
    assert.deepEqual(names.trim().split('\n'), ['manifest.csv']);

    const alice = await createJob({ COLLECTION: 'RACS' }, csv, TOKEN);
    await waitDone(alice, TOKEN);
    const aliceRows = manifestRows(await download(alice, 'manifest', 'alice.csv', TOKEN));
    assert.equal(aliceRows.length, anonRows.length);
    assert.ok(aliceRows.every((r) => r.status === 'ok' && r.obs_publisher_did === proprietaryId));
    // The job is the owner's: anonymous requests cannot read it.
    assert.equal((await fetch(`${alice.url}/results/archive`)).status, 401);
  });

  test('FORMAT=zip: Python zipfile lists the manifest then the ok cutouts; votlint passes the VOTable manifest', async () => {
    const job = await createJob({ FORMAT: 'zip' }, sourcesCsv(fixtureSources(demoDir).slice(0, 30), 0.01));
    await waitDone(job);
    const vot = await download(job, 'manifest-votable', 'zip.vot');
    const lint = await runAsync('stilts', ['votlint', 'validate=true', 'version=1.4', `votable=${vot}`]);
    assert.deepEqual(
      lint.split('\n').filter((l) => /ERROR|WARNING/.test(l)),
      [],
      lint,
    );
    // astropy reads it: the same rows as the CSV manifest.
    const n = await python('import sys; from astropy.table import Table; print(len(Table.read(sys.argv[1])))', [vot]);
    const rows = manifestRows(await download(job, 'manifest', 'zip.csv'));
    assert.equal(Number(n), rows.length);
    const listing = await python(
      'import sys, json, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, i.file_size] for i in z.infolist()]))',
      [await download(job, 'archive', 'bulk.zip')],
    );
    const members = JSON.parse(listing) as [string, number][];
    assert.equal(members[0][0], 'manifest.csv');
    assert.deepEqual(
      members.slice(1),
      rows.filter((r) => r.status === 'ok').map((r) => [r.file, Number(r.bytes)]),
    );
  });

  test('QUERY with CIRCLE and SELECT=best at 3 GHz gives one cutout of the best VLASS image', async () => {
    const job = await createJob({
      QUERY: "SELECT obs_publisher_did FROM ivoa.obscore WHERE dataproduct_type = 'image'",
      CIRCLE: '148.9684583 69.6797028 0.01',
      SELECT: 'best',
      FREQ: '3e9',
    });
    await waitDone(job);
    const rows = manifestRows(await download(job, 'manifest', 'best.csv'));
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'ok');
    assert.match(rows[0].obs_publisher_did, /\/VLASS\?/);
  });

  test('bad parameters are refused at creation with every problem', async () => {
    const response = await fetch(`${server.url}/soda/bulk`, {
      method: 'POST',
      body: new URLSearchParams({ SELECT: 'best', FORMAT: 'rar' }),
      redirect: 'manual',
    });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /give QUERY/);
    assert.match(text, /needs FREQ/);
    assert.match(text, /FORMAT=rar/);
    // A source list is read at creation: its problems are a 400 too, and no job is made.
    const form = new FormData();
    form.append('UPLOAD', 'sources,param:sources');
    form.append('sources', new Blob(['ra,dec\n10,95\n'], { type: 'text/csv' }), 'sources.csv');
    const bad = await fetch(`${server.url}/soda/bulk`, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /row 1: ra=10 dec=95 is not a position/);
    const missing = await fetch(`${server.url}/soda/bulk`, {
      method: 'POST',
      body: new URLSearchParams({ UPLOAD: 'sources,param:sources', RADIUS: '0.01' }),
      redirect: 'manual',
    });
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /no part named sources/);
  });

  test('RESUME=<job> reuses the earlier cutouts; a restart resumes an executing job from its journal', async () => {
    const csv = sourcesCsv(fixtureSources(demoDir).slice(0, 60), 0.01);
    const first = await createJob({}, csv);
    await waitDone(first);
    const second = await createJob({ RESUME: first.id }, csv);
    await waitDone(second);
    const rows = manifestRows(await download(second, 'manifest', 'resumed.csv'));
    const ok = rows.filter((r) => r.status === 'ok');
    assert.ok(ok.length > 50);
    for (const r of ok) {
      // The same file (a hard link), not a new cutout.
      assert.equal(statSync(join(dir(second.id), r.file)).ino, statSync(join(dir(first.id), r.file)).ino);
    }

    // A big job, stopped with the server while it runs, then finished by the next server.
    const big = await createJob({}, sourcesCsv(fixtureSources(demoDir), 0.02));
    const journal = join(dir(big.id), JOURNAL_FILE);
    await journalReaches(big.id, 20);
    await server.close();
    const before = readFileSync(journal, 'utf8').trim().split('\n').length;
    const db = await openDatabase(dbUrl);
    const phase = await db.all<{ phase: string }>(
      `SELECT phase FROM ${db.dialect.table(UWS_JOBS_TABLE)} WHERE job_id = ${db.dialect.param(1)}`,
      [big.id],
    );
    await db.close();
    // The server stopped in the middle of the job.
    assert.equal(phase[0]?.phase, 'EXECUTING');
    server = await start();
    const xml = await waitDone({ ...big, url: `${server.url}/soda/bulk/${big.id}` });
    assert.match(xml, /COMPLETED/);
    const bigRows = manifestRows(
      await download({ ...big, url: `${server.url}/soda/bulk/${big.id}` }, 'manifest', 'big.csv'),
    );
    const entries = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; status: string });
    // Nothing was cut twice: one journal entry per cutout task, whichever server made it.
    assert.equal(new Set(entries.map((e) => e.key)).size, entries.length);
    assert.equal(
      entries.length,
      bigRows.filter((r) => r.status !== 'proprietary' && r.obs_publisher_did !== '').length,
    );
    assert.ok(before < entries.length, `${before} of ${entries.length} cutouts were done before the restart`);
    assert.ok(readdirSync(join(dir(big.id), 'cutouts')).every((f) => !f.endsWith('.tmp')));
  });

  test('an ABORTed job keeps its finished cutouts: a new job with RESUME=<it> reuses them', async () => {
    const csv = sourcesCsv(fixtureSources(demoDir), 0.02);
    const aborted = await createJob({}, csv);
    await journalReaches(aborted.id, 20);
    const abort = await fetch(`${aborted.url}/phase`, {
      method: 'POST',
      body: new URLSearchParams({ PHASE: 'ABORT' }),
      redirect: 'manual',
    });
    assert.equal(abort.status, 303);
    assert.equal(await (await fetch(`${aborted.url}/phase`)).text(), 'ABORTED');
    await new Promise((r) => setTimeout(r, 200)); // cutouts in flight stop at their next chunk
    const done = readFileSync(join(dir(aborted.id), JOURNAL_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; file: string })
      .filter((e) => e.status === 'ok');
    assert.ok(done.length > 0);
    const resumed = await createJob({ RESUME: aborted.id }, csv);
    await waitDone(resumed);
    const rows = manifestRows(await download(resumed, 'manifest', 'after-abort.csv'));
    const ok = rows.filter((r) => r.status === 'ok');
    const linked = ok.filter((r) => {
      try {
        return statSync(join(dir(resumed.id), r.file)).ino === statSync(join(dir(aborted.id), r.file)).ino;
      } catch {
        return false;
      }
    });
    // Every cutout the aborted job finished is reused, the rest were cut by the new job.
    assert.equal(linked.length, done.length);
    assert.ok(ok.length > linked.length, `${ok.length} ok, ${linked.length} reused`);
  });

  test('hostile source names become safe, distinct member names under cutouts/; bad RESUME and huge lists are 400s', async () => {
    const on = fixtureSources(demoDir).find((s) => !s.off) as FixtureSource;
    const names = ['../../../etc/passwd', '/abs/path', 'nul\u0000byte', 'x'.repeat(5000), 'dup', 'dup', '..', ''];
    const csv = `name,ra,dec\r\n${names.map((n) => `"${n}",${on.ra},${on.dec}`).join('\r\n')}\r\n`;
    const job = await createJob({ RADIUS: '0.005' }, csv);
    await waitDone(job);
    const rows = manifestRows(await download(job, 'manifest', 'hostile.csv'));
    const files = rows.filter((r) => r.status === 'ok').map((r) => r.file);
    assert.ok(files.length >= names.length, `${files.length} cutouts`);
    assert.equal(new Set(files).size, files.length, 'duplicate names get distinct members');
    for (const f of files) {
      assert.match(f, /^cutouts\/\d{6}_[A-Za-z0-9+-][A-Za-z0-9._+-]*\.fits$/, f);
      assert.ok(Buffer.byteLength(f) <= 108, f);
    }
    // Python's tarfile sees exactly those members, none outside the archive's directory.
    const tar = await download(job, 'archive', 'hostile.tar');
    const members = JSON.parse(
      await python('import sys, json, tarfile\nprint(json.dumps(tarfile.open(sys.argv[1]).getnames()))', [tar]),
    ) as string[];
    assert.deepEqual(members, ['manifest.csv', ...files]);

    // RESUME of another owner's job, of a job that does not exist, of a job id with a path in it: 400 at creation.
    const alices = await createJob({ RADIUS: '0.005' }, csv, TOKEN);
    await waitDone(alices, TOKEN);
    for (const resume of [alices.id, 'nonexistent0000', '../bulk/x']) {
      const form = new FormData();
      form.append('RESUME', resume);
      form.append('UPLOAD', 'sources,param:sources');
      form.append('sources', new Blob([csv], { type: 'text/csv' }), 'sources.csv');
      const response = await fetch(`${server.url}/soda/bulk`, { method: 'POST', body: form, redirect: 'manual' });
      assert.equal(response.status, 400, resume);
      const text = await response.text();
      assert.match(text, /RESUME=.*(no bulk job of yours|is not a job identifier)/, text);
    }

    // A source list longer than a job may plan is refused when the job is created, saying how many are allowed.
    const lines = Array.from({ length: MAX_SOURCES + 1 }, (_, i) => `s${i},${on.ra},${on.dec}`);
    const form = new FormData();
    form.append('RADIUS', '0.005');
    form.append('UPLOAD', 'sources,param:sources');
    form.append('sources', new Blob([`name,ra,dec\n${lines.join('\n')}\n`], { type: 'text/csv' }), 'big.csv');
    const big = await fetch(`${server.url}/soda/bulk`, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(big.status, 400);
    assert.match(await big.text(), new RegExp(`${MAX_SOURCES + 1} rows; at most ${MAX_SOURCES}`));
  });

  test('a part name too long for a file name is a 400 and leaves no job directory behind', async () => {
    const before = readdirSync(join(dataDir, '.uws', 'bulk')).sort();
    const part = 'p'.repeat(300);
    const form = new FormData();
    form.append('RADIUS', '0.01');
    form.append('UPLOAD', `sources,param:${part}`);
    form.append(part, new Blob(['ra,dec\n148.97,69.68\n'], { type: 'text/csv' }), 'sources.csv');
    const response = await fetch(`${server.url}/soda/bulk`, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /part name "p+…" is longer than 100 bytes/);
    assert.deepEqual(readdirSync(join(dataDir, '.uws', 'bulk')).sort(), before);
  });
});
