import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest, withFixtureServer } from '../test-fixture.ts';

test('/sky serves the page, its script and the aladin-lite bundle from fixed names only', async () => {
  await withFixtureServer(async (server) => {
    const page = await fetch(`${server.url}/sky?target=M82`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /<script type="module" src="\/sky\/sky.js">/);

    const js = await fetch(`${server.url}/sky/sky.js`);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(await js.text(), /from '\/vendor\/aladin-lite\/aladin.js'/);

    const aladin = await fetch(`${server.url}/vendor/aladin-lite/aladin.js`);
    assert.equal(aladin.status, 200);
    assert.match(aladin.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.ok(Number(aladin.headers.get('content-length')) > 1_000_000);
    const etag = aladin.headers.get('etag')!;
    await aladin.arrayBuffer();
    const again = await fetch(`${server.url}/vendor/aladin-lite/aladin.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);

    // Only the table's names: no other file of the web package, no traversal.
    for (const path of ['/sky/index.ts', '/sky/sky.integration.test.ts', '/sky/..%2Fpackage.json', '/sky/../app.ts']) {
      const r = await rawRequest(server.url, path);
      assert.equal(r.status, 404, path);
      assert.match(String(r.headers['content-type']), /^text\/plain/, path);
    }

    const landing = (await (await fetch(`${server.url}/?format=json`)).json()) as {
      services: Array<{ name: string; status: string }>;
    };
    assert.equal(landing.services.find((s) => s.name === 'sky')?.status, 'available');
  });
});
