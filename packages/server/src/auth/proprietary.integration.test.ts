// Proprietary data on every endpoint that serves bytes of a product (issue 6, DESIGN.md "Proprietary data"), over
// real HTTP on the ingested demo archive with its configured users (soda/demo-fixture.ts): `pi` is entitled to the
// proposal of the product made proprietary, `other` is not. For each endpoint: anonymous → 401 with the RFC 6750 §3
// challenge, `other` → 403, `pi` → the data, a bad token → 401 invalid_token, and a public product stays public to
// anonymous requests. Also: DataLink link_auth/link_authorized per user, the demo's own embargoed RACS image, the
// VOSI security methods, the error form of a bad token on the VOTable services, and pyvo with an authenticated
// requests.Session downloading the proprietary #this.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import { coneCapabilitiesXml } from '../scs/vosi.ts';
import { DEMO_AUTHORITY, DEMO_USERS, openDemoServer, python } from '../soda/demo-fixture.ts';

let demo: Awaited<ReturnType<typeof openDemoServer>>;

const CHALLENGE = `Bearer realm="${DEMO_AUTHORITY}"`;
type Who = 'anonymous' | 'other' | 'pi' | 'bad';

function headers(who: Who): Record<string, string> {
  if (who === 'anonymous') return {};
  if (who === 'bad') return { authorization: 'Bearer not-a-known-token-0123456789' };
  return { authorization: `Bearer ${DEMO_USERS[who].token}` };
}

interface LinkRow {
  semantics: string;
  access_url: string;
  service_def: string;
  error_message: string;
  link_auth: string;
  link_authorized: string;
}

/** The {links} rows of one ID as this user sees them (TABLEDATA cells, in the FIELD order of DataLink 1.1 §3.2). */
async function links(id: string, who: Who): Promise<LinkRow[]> {
  const res = await fetch(`${demo.url}/datalink/links?ID=${encodeURIComponent(id)}`, { headers: headers(who) });
  assert.equal(res.status, 200, `the DataLink document itself is public (${who})`);
  const text = await res.text();
  const names = [...text.matchAll(/<FIELD (?:ID="[^"]*" )?name="([^"]+)"/g)].map((m) => m[1]);
  const xmlText = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return [...text.matchAll(/<TR>(.*?)<\/TR>/g)].map((tr) => {
    const cells = [...tr[1].matchAll(/<TD\/>|<TD>(.*?)<\/TD>/g)].map((m) => xmlText(m[1] ?? ''));
    return Object.fromEntries(names.map((n, i) => [n, cells[i]])) as unknown as LinkRow;
  });
}

function didOf(fileName: string): string {
  const id = demo.ids.get(fileName);
  assert.ok(id, fileName);
  return id;
}

async function centre(id: string): Promise<[number, number]> {
  const q = `SELECT s_ra, s_dec FROM ivoa.obscore WHERE obs_publisher_did = '${id.replace(/'/g, "''")}'`;
  const res = await fetch(`${demo.url}/tap/sync?LANG=ADQL&FORMAT=csv&QUERY=${encodeURIComponent(q)}`);
  const [, line] = (await res.text()).trim().split('\n');
  const [ra, dec] = line.split(',').map(Number);
  return [ra, dec];
}

/** The endpoint matrix on the current server; `full` adds the jobs, error forms, capabilities and pyvo (backend-neutral). */
function endpointSuite(full: boolean): void {
  const M82 = 'VLASS1.2.ql.T28t06.J095236+693000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits';

  it('DataLink: link_auth true and link_authorized per user on proprietary rows, optional/true on public ones', async () => {
    for (const who of ['anonymous', 'other', 'pi'] as const) {
      const secret = await links(demo.proprietaryId, who);
      const followable = secret.filter((r) => r.access_url || r.service_def);
      assert.deepEqual([...new Set(followable.map((r) => r.semantics))].sort(), [
        '#cutout',
        '#package',
        '#preview',
        '#this',
        '#thumbnail',
      ]);
      for (const r of followable) {
        assert.equal(r.link_auth, 'true', `${who} ${r.semantics}`);
        assert.equal(r.link_authorized, who === 'pi' ? 'true' : 'false', `${who} ${r.semantics}`);
      }
      // Public data: authentication optional (users exist), every user authorized.
      for (const r of (await links(didOf(M82), who)).filter((x) => x.access_url || x.service_def)) {
        assert.equal(r.link_auth, 'optional', r.semantics);
        assert.equal(r.link_authorized, 'true', r.semantics);
      }
    }
  });

  it('anonymous 401 + challenge, other 403, pi 200 on #this, #preview, #thumbnail, #package and /soda/sync', async () => {
    const [ra, dec] = await centre(demo.proprietaryId);
    const rows = await links(demo.proprietaryId, 'pi');
    const urls = new Map(rows.filter((r) => r.access_url).map((r) => [r.semantics, r.access_url]));
    urls.set(
      '/soda/sync',
      `${demo.url}/soda/sync?ID=${encodeURIComponent(demo.proprietaryId)}&CIRCLE=${ra}+${dec}+0.02`,
    );
    assert.deepEqual([...urls.keys()].sort(), ['#package', '#preview', '#this', '#thumbnail', '/soda/sync']);
    const expected = {
      '#this': 'application/fits',
      '#preview': 'image/png',
      '#thumbnail': 'image/png',
      '#package': 'application/x-tar',
      '/soda/sync': 'application/fits',
    } as Record<string, string>;
    for (const [what, url] of urls) {
      const anonymous = await fetch(url);
      assert.equal(anonymous.status, 401, `${what} anonymous`);
      assert.equal(anonymous.headers.get('www-authenticate'), CHALLENGE, what);
      assert.match(anonymous.headers.get('content-type') ?? '', /^text\/plain/, what);
      assert.match(await anonymous.text(), /proprietary until its release on 2999-01-01 .*Bearer <token>/, what);

      const other = await fetch(url, { headers: headers('other') });
      assert.equal(other.status, 403, `${what} other`);
      assert.equal(other.headers.get('www-authenticate'), null, what);
      assert.match(await other.text(), /User other is not entitled to proposal SECRET-1/, what);

      const bad = await fetch(url, { headers: headers('bad') });
      assert.equal(bad.status, 401, `${what} bad token`);
      assert.match(bad.headers.get('www-authenticate') ?? '', /^Bearer realm="obscura.test", error="invalid_token"/);
      await bad.arrayBuffer();

      const pi = await fetch(url, { headers: headers('pi') });
      assert.equal(pi.status, 200, `${what} pi`);
      assert.equal(pi.headers.get('content-type'), expected[what], what);
      assert.match(pi.headers.get('cache-control') ?? 'private', /^private/, `${what}: not for shared caches`);
      assert.ok((await pi.arrayBuffer()).byteLength > 0, what);
    }
  });

  it('public data stays public: the same endpoints answer anonymous requests with 200', async () => {
    const id = didOf(M82);
    const [ra, dec] = await centre(id);
    const rows = await links(id, 'anonymous');
    const urls = rows.filter((r) => r.access_url).map((r) => r.access_url);
    urls.push(`${demo.url}/soda/sync?ID=${encodeURIComponent(id)}&CIRCLE=${ra}+${dec}+0.01`);
    assert.ok(urls.length >= 6);
    for (const url of urls) {
      const res = await fetch(url, { method: url.includes('/files/') ? 'HEAD' : 'GET' });
      assert.equal(res.status, 200, url);
      await res.arrayBuffer();
    }
  });

  it("the demo's own embargoed RACS image (DATE-RLS 2099, AS110) is proprietary without any test setup", async () => {
    const id = didOf('RACS-DR1_0754-04A.fits');
    const self = (await links(id, 'anonymous')).find((r) => r.semantics === '#this') as LinkRow;
    assert.equal(self.link_auth, 'true');
    assert.equal(self.link_authorized, 'false');
    const res = await fetch(self.access_url);
    assert.equal(res.status, 401);
    assert.match(await res.text(), /proprietary until its release on 2099-01-01 \(proposal (AS110|SECRET-1)\)/);
  });

  if (!full) return;

  /** Creates a UWS job with PHASE=RUN as this user and waits until it stops; its URL, final phase and document. */
  async function runJob(list: string, params: [string, string][], who: Who) {
    const create = await fetch(`${demo.url}${list}`, {
      method: 'POST',
      headers: headers(who),
      body: new URLSearchParams([...params, ['PHASE', 'RUN']]),
      redirect: 'manual',
    });
    assert.equal(create.status, 303, `${list} ${who}: ${await create.text()}`);
    const job = new URL(create.headers.get('location') as string, demo.url).toString();
    let phase = '';
    for (let i = 0; i < 600 && !['COMPLETED', 'ERROR', 'ABORTED'].includes(phase); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      phase = (await (await fetch(`${job}/phase`, { headers: headers(who) })).text()).trim();
    }
    const doc = await (await fetch(job, { headers: headers(who) })).text();
    return { phase, doc, job };
  }

  it('/soda/async: an anonymous job on proprietary data ends in ERROR; the entitled owner gets the cutout', async () => {
    const [ra, dec] = await centre(demo.proprietaryId);
    const params: [string, string][] = [
      ['ID', demo.proprietaryId],
      ['CIRCLE', `${ra} ${dec} 0.02`],
    ];
    const anonymous = await runJob('/soda/async', params, 'anonymous');
    assert.equal(anonymous.phase, 'ERROR', anonymous.doc);
    assert.match(anonymous.doc, /proprietary until its release/);
    assert.doesNotMatch(anonymous.doc, /<uws:result /);
    const other = await runJob('/soda/async', params, 'other');
    assert.equal(other.phase, 'ERROR', other.doc);
    assert.match(other.doc, /not entitled to proposal SECRET-1/);
    const pi = await runJob('/soda/async', params, 'pi');
    assert.equal(pi.phase, 'COMPLETED', pi.doc);
    const result = await fetch(`${pi.job}/results/result`, { headers: headers('pi') });
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('content-type'), 'application/fits');
    await result.arrayBuffer();
    assert.equal((await fetch(`${pi.job}/results/result`)).status, 401, "the owner's job is not anonymous'");
  });

  it('/soda/bulk: proprietary rows are manifest rows (status proprietary) for anonymous owners, cut for pi', async () => {
    const [ra, dec] = await centre(demo.proprietaryId);
    const params: [string, string][] = [
      ['QUERY', `SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_publisher_did = '${demo.proprietaryId}'`],
      ['CIRCLE', `${ra} ${dec} 0.02`],
    ];
    const manifest = async (who: Who) => {
      const run = await runJob('/soda/bulk', params, who);
      assert.equal(run.phase, 'COMPLETED', `${who}: ${run.doc}`);
      const csv = await (await fetch(`${run.job}/results/manifest`, { headers: headers(who) })).text();
      const [head, ...lines] = csv.trim().split(/\r?\n/); // RFC 4180 lines end in CRLF
      const cols = head.split(',');
      const tar = Buffer.from(
        await (await fetch(`${run.job}/results/archive`, { headers: headers(who) })).arrayBuffer(),
      );
      // The archive holds a cutout member only when the owner may have the data.
      assert.equal(tar.includes('cutouts/'), who === 'pi', `${who}: cutout in the archive`);
      // Only the columns before the (quoted, comma-holding) message are read by position; bytes is the last one.
      return lines.map((l): Record<string, string> => {
        const v = l.split(',');
        return { ...Object.fromEntries(cols.slice(0, 8).map((c, i) => [c, v[i]])), bytes: v[v.length - 1] };
      });
    };
    const anonymous = await manifest('anonymous');
    assert.equal(anonymous.length, 1);
    assert.equal(anonymous[0].status, 'proprietary');
    assert.equal(anonymous[0].file, '');
    assert.equal((await manifest('other'))[0].status, 'proprietary');
    const pi = await manifest('pi');
    assert.equal(pi[0].status, 'ok');
    assert.ok(Number(pi[0].bytes) > 0);
  });

  it('a bad token is 401 invalid_token in each service error form (VOTable, SCS, text); no token is anonymous', async () => {
    const cases: [string, RegExp][] = [
      [`/tap/sync?LANG=ADQL&QUERY=${encodeURIComponent('SELECT TOP 1 obs_id FROM ivoa.obscore')}`, /QUERY_STATUS/],
      [`/datalink/links?ID=${encodeURIComponent(demo.proprietaryId)}`, /QUERY_STATUS" value="ERROR"/],
      ['/scs/vlass.components?RA=148.97&DEC=69.68&SR=0.1', /<INFO ID="Error" name="Error"/],
      ['/sia/query?POS=CIRCLE+148.97+69.68+0.1', /QUERY_STATUS" value="ERROR"/],
      ['/tap/capabilities', /authentication failed/],
    ];
    for (const [path, body] of cases) {
      const bad = await fetch(`${demo.url}${path}`, { headers: headers('bad') });
      assert.equal(bad.status, 401, path);
      assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/, path);
      const text = await bad.text();
      assert.match(text, body, path);
      assert.match(text, /the bearer token is not known to this server/, path);
      assert.ok(!text.includes('not-a-known-token'), 'the token is never echoed');
      // Without a token, or with a good one, the service answers as it would anyway (this demo server has no
      // catalogues, so the cone search answers its own 404).
      const anonymous = await fetch(`${demo.url}${path}`);
      const pi = await fetch(`${demo.url}${path}`, { headers: headers('pi') });
      assert.equal(anonymous.status, path.startsWith('/scs/') ? 404 : 200, `${path} anonymous`);
      assert.equal(pi.status, anonymous.status, `${path} pi`);
      await anonymous.arrayBuffer();
      await pi.arrayBuffer();
    }
  });

  it('every VOSI capabilities document declares anonymous and bearer-token access on every interface', async () => {
    const cone = coneCapabilitiesXml({ base: `${demo.url}/scs/x.y`, maxSR: 10, maxRecords: 100 });
    const documents: [string, string][] = [['/scs/<table>', cone]];
    for (const path of ['/tap', '/sia', '/soda']) {
      const res = await fetch(`${demo.url}${path}/capabilities`);
      assert.equal(res.status, 200, path);
      documents.push([path, await res.text()]);
    }
    for (const [path, xml] of documents) {
      const interfaces = [...xml.matchAll(/<interface\b[\s\S]*?<\/interface>/g)].map((m) => m[0]);
      assert.ok(interfaces.length > 0, path);
      for (const i of interfaces) {
        assert.match(i, /<securityMethod\/>\s*<securityMethod standardID="ivo:\/\/ivoa.net\/sso#token"\/>/, path);
      }
    }
  });

  it('pyvo with a requests.Session carrying the token downloads the proprietary #this; without it gets 401', async () => {
    const out = await python(
      `
import json, sys, warnings
warnings.simplefilter('ignore')
import requests
from pyvo.dal.adhoc import DatalinkQuery
url, did, token = sys.argv[1:4]
def fetch(session):
    links = DatalinkQuery(url + '/datalink/links', id=did, session=session).execute()
    row = next(links.bysemantics('#this', include_narrower=False))
    r = session.get(row.access_url)
    return {'status': r.status_code, 'bytes': len(r.content), 'start': r.content[:6].decode('ascii', 'replace'),
            'authorized': bool(row['link_authorized'])}
s = requests.Session()
s.headers['Authorization'] = 'Bearer ' + token
print(json.dumps({'pi': fetch(s), 'anonymous': fetch(requests.Session())}))
`,
      [demo.url, demo.proprietaryId, DEMO_USERS.pi.token],
    );
    const got = JSON.parse(out);
    assert.equal(got.pi.status, 200);
    assert.equal(got.pi.start, 'SIMPLE');
    assert.ok(got.pi.bytes > 1_000_000);
    assert.equal(got.pi.authorized, true);
    assert.equal(got.anonymous.status, 401);
    assert.equal(got.anonymous.authorized, false);
  });
}

describe('proprietary data on every endpoint (SQLite)', { timeout: 300_000 }, () => {
  before(async () => {
    demo = await openDemoServer();
  });
  after(() => demo?.close());
  endpointSuite(true);
});

describe('proprietary data on every endpoint (PostgreSQL + pgSphere)', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
  timeout: 300_000,
}, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
    demo = await openDemoServer({ databaseUrl: cluster.url });
  });
  after(async () => {
    await demo?.close();
    await cluster?.stop();
  });
  endpointSuite(false);
});
