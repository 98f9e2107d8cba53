// The landing page and /files against a PostgreSQL + pgSphere archive (the production backend): the same SQL
// (dialect placeholders, joins over obscura.files / ivoa.obscore / obscura.collections) must work there too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import type { LandingInfo } from './landing-data.ts';
import { rawRequest, withFixtureServer } from './test-fixture.ts';

describe('server on PostgreSQL + pgSphere', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
}, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster?.stop());

  it('lists collections and serves ranges and refusals as on SQLite', () =>
    withFixtureServer(
      async (s, f) => {
        const info = (await (await fetch(`${s.url}/?format=json`)).json()) as LandingInfo;
        assert.deepEqual(
          info.collections.map((c) => [c.name, c.products, c.byType]),
          [
            ['racs', 5, { cube: 1, image: 4 }],
            ['vla', 2, { visibility: 2 }],
            ['vlass', 2, { image: 2 }],
          ],
        );
        assert.deepEqual(
          info.catalogues.map((c) => c.table),
          ['vlass.components'],
        );
        const r = await rawRequest(s.url, '/files/vlass/epoch1/T10t01.fits', { headers: { range: 'bytes=-100' } });
        assert.equal(r.status, 206);
        assert.ok(r.body.equals(f.imageBytes.subarray(f.imageBytes.length - 100)));
        // Proprietary to an anonymous request: 401 with the bearer challenge (RFC 6750 §3), as on SQLite.
        const embargoed = await rawRequest(s.url, '/files/vlass/epoch1/T10t02.fits');
        assert.equal(embargoed.status, 401);
        assert.match(String(embargoed.headers['www-authenticate']), /^Bearer /);
        assert.equal((await rawRequest(s.url, '/files/racs/escape.fits')).status, 403);
        assert.equal((await rawRequest(s.url, '/files/vlass/epoch1/unregistered.fits')).status, 404);
      },
      { databaseUrl: cluster.url },
    ));
});
