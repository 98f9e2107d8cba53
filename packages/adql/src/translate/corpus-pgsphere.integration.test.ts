// The corpus cases that give an expected PostgreSQL + pgSphere translation (queryparser adql_postgresql_tests,
// VOLLT TestPgSphereTranslator): the expected SQL and ours run on a fixture table with the columns they use and
// must return the same rows (semantic, not textual, equality).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import type pg from 'pg';
import type { CatalogTable } from '../catalog.ts';
import { readAdqlCorpus } from '../corpus-cases.ts';
import { normaliseRows, postgresFixture } from './fixtures.ts';
import { toPostgres } from './index.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 + pgSphere not installed';

const tab = (schema: string): CatalogTable => ({
  schema,
  name: 'tab',
  spatialIndex: { ra: 'ra', dec: 'dec' },
  columns: [
    { name: 'ra', datatype: 'double', unit: 'deg' },
    { name: 'dec', datatype: 'double', unit: 'deg' },
  ],
});
const TABLES = [tab('db'), tab('test')];
// A grid around the shapes the cases use (near (-3, 4), inside the polygons and boxes, far away): 8 rows or fewer
// per query so `LIMIT 10` never cuts a result.
const ROWS = [
  [-3, 4],
  [-2.5, 4.5],
  [357.5, 6],
  [-4.5, 8],
  [15, 5],
  [0.3, 0.2],
  [120, -40],
  [0.01, 0.02],
].map(([ra, dec]) => ({ ra: ra < 0 ? ra + 360 : ra, dec }));

/** Cases whose expected SQL needs a function no pgSphere has (their own output helpers): the reason. */
const SKIPPED: Record<string, string> = {
  'adql_postgresql_tests[8]': 'spoly_to_array_deg is a queryparser helper that pgSphere does not have',
  'adql_postgresql_tests[21]':
    "the expected SQL does not run on pgSphere 1.2: 'operator is not unique: spoint !&& spoly'",
  'adql_postgresql_tests[22]':
    "the expected SQL does not run on pgSphere 1.2: 'operator is not unique: spoint !&& spoly'",
};

let cluster: PostgresCluster;
let client: pg.Client;
before(async () => {
  if (skip) return;
  cluster = await startPostgres();
  client = await postgresFixture(
    cluster.url,
    TABLES.map((table) => ({ table, rows: ROWS })),
  );
  // queryparser's expected SQL calls these helpers of its own (queryparser README): defined here from pgSphere.
  await client.query(`
    CREATE FUNCTION square_degrees(sr double precision) RETURNS double precision LANGUAGE sql AS $$ SELECT degrees(degrees(sr)) $$;
    CREATE FUNCTION spoint_to_array_deg(p spoint) RETURNS double precision[] LANGUAGE sql AS $$ SELECT ARRAY[degrees(long(p)), degrees(lat(p))] $$;
    CREATE FUNCTION scircle_to_array_deg(c scircle) RETURNS double precision[] LANGUAGE sql AS $$ SELECT ARRAY[degrees(long(center(c))), degrees(lat(center(c))), degrees(radius(c))] $$;
  `);
});
after(async () => {
  await client?.end();
  await cluster?.stop();
});

test('corpus: expected pgSphere translations and ours return the same rows on PostgreSQL + pgSphere', {
  skip,
}, async () => {
  const cases = readAdqlCorpus().filter(
    (c) =>
      (c.origin === 'queryparser' && c.id.startsWith('adql_postgresql_tests')) ||
      (c.origin === 'vollt' && c.id.startsWith('TestPgSphereTranslator')),
  ) as (ReturnType<typeof readAdqlCorpus>[0] & { expected_translation: string })[];
  const counts = { same: 0, skipped: 0, differ: [] as string[] };
  for (const c of cases) {
    if (SKIPPED[c.id]) {
      counts.skipped++;
      continue;
    }
    const adql = c.query.startsWith('WHERE') ? `SELECT ra, dec FROM db.tab ${c.query}` : c.query;
    const expected = c.query.startsWith('WHERE')
      ? `SELECT ra, dec FROM db.tab WHERE ${c.expected_translation}`
      : c.expected_translation;
    const ours = toPostgres(adql, { tables: TABLES });
    assert.ok(ours.ok, `${c.id}: ${JSON.stringify(!ours.ok && ours.diagnostics)}`);
    const run = async (q: string) => {
      try {
        return normaliseRows((await client.query(q)).rows.map(flatten)).sort();
      } catch (e) {
        return [`error: ${(e as Error).message}`]; // e.g. pgSphere refuses circles wider than 90°
      }
    };
    const a = await run(expected);
    const b = await run(ours.sql);
    if (JSON.stringify(a) === JSON.stringify(b)) counts.same++;
    else counts.differ.push(`${c.id}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  console.log(
    `corpus pgSphere: ${cases.length} cases, ${counts.same} same rows, ${counts.skipped} skipped`,
    counts.differ,
  );
  assert.deepEqual(counts.differ, DIFFER_EXPECTED);
  assert.equal(counts.same + counts.skipped + DIFFER_EXPECTED.length, cases.length);
});

/** Arrays and DALI strings compare as flat number lists. */
function flatten(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = Array.isArray(v) ? v.join(' ') : v;
  return out;
}

const DIFFER_EXPECTED: string[] = [];
