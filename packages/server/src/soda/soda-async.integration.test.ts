// SODA 1.0 {async} over real HTTP on the ingested small demo archive: UWS jobs driven by Python (urllib, and pyvo
// 1.2.1's UWS parser for the job documents), the async cutout compared with the {sync} one byte for byte and by astropy
// (header cards and data equal), several cutouts per job (result-1..n, notes for the combinations without overlap),
// errors as the UWS errorSummary, proprietary data against the job owner with real bearer tokens, owner-scoped job
// lists, executionDuration, and a job surviving a server restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_AUTHORITY, DEMO_USERS, type OpenDemoServer, openDemoServer, python } from './demo-fixture.ts';

const M82 = { ra: 148.9684583, dec: 69.6797028 };

// Drives one UWS job with plain HTTP (urllib: create with PHASE=RUN, follow the 303, WAIT until final), parses the
// job document with pyvo's UWS reader, downloads each result, and compares `result` with the {sync} cutout in astropy.
const DRIVE = `
import re, sys, json, io, urllib.request, urllib.parse, warnings
warnings.simplefilter('ignore')
from astropy.io import fits
import numpy as np
from pyvo.io.uws import parse_job
base, params, token, sync_url = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
headers = {'Authorization': 'Bearer ' + token} if token else {}
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
opener = urllib.request.build_opener(NoRedirect)
req = urllib.request.Request(base + '/soda/async', data=urllib.parse.urlencode([tuple(p) for p in params] + [('PHASE', 'RUN')]).encode(), headers=headers)
try:
    opener.open(req); raise SystemExit('no 303')
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
    job_url = e.headers['Location']
def get(url):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read()
for _ in range(60):
    job = parse_job(io.BytesIO(get(job_url + '?WAIT=10')))
    if job.phase not in ('PENDING', 'QUEUED', 'EXECUTING'): break
out = {'phase': job.phase, 'owner': job.ownerid, 'url': job_url,
       'error': get(job_url + '/error').decode() if job.phase == 'ERROR' else None,
       'results': [{'id': r.id_, 'href': r.href, 'size': r.size} for r in job.results]}
for r in out['results']:
    data = get(r['href']); r['bytes'] = len(data)
    if r['id'] != 'notes':
        h = fits.open(io.BytesIO(data)); h.verify('exception'); r['shape'] = list(h[0].data.shape)
    else:
        r['text'] = data.decode()
if sync_url and any(r['id'] == 'result' for r in out['results']):
    a = get(job_url + '/results/result'); s = get(sync_url)
    ha, hs = fits.open(io.BytesIO(a)), fits.open(io.BytesIO(s))
    # The two cutouts are made at different moments: only the time in the HISTORY provenance line may differ.
    made = re.compile(rb'on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d')
    out['same_bytes'] = made.sub(b'on <time>', a) == made.sub(b'on <time>', s)
    cards = lambda h: [re.sub(r'on \\d{4}-\\d\\d-\\d\\dT[\\d:]{8}', 'on <time>', str(c)) for c in h[0].header.cards]
    out['same_header'] = cards(ha) == cards(hs)
    out['same_data'] = bool(np.array_equal(ha[0].data, hs[0].data, equal_nan=True))
print(json.dumps(out))
`;

interface Driven {
  phase: string;
  owner: string | null;
  url: string;
  error: string | null;
  results: { id: string; href: string; size: number; bytes: number; shape?: number[]; text?: string }[];
  same_bytes?: boolean;
  same_header?: boolean;
  same_data?: boolean;
}

let demo: OpenDemoServer;
before(async () => {
  demo = await openDemoServer();
});
after(() => demo?.close());

function idOf(fragment: string): string {
  const id = [...demo.ids.values()].find((d) => d.includes(fragment));
  assert.ok(id, `a product matching ${fragment}`);
  return id;
}

async function drive(params: [string, string][], token = '', syncUrl = ''): Promise<Driven> {
  return JSON.parse(await python(DRIVE, [demo.url, JSON.stringify(params), token, syncUrl]));
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function create(params: [string, string][], headers: Record<string, string> = {}): Promise<string> {
  const r = await fetch(`${demo.url}/soda/async`, {
    method: 'POST',
    body: new URLSearchParams(params),
    headers,
    redirect: 'manual',
  });
  assert.equal(r.status, 303, 'UWS 1.1 §2.2.3.1: job creation answers 303');
  return r.headers.get('location') ?? '';
}

function tag(xml: string, name: string): string | null {
  return new RegExp(`<uws:${name}(?: [^>]*)?>([^<]*)</uws:${name}>`).exec(xml)?.[1] ?? null;
}

async function waitFor(job: string, headers: Record<string, string> = {}): Promise<string> {
  let xml = '';
  for (let i = 0; i < 60; i++) {
    xml = await (await fetch(`${job}?WAIT=10`, { headers })).text();
    if (!['PENDING', 'QUEUED', 'EXECUTING'].includes(tag(xml, 'phase') ?? '')) break;
  }
  return xml;
}

// pyvo 1.2.1 reads both #cutout descriptors of a DataLink document; SodaQuery is {sync}-only in 1.2.1, so the async
// descriptor is used for its accessURL and parameters, and the job is driven with plain HTTP.
const DESCRIPTORS = `
import sys, json, warnings
warnings.simplefilter('ignore')
from pyvo.dal.adhoc import DatalinkResults
dl = DatalinkResults.from_result_url(sys.argv[1])
rows = list(dl.bysemantics('#cutout', include_narrower=False))
out = {'rows': len(rows), 'defs': [str(r['service_def']) for r in rows]}
for ivoid in ('ivo://ivoa.net/std/SODA#sync-1.0', 'ivo://ivoa.net/std/SODA#async-1.0'):
    svc = dl.get_adhocservice_by_ivoid(ivoid)
    access = next(p.value for p in svc.params if p.name == 'accessURL')
    group = next(g for g in svc.groups if g.name == 'inputParams')
    out[ivoid] = {'access_url': str(access), 'params': sorted(p.name for p in group.entries)}
print(json.dumps(out))
`;

describe('SODA {async} jobs (UWS 1.1)', { timeout: 300_000 }, () => {
  it('DataLink lists a #cutout row per SODA descriptor, {sync} and {async}, both read by pyvo', async () => {
    const id = idOf('VLASS1.2.ql.T28t06');
    const r = JSON.parse(await python(DESCRIPTORS, [`${demo.url}/datalink/links?ID=${encodeURIComponent(id)}`]));
    assert.equal(r.rows, 2);
    assert.equal(new Set(r.defs).size, 2, 'each row names its own descriptor');
    const sync = r['ivo://ivoa.net/std/SODA#sync-1.0'];
    const async = r['ivo://ivoa.net/std/SODA#async-1.0'];
    assert.equal(sync.access_url, `${demo.url}/soda/sync`);
    assert.equal(async.access_url, `${demo.url}/soda/async`);
    assert.deepEqual(async.params, sync.params);
    assert.deepEqual(async.params, ['BAND', 'CIRCLE', 'ID', 'POL', 'POLYGON', 'POS', 'TIME']);
  });

  it('VOSI capabilities declare {sync} and {async}, every capability with a standardID (pyvo 1.2.1)', async () => {
    const r = JSON.parse(
      await python(
        `
import sys, json, warnings
warnings.simplefilter('ignore')
from pyvo.io.vosi import parse_capabilities
caps = parse_capabilities(sys.argv[1])
print(json.dumps([[c.standardid, [i.accessurls[0].content for i in c.interfaces]] for c in caps]))
`,
        [`${demo.url}/soda/capabilities`],
      ),
    );
    assert.deepEqual(r, [
      ['ivo://ivoa.net/std/SODA#sync-1.0', [`${demo.url}/soda/sync`]],
      ['ivo://ivoa.net/std/SODA#async-1.0', [`${demo.url}/soda/async`]],
      ['ivo://ivoa.net/std/VOSI#capabilities', [`${demo.url}/soda/capabilities`]],
      ['ivo://ivoa.net/std/VOSI#availability', [`${demo.url}/soda/availability`]],
    ]);
    const availability = await (await fetch(`${demo.url}/soda/availability`)).text();
    assert.match(availability, /<vosi:available>true<\/vosi:available>/);
  });

  it('one cutout: result equals the {sync} cutout byte for byte, and astropy finds header and data equal', async () => {
    const params: [string, string][] = [
      ['ID', idOf('VLASS1.2.ql.T28t06')],
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.02`],
    ];
    const syncUrl = `${demo.url}/soda/sync?${new URLSearchParams(params)}`;
    const r = await drive(params, '', syncUrl);
    assert.equal(r.phase, 'COMPLETED', r.error ?? '');
    assert.equal(r.owner, null, 'an anonymous job has no owner');
    assert.deepEqual(
      r.results.map((x) => x.id),
      ['result'],
    );
    assert.equal(r.results[0].bytes, r.results[0].size, 'the size in the job document is the file size');
    assert.equal(r.same_bytes, true);
    assert.equal(r.same_header, true);
    assert.equal(r.same_data, true);
    const res = await fetch(`${r.url}/results/result`);
    assert.equal(res.headers.get('content-type'), 'application/fits');
  });

  it('multipart/form-data POSTs (DALI 1.1 §3) work on {sync} and {async} as urlencoded ones do', async () => {
    const form = () => {
      const f = new FormData();
      f.append('ID', idOf('VLASS1.2.ql.T28t06'));
      f.append('CIRCLE', `${M82.ra} ${M82.dec} 0.02`);
      return f;
    };
    const urlencoded = await fetch(`${demo.url}/soda/sync`, {
      method: 'POST',
      body: new URLSearchParams([...form().entries()] as [string, string][]),
    });
    const sync = await fetch(`${demo.url}/soda/sync`, { method: 'POST', body: form() });
    assert.equal(sync.status, 200, await sync.clone().text());
    const a = Buffer.from(await sync.arrayBuffer());
    const b = Buffer.from(await urlencoded.arrayBuffer());
    assert.equal(a.length, b.length);
    const f = form();
    f.append('PHASE', 'RUN');
    const created = await fetch(`${demo.url}/soda/async`, { method: 'POST', body: f, redirect: 'manual' });
    assert.equal(created.status, 303, await created.text());
    const job = created.headers.get('location') ?? '';
    const xml = await waitFor(job);
    assert.equal(tag(xml, 'phase'), 'COMPLETED', xml);
    assert.match(await (await fetch(`${job}/parameters`)).text(), /<uws:parameter id="CIRCLE">/);
    const bad = await fetch(`${demo.url}/soda/async`, {
      method: 'POST',
      body: 'garbage',
      headers: { 'content-type': 'multipart/form-data; boundary=q' },
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /multipart/);
  });

  it('several cutouts: result-1..n in ID × region order, notes for the one without overlap', async () => {
    const vlass = idOf('VLASS1.2.ql.T28t06');
    const optical = [...demo.ids.values()].find((d) => d.includes('/optical?')) as string;
    assert.ok(optical, 'an optical product');
    const r = await drive([
      ['ID', vlass],
      ['ID', optical],
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.01`],
      ['CIRCLE', '10 10 0.02'],
    ]);
    assert.equal(r.phase, 'COMPLETED', r.error ?? '');
    const ids = r.results.map((x) => x.id);
    assert.deepEqual(ids, ['result-1', 'result-3', 'notes'], JSON.stringify(r.results));
    const notes = r.results.find((x) => x.id === 'notes')?.text ?? '';
    assert.match(notes, /^result-2: NoOverlap: .*ID=.*VLASS1\.2\.ql\.T28t06.* CIRCLE=10 10 0\.02/m);
    assert.match(notes, /^result-4: NoOverlap: /m);
    for (const x of r.results.filter((y) => y.id !== 'notes')) assert.ok((x.shape?.length ?? 0) >= 2);

    // Nothing overlapping at all: the job is an ERROR saying so.
    const none = await drive([
      ['ID', vlass],
      ['CIRCLE', '10 10 0.02'],
    ]);
    assert.equal(none.phase, 'ERROR');
    assert.match(none.error ?? '', /^result: NoOverlap: the region does not overlap the image/);
  });

  it('bad parameters end the job in ERROR with the SODA UsageError text (text/plain error resource)', async () => {
    const job = await create([
      ['ID', idOf('VLASS1.2.ql.T28t06')],
      ['CIRCLE', '148.9 95 0.1'],
      ['CIRCLE', '1 2 3 4'],
      ['PHASE', 'RUN'],
    ]);
    const xml = await waitFor(job);
    assert.equal(tag(xml, 'phase'), 'ERROR');
    assert.match(xml, /<uws:errorSummary type="fatal" hasDetail="true">/);
    const error = await fetch(`${job}/error`);
    assert.match(error.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await error.text();
    assert.match(text, /^UsageError: CIRCLE: circle: latitude 95/);
    assert.match(text, /CIRCLE: /);
    const unknown = await create([
      ['ID', 'ivo://nowhere/x?y'],
      ['PHASE', 'RUN'],
    ]);
    assert.match(tag(await waitFor(unknown), 'message') ?? '', /^UsageError: NotFoundFault: ivo:\/\/nowhere/);
  });

  it('proprietary data is checked against the job owner; each user sees only their own jobs', async () => {
    const params: [string, string][] = [
      ['ID', demo.proprietaryId],
      ['POS', 'RANGE 0 360 -90 90'],
    ];
    const anonymous = await drive(params);
    assert.equal(anonymous.phase, 'ERROR');
    assert.match(anonymous.error ?? '', /^AuthenticationError: .* is proprietary until its release on 2999-01-01/);
    assert.deepEqual(anonymous.results, []);
    const other = await drive(params, DEMO_USERS.other.token);
    assert.equal(other.phase, 'ERROR');
    assert.equal(other.owner, 'other');
    assert.match(other.error ?? '', /^AuthorizationError: .* User other is not entitled to proposal SECRET-1/);
    const pi = await drive(params, DEMO_USERS.pi.token);
    assert.equal(pi.phase, 'COMPLETED', pi.error ?? '');
    assert.equal(pi.owner, 'pi');
    assert.deepEqual(
      pi.results.map((x) => x.id),
      ['result'],
    );

    // The owner's job is theirs alone: anonymous 401 with the Bearer challenge, another user 403 (uws/routes.ts).
    const asAnonymous = await fetch(`${pi.url}/results/result`);
    assert.equal(asAnonymous.status, 401);
    assert.equal(asAnonymous.headers.get('www-authenticate'), `Bearer realm="${DEMO_AUTHORITY}"`);
    assert.equal((await fetch(pi.url, { headers: auth(DEMO_USERS.other.token) })).status, 403);
    const own = await fetch(`${pi.url}/results/result`, { headers: auth(DEMO_USERS.pi.token) });
    assert.equal(own.status, 200);
    assert.equal(Number(own.headers.get('content-length')), pi.results[0].size);
    assert.equal((await own.arrayBuffer()).byteLength, pi.results[0].size);
    const list = async (headers: Record<string, string>) =>
      [
        ...(await (await fetch(`${demo.url}/soda/async`, { headers })).text()).matchAll(/<uws:jobref id="([^"]+)"/g),
      ].map((m) => m[1]);
    const jobId = (u: string) => u.slice(u.lastIndexOf('/') + 1);
    const piJobs = await list(auth(DEMO_USERS.pi.token));
    assert.deepEqual(piJobs, [jobId(pi.url)], 'pi sees exactly their one job');
    assert.deepEqual(await list(auth(DEMO_USERS.other.token)), [jobId(other.url)]);
    const anonymousJobs = await list({});
    assert.ok(anonymousJobs.includes(jobId(anonymous.url)));
    assert.ok(!anonymousJobs.includes(jobId(pi.url)) && !anonymousJobs.includes(jobId(other.url)));
    // The job document names the owner (UWS 1.1 §2.1 Owner).
    const xml = await (await fetch(pi.url, { headers: auth(DEMO_USERS.pi.token) })).text();
    assert.equal(tag(xml, 'ownerId'), 'pi');
  });

  it('executionDuration is kept, clamped to the hard limit, and stops a job that runs past it', async () => {
    const vlass = idOf('VLASS1.2.ql.T28t06');
    const pending = await create([
      ['ID', vlass],
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.02`],
      ['EXECUTIONDURATION', '5'],
    ]);
    assert.equal(await (await fetch(`${pending}/executionduration`)).text(), '5');
    const unlimited = await create([
      ['ID', vlass],
      ['EXECUTIONDURATION', '0'],
    ]);
    assert.equal(await (await fetch(`${unlimited}/executionduration`)).text(), '3600', '0 becomes the hard limit');
    // 1000 cutouts (the most one job makes) of 0.05° cannot be written in one second.
    const many: [string, string][] = [['ID', vlass]];
    for (let i = 0; i < 1000; i++) many.push(['CIRCLE', `${M82.ra} ${M82.dec + i * 1e-6} 0.05`]);
    const slow = await create([...many, ['EXECUTIONDURATION', '1'], ['PHASE', 'RUN']]);
    const xml = await waitFor(slow);
    assert.equal(tag(xml, 'phase'), 'ERROR');
    assert.match(tag(xml, 'message') ?? '', /took longer than the job's execution duration of 1 s/);
    const tooMany = await create([...many, ['POS', 'RANGE 0 360 0 90'], ['PHASE', 'RUN']]);
    // The cutouts written before the deadline are removed with the failed job's work.
    const left = await (await fetch(`${slow}/results`)).text();
    assert.doesNotMatch(left, /<uws:result /);
    assert.match(tag(await waitFor(tooMany), 'message') ?? '', /^UsageError: this job asks for 1001 cutouts/);
  });

  it('a job survives a server restart: a PENDING job runs after it, a COMPLETED one keeps its result', async () => {
    const params: [string, string][] = [
      ['ID', idOf('VLASS1.2.ql.T28t06')],
      ['CIRCLE', `${M82.ra} ${M82.dec} 0.01`],
    ];
    const done = await create([...params, ['PHASE', 'RUN']], auth(DEMO_USERS.pi.token));
    assert.equal(tag(await waitFor(done, auth(DEMO_USERS.pi.token)), 'phase'), 'COMPLETED');
    const before = Buffer.from(
      await (await fetch(`${done}/results/result`, { headers: auth(DEMO_USERS.pi.token) })).arrayBuffer(),
    );
    const pending = await create(params, auth(DEMO_USERS.pi.token));
    await demo.restart();
    const moved = (u: string) => `${demo.url}/soda/async/${u.slice(u.lastIndexOf('/') + 1)}`;
    const after = Buffer.from(
      await (await fetch(`${moved(done)}/results/result`, { headers: auth(DEMO_USERS.pi.token) })).arrayBuffer(),
    );
    assert.ok(after.equals(before), 'the result file is still served, unchanged');
    assert.equal(
      tag(await (await fetch(moved(pending), { headers: auth(DEMO_USERS.pi.token) })).text(), 'phase'),
      'PENDING',
    );
    const run = await fetch(`${moved(pending)}/phase`, {
      method: 'POST',
      body: new URLSearchParams({ PHASE: 'RUN' }),
      headers: auth(DEMO_USERS.pi.token),
      redirect: 'manual',
    });
    assert.equal(run.status, 303);
    const xml = await waitFor(moved(pending), auth(DEMO_USERS.pi.token));
    assert.equal(tag(xml, 'phase'), 'COMPLETED');
    assert.equal(tag(xml, 'ownerId'), 'pi');
  });
});
