// TAP_UPLOAD by URL (upload-fetch.ts): the address classifier on v4/v6/mapped forms, refusals of loopback URLs by
// default (IP literals, host names through the checked lookup, redirect hops), and with private URLs allowed the
// fetch itself: redirects, size limit, HTTP errors, content decoding, timeout. Every server here is on loopback.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readVOTable } from '@obscura/votable';
import { HttpError } from '../errors.ts';
import { startServer } from '../serve.ts';
import { buildFixture } from '../test-fixture.ts';
import { uploadBytes } from './upload.ts';
import { fetchUploadUrl, restrictedAddressKind } from './upload-fetch.ts';

const VOTABLE =
  '<?xml version="1.0"?><VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>' +
  '<FIELD name="want" datatype="char" arraysize="*"/>' +
  '<DATA><TABLEDATA><TR><TD>T10t01</TD></TR><TR><TD>nope</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>';

describe('restrictedAddressKind', () => {
  test('classifies IPv4, IPv6 and IPv4 in IPv6 (mapped, NAT64, compatible)', () => {
    const table: [string, string | undefined][] = [
      ['8.8.8.8', undefined],
      ['93.184.216.34', undefined],
      ['172.32.0.1', undefined],
      ['100.128.0.1', undefined],
      ['169.253.255.255', undefined],
      ['2001:4860:4860::8888', undefined],
      ['2606:2800:220:1:248:1893:25c8:1946', undefined],
      ['::ffff:8.8.8.8', undefined],
      ['64:ff9b::808:808', undefined],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::127.0.0.1', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['10.0.0.1', 'private'],
      ['10.255.255.255', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['::ffff:192.168.1.1', 'private'],
      ['::ffff:a00:1', 'private'],
      ['fc00::1', 'private'],
      ['fd12:3456:789a::1', 'private'],
      ['fec0::1', 'private'],
      ['100.64.0.1', 'shared carrier-grade NAT space'],
      ['100.127.255.255', 'shared carrier-grade NAT space'],
      ['169.254.169.254', 'link-local'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fe80::1%lo', 'link-local'],
      ['febf::1', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['::ffff:255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['::127.0.0.1', 'reserved'],
      ['localhost', 'not an IP address'],
      ['', 'not an IP address'],
    ];
    for (const [address, kind] of table) assert.equal(restrictedAddressKind(address), kind, address);
  });
});

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** A loopback HTTP server with one handler per path; `hits` counts the requests it answered. */
async function upstream(routes: Record<string, Handler>): Promise<{ base: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const handler = routes[(req.url ?? '').split('?')[0]];
    if (handler) handler(req, res, base);
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, server };
}

function redirect(to: string, status = 302): Handler {
  return (_req, res) => res.writeHead(status, { location: to }).end();
}

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof HttpError, String(e));
    return e;
  }
  assert.fail('expected an HttpError');
}

describe('fetchUploadUrl', () => {
  let up: Awaited<ReturnType<typeof upstream>>;
  let port = 0;
  const stalled: ServerResponse[] = [];
  before(async () => {
    up = await upstream({
      '/t.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/x-votable+xml' }).end(VOTABLE),
      '/gz.xml': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(VOTABLE)),
      '/big': (_req, res) => res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000)),
      '/big-chunked': (_req, res) => {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
        res.end();
      },
      '/one': redirect('/two', 301),
      '/two': (_req, res, base) => res.writeHead(307, { location: `${base}/t.xml` }).end(),
      '/to-localhost': (_req, res) => res.writeHead(302, { location: `http://localhost:${port}/t.xml` }).end(),
      '/loop': redirect('/loop'),
      '/ftp': redirect('ftp://example.org/t.xml'),
      '/error': (_req, res) => res.writeHead(500).end('broken'),
      '/stall': (_req, res) => {
        res.writeHead(200);
        res.write('<?xml');
        stalled.push(res);
      },
    });
    port = Number(new URL(up.base).port);
  });
  after(async () => {
    for (const res of stalled) res.destroy();
    up.server.closeAllConnections();
    await new Promise((resolve) => up.server.close(resolve));
  });

  test('refuses loopback URLs by default, before connecting, naming the address and the config key', async () => {
    const before = up.hits.length;
    const e = await refusal(fetchUploadUrl('t', `${up.base}/t.xml`, { maxBytes: 1 << 20 }));
    assert.equal(e.code, 'TAP_BAD_UPLOAD');
    assert.equal(
      e.message,
      `UPLOAD t: ${up.base}/t.xml is refused: its address 127.0.0.1 is loopback; ` +
        'an operator can allow private addresses with tapUploadAllowPrivateUrls',
    );
    // Other spellings of loopback: the WHATWG URL parser's IPv4 forms, IPv6, IPv4-mapped IPv6.
    for (const [host, address] of [
      [`2130706433:${port}`, '127.0.0.1'],
      [`0x7f.1:${port}`, '127.0.0.1'],
      [`[::1]:${port}`, '::1'],
      [`[::ffff:127.0.0.1]:${port}`, '::ffff:7f00:1'],
      [`0.0.0.0:${port}`, '0.0.0.0'],
    ]) {
      const r = await refusal(fetchUploadUrl('t', `http://${host}/t.xml`, { maxBytes: 1 << 20 }));
      assert.match(r.message, new RegExp(`is refused: its address ${address.replace(/\./g, '\\.')} is `), r.message);
    }
    // A host name: every address it resolves to is checked in the socket's lookup, before any connection.
    const byName = await refusal(fetchUploadUrl('t', `http://localhost:${port}/t.xml`, { maxBytes: 1 << 20 }));
    assert.match(
      byName.message,
      new RegExp(
        `^UPLOAD t: http://localhost:${port}/t\\.xml is refused: localhost resolves to (127\\.0\\.0\\.1|::1), ` +
          'which is loopback; an operator can allow private addresses with tapUploadAllowPrivateUrls$',
      ),
    );
    assert.equal(up.hits.length, before, 'no request reached the server');
  });

  test('checks every redirect hop the same way', async () => {
    // The first address checked is let through, every later one refused: the hop to localhost must be checked.
    const checked: string[] = [];
    const firstOnly = (address: string) => (checked.push(address) === 1 ? undefined : 'loopback');
    const e = await refusal(fetchUploadUrl('t', `${up.base}/to-localhost`, { maxBytes: 1 << 20, check: firstOnly }));
    assert.match(
      e.message,
      new RegExp(
        `^UPLOAD t: ${up.base}/to-localhost \\(redirected to http://localhost:${port}/t\\.xml\\) is refused: ` +
          'localhost resolves to (127\\.0\\.0\\.1|::1), which is loopback',
      ),
    );
    assert.equal(checked[0], '127.0.0.1');
    assert.ok(checked.length >= 2, String(checked));
    // A redirect to another scheme is refused whatever the addresses.
    const ftp = await refusal(fetchUploadUrl('t', `${up.base}/ftp`, { maxBytes: 1 << 20, allowPrivateUrls: true }));
    assert.equal(
      ftp.message,
      `UPLOAD t: ${up.base}/ftp (redirected to ftp://example.org/t.xml) is refused: only http and https URLs are fetched`,
    );
  });

  test('with private URLs allowed: fetches, follows up to 5 redirects, reports HTTP errors', async () => {
    const allowed = { maxBytes: 1 << 20, allowPrivateUrls: true };
    assert.equal((await fetchUploadUrl('t', `${up.base}/t.xml`, allowed)).toString(), VOTABLE);
    assert.equal((await fetchUploadUrl('t', `http://localhost:${port}/t.xml`, allowed)).toString(), VOTABLE);
    assert.equal((await fetchUploadUrl('t', `${up.base}/one`, allowed)).toString(), VOTABLE);
    assert.equal((await fetchUploadUrl('t', `${up.base}/gz.xml`, allowed)).toString(), VOTABLE);
    const loop = await refusal(fetchUploadUrl('t', `${up.base}/loop`, allowed));
    assert.equal(loop.message, `UPLOAD t: ${up.base}/loop redirected more than 5 times`);
    const missing = await refusal(fetchUploadUrl('t', `${up.base}/absent`, allowed));
    assert.equal(missing.message, `UPLOAD t: ${up.base}/absent answered HTTP 404`);
    const broken = await refusal(fetchUploadUrl('t', `${up.base}/error`, allowed));
    assert.equal(broken.message, `UPLOAD t: ${up.base}/error answered HTTP 500`);
  });

  test('keeps the size limit (declared or streamed) and the timeout', async () => {
    for (const path of ['/big', '/big-chunked']) {
      const e = await refusal(fetchUploadUrl('t', `${up.base}${path}`, { maxBytes: 4096, allowPrivateUrls: true }));
      assert.equal(e.code, 'TAP_UPLOAD_TOO_LARGE');
      assert.equal(e.message, "UPLOAD t is larger than this service's upload limit of 4096 bytes");
    }
    const slow = await refusal(
      fetchUploadUrl('t', `${up.base}/stall`, { maxBytes: 4096, allowPrivateUrls: true, timeoutMs: 300 }),
    );
    assert.equal(slow.message, `UPLOAD t: cannot fetch ${up.base}/stall: no complete answer within 0.3 s`);
  });

  test('uploadBytes passes UploadLimits.allowPrivateUrls down (absent: refused)', async () => {
    const spec = { name: 'u', uri: `${up.base}/t.xml` };
    const inline = async () => null;
    const e = await refusal(uploadBytes(spec, inline, { maxBytes: 1 << 20, maxRows: 10 }));
    assert.match(e.message, /^UPLOAD u: .* is refused: its address 127\.0\.0\.1 is loopback/);
    const bytes = await uploadBytes(spec, inline, { maxBytes: 1 << 20, maxRows: 10, allowPrivateUrls: true });
    assert.equal(bytes.toString(), VOTABLE);
  });
});

describe('TAP sync with UPLOAD=name,<loopback URL>', () => {
  test('400 with the refusal by default; the join runs with tapUploadAllowPrivateUrls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obscura-upload-fetch-'));
    const up = await upstream({
      '/t.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/x-votable+xml' }).end(VOTABLE),
    });
    try {
      const fixture = await buildFixture(dir);
      const query = (url: string) =>
        fetch(`${url}/tap/sync`, {
          method: 'POST',
          body: new URLSearchParams({
            LANG: 'ADQL',
            RESPONSEFORMAT: 'votable/td',
            QUERY:
              'SELECT u.want, o.obs_collection FROM TAP_UPLOAD.mine AS u JOIN ivoa.obscore AS o ON o.obs_id = u.want',
            UPLOAD: `mine,${up.base}/t.xml`,
          }),
        });
      for (const allow of [false, true]) {
        const server = await startServer(
          { ...fixture.config, tapUploadAllowPrivateUrls: allow },
          { handleSignals: false },
        );
        try {
          const r = await query(server.url);
          const doc = await readVOTable(Buffer.from(await r.arrayBuffer()));
          if (allow) {
            assert.equal(r.status, 200);
            assert.deepEqual(doc.rows[0], [['T10t01', 'vlass']]);
          } else {
            assert.equal(r.status, 400);
            assert.equal(
              doc.queryStatusMessage,
              `UPLOAD mine: ${up.base}/t.xml is refused: its address 127.0.0.1 is loopback; ` +
                'an operator can allow private addresses with tapUploadAllowPrivateUrls',
            );
          }
        } finally {
          await server.close();
        }
      }
      assert.deepEqual(up.hits, ['/t.xml'], 'fetched once, by the server that allows it');
    } finally {
      up.server.closeAllConnections();
      await new Promise((resolve) => up.server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
