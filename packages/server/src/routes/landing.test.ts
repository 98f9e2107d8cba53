import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LandingInfo } from '../landing-data.ts';
import { withFixtureServer } from '../test-fixture.ts';
import { acceptQuality } from './landing.ts';

describe('acceptQuality (RFC 9110 §12.5.1)', () => {
  it('takes the most specific matching media range', () => {
    assert.equal(acceptQuality('application/json', 'application/json'), 1);
    assert.equal(acceptQuality('text/html,application/json;q=0.9', 'application/json'), 0.9);
    assert.equal(acceptQuality('*/*;q=0.1, application/*;q=0.5', 'application/json'), 0.5);
    assert.equal(acceptQuality('application/json;q=0, */*', 'application/json'), 0);
    assert.equal(acceptQuality(undefined, 'text/html'), 1);
    assert.equal(acceptQuality('image/png', 'text/html'), 0);
  });
});

describe('landing page', () => {
  it('lists collections with counts by dataproduct_type, catalogues and services as JSON', () =>
    withFixtureServer(async (s) => {
      const r = await fetch(`${s.url}/`, { headers: { accept: 'application/json' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.headers.get('vary'), 'Accept');
      const info = (await r.json()) as LandingInfo;
      assert.deepEqual(info.archive, { name: 'Test <Archive>', authority: 'obscura.test', baseUrl: null });
      assert.deepEqual(
        info.collections.map((c: { name: string; products: number; byType: object }) => [c.name, c.products, c.byType]),
        [
          ['racs', 5, { cube: 1, image: 4 }],
          ['vla', 2, { visibility: 2 }],
          ['vlass', 2, { image: 2 }],
        ],
      );
      assert.equal(info.collections[2].title, 'VLASS <Quick Look> & more');
      assert.deepEqual(info.catalogues, [
        {
          table: 'vlass.components',
          description: 'VLASS-like <component> catalogue',
          columns: 3,
          scs: '/scs/vlass.components',
        },
      ]);
      const status = Object.fromEntries(info.services.map((x: { name: string; status: string }) => [x.name, x.status]));
      assert.equal(status.files, 'available');
      assert.equal(status.landing, 'available');
      assert.equal(status.health, 'available');
      assert.equal(status.tap, 'available');
      assert.equal(status.sia, 'available');
      // ?format=json works without an Accept header.
      assert.deepEqual(await (await fetch(`${s.url}/?format=json`)).json(), info);
    }));

  it('renders the same as escaped HTML', () =>
    withFixtureServer(async (s) => {
      const r = await fetch(`${s.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      const page = await r.text();
      assert.match(page, /<title>Test &lt;Archive&gt;<\/title>/);
      assert.ok(!page.includes('<Archive>') && !page.includes('<Quick Look>') && !page.includes('<component>'));
      assert.match(page, /VLASS &lt;Quick Look&gt; &amp; more/);
      assert.match(page, /<code>racs<\/code>/);
      assert.match(page, /<li>cube: 1<\/li><li>image: 4<\/li>/);
      assert.match(page, /<li>visibility: 2<\/li>/);
      assert.match(page, /<code>vlass\.components<\/code>/);
      assert.match(page, /<tr class="available"><td><code><a href="\/health">\/health<\/a><\/code>/);
      assert.match(page, /<tr class="available"><td><code><a href="\/tap">\/tap<\/a><\/code><\/td><td>tap<\/td>/);
    }));

  it('reflects new ingests once the cache expires (landingCacheSeconds 0 here)', () =>
    withFixtureServer(async (s) => {
      await s.db.upsert('ivoa.obscore', [
        { obs_publisher_did: 'ivo://obscura.test/new?1', obs_collection: 'new', obs_id: '1', calib_level: 1 },
      ]);
      const info = (await (await fetch(`${s.url}/?format=json`)).json()) as LandingInfo;
      const added = info.collections.find((c: { name: string }) => c.name === 'new');
      assert.deepEqual(added?.byType, { '(none)': 1 });
    }));
});
