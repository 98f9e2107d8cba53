// Bulk cutouts on a PostgreSQL + pgSphere archive (the production backend): the HEALPix range seeks take bigint
// parameters as text there, release dates come back as Date objects, and QUERY runs through the pgSphere
// translation; the manifests must equal SQLite's for the same jobs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import { DaliParams } from '../dali-params.ts';
import { type BulkArchive, fixtureSources, openBulkArchive, sourcesCsv } from './bulk-fixture.ts';
import { runBulkJob } from './bulk-job.ts';
import { parseBulkParams } from './bulk-params.ts';
import type { ManifestRow } from './manifest.ts';

async function manifestOf(archive: BulkArchive, name: string, pairs: [string, string][], part?: string) {
  const directory = join(archive.root, name);
  mkdirSync(directory, { recursive: true });
  const { manifest } = await runBulkJob(parseBulkParams(new DaliParams(pairs)), {
    execute: archive.execute,
    server: archive.server,
    directory,
    readPart: async () => (part === undefined ? null : Buffer.from(part)),
    user: undefined,
  });
  return manifest;
}

describe('bulk cutouts on PostgreSQL + pgSphere', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
  timeout: 300_000,
}, () => {
  let cluster: PostgresCluster;
  let pg: BulkArchive;
  let lite: BulkArchive;
  before(async () => {
    cluster = await startPostgres();
    pg = await openBulkArchive({ databaseUrl: cluster.url });
    lite = await openBulkArchive();
  });
  after(async () => {
    await pg?.close();
    await lite?.close();
    await cluster?.stop();
  });

  it('a 200-source list and an ADQL job give the same manifests as on SQLite', async () => {
    const list = sourcesCsv(fixtureSources(pg.demoDir), 0.01);
    const jobs: [string, [string, string][], string | undefined][] = [
      ['list', [['UPLOAD', 's,param:p']], list],
      [
        'best',
        [
          ['UPLOAD', 's,param:p'],
          ['SELECT', 'best'],
          ['FREQ', '3e9'],
        ],
        list,
      ],
      [
        'query',
        [
          ['QUERY', "SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_collection IN ('VLASS', 'optical')"],
          ['CIRCLE', '148.9684583 69.6797028 0.01'],
        ],
        undefined,
      ],
    ];
    for (const [name, pairs, part] of jobs) {
      const a: ManifestRow[] = await manifestOf(pg, name, pairs, part);
      const b: ManifestRow[] = await manifestOf(lite, name, pairs, part);
      assert.ok(
        a.some((r) => r.status === 'ok'),
        name,
      );
      assert.deepEqual(a, b, name);
    }
  });
});
