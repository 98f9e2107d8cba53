// DataLink and SODA on a PostgreSQL + pgSphere archive (the production backend): the product and file lookups use
// dialect placeholders and IN lists, release dates come back as Date objects; the answers must equal SQLite's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import { openDemoServer } from './demo-fixture.ts';

describe('DataLink and SODA on PostgreSQL + pgSphere', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
  timeout: 300_000,
}, () => {
  let cluster: PostgresCluster;
  let demo: Awaited<ReturnType<typeof openDemoServer>>;
  before(async () => {
    cluster = await startPostgres();
    demo = await openDemoServer({ databaseUrl: cluster.url });
  });
  after(async () => {
    await demo?.close();
    await cluster?.stop();
  });

  it('answers links, cutouts and refusals as on SQLite', async () => {
    const m82 = [...demo.ids.values()].find((d) => d.includes('VLASS1.2.ql.T28t06')) as string;
    const body = new URLSearchParams([
      ['ID', m82],
      ['ID', demo.proprietaryId],
      ['ID', 'ivo://nowhere/x?y'],
    ]);
    const text = await (await fetch(`${demo.url}/datalink/links`, { method: 'POST', body })).text();
    const rows = [...text.matchAll(/<TR>(.*?)<\/TR>/g)].map((m) =>
      [...m[1].matchAll(/<TD>(.*?)<\/TD>|<TD\/>/g)].map((c) => c[1] ?? null),
    );
    const semantics = (id: string) => rows.filter((r) => r[0] === id).map((r) => r[5]);
    assert.deepEqual(semantics(m82), [
      '#this',
      '#auxiliary',
      '#preview',
      '#thumbnail',
      '#cutout',
      '#cutout',
      '#package',
    ]);
    assert.ok(rows.filter((r) => r[0] === demo.proprietaryId).every((r) => r[11] === 'false'));
    assert.match(rows.find((r) => r[0] === 'ivo://nowhere/x?y')?.[3] ?? '', /^NotFoundFault: /);
    const cut = await fetch(
      `${demo.url}/soda/sync?ID=${encodeURIComponent(m82)}&CIRCLE=${encodeURIComponent('148.9684583 69.6797028 0.02')}`,
    );
    assert.equal(cut.status, 200);
    const bytes = Buffer.from(await cut.arrayBuffer());
    assert.equal(bytes.length, Number(cut.headers.get('content-length')));
    assert.match(bytes.toString('latin1', 0, 2880), /NAXIS1 {2}=\s+145/);
    const refused = await fetch(`${demo.url}/soda/sync?ID=${encodeURIComponent(demo.proprietaryId)}`);
    assert.equal(refused.status, 401);
    assert.match(await refused.text(), /^AuthenticationError: .* proprietary until its release on 2999-01-01/);
  });
});
