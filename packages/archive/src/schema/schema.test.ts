import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { createTableStatements } from '../ddl.ts';
import { postgresDialect, sqliteDialect } from '../dialect.ts';
import { catalogueTable } from './catalogue.ts';
import { CORE_SCHEMAS, CORE_TABLES } from './index.ts';
import { OBSCORE_MANDATORY, OBSCORE_OPTIONAL, OBSCORE_TABLE } from './obscore.ts';
import { OBSCORE_RADIO_TABLE } from './obscore-radio.ts';
import { tapSchemaRows } from './tap-schema-rows.ts';

/** Minimal CSV line splitter with quotes (the corpus file quotes fields containing commas). */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

test('ivoa.obscore has the 30 mandatory and 30 optional ObsCore 1.1 columns, all std, with utype and UCD', () => {
  assert.equal(OBSCORE_MANDATORY.length, 30);
  assert.equal(OBSCORE_OPTIONAL.length, 30);
  const names = OBSCORE_TABLE.columns.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  for (const c of [...OBSCORE_MANDATORY, ...OBSCORE_OPTIONAL]) {
    assert.ok(c.std && c.utype?.startsWith('obscore:') && c.ucd, c.name);
  }
  for (const n of ['obs_creator_did', 'obs_title', 'obs_release_date', 'proposal_id', 'em_res_power_max']) {
    assert.ok(names.includes(n), n);
  }
});

test("ivoa.obscore has every column of NRAO's ObsCore service that ObsCore 1.1 defines, and freq_min/freq_max", () => {
  // astroquery's nrao-empty.txt: the header line of NRAO's TAP ivoa.obscore (41 columns, some NRAO-specific).
  const header = readFileSync(corpusPath('astroquery', 'astroquery', 'nrao', 'tests', 'data', 'nrao-empty.txt'), 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/);
  assert.equal(header.length, 41);
  const ours = new Set(OBSCORE_TABLE.columns.map((c) => c.name));
  const shared = header.filter((h) => ours.has(h));
  // NRAO-only columns (num_antennas, spw_names, project_code, ...) are not ObsCore; everything else must be ours.
  assert.deepEqual(
    header.filter((h) => !ours.has(h)),
    [
      'configuration',
      'num_antennas',
      'max_uv_dist',
      'spw_names',
      'center_frequencies',
      'bandwidths',
      'nums_channels',
      'spectral_resolutions',
      'aggregate_bandwidth',
      'scan_num',
      'project_code',
      'proprietary_status',
      'qa_notes',
    ],
  );
  assert.equal(shared.length, 28);
  assert.ok(shared.includes('freq_min') && shared.includes('freq_max'));
});

test('ivoa.obscore_radio: the 19 radio extension columns plus the join key; units and UCDs agree with the served draft', () => {
  const names = OBSCORE_RADIO_TABLE.columns.map((c) => c.name);
  assert.equal(names.length, 20);
  assert.equal(names[0], 'obs_publisher_did');
  // The corpus's column list of DaCHS's ivoa.obs_radio (draft of the same note): where names coincide, units and
  // UCDs must agree (the draft writes "Khz" and puts spaces after some semicolons).
  const lines = readFileSync(corpusPath('obscore-radio', 'obs_radio_columns.csv'), 'utf8').trim().split('\n');
  const head = csvLine(lines[0]);
  const draft = lines.slice(1).map((l) => Object.fromEntries(csvLine(l).map((v, i) => [head[i], v])));
  assert.equal(draft.length, 22);
  let compared = 0;
  for (const d of draft) {
    const ours = OBSCORE_RADIO_TABLE.columns.find((c) => c.name === d.name);
    if (!ours) continue;
    compared++;
    assert.equal((ours.unit ?? '').toLowerCase(), d.unit.toLowerCase(), `${d.name} unit`);
    assert.equal(ours.ucd, d.ucd.replaceAll(' ', ''), `${d.name} ucd`);
  }
  assert.equal(compared, 11);
});

test('TAP_SCHEMA content: one row per published table and column, column_index from 1, keys with their columns', () => {
  const rows = tapSchemaRows(CORE_TABLES, CORE_SCHEMAS);
  assert.deepEqual(
    rows.schemas.map((s) => s.schema_name),
    ['ivoa', 'TAP_SCHEMA'],
  );
  assert.equal(rows.tables.length, 7);
  const published = CORE_TABLES.filter((t) => t.published);
  assert.equal(
    rows.columns.length,
    published.reduce((n, t) => n + t.columns.length, 0),
  );
  const obscore = rows.columns.filter((c) => c.table_name === 'ivoa.obscore');
  assert.deepEqual(
    obscore.map((c) => c.column_index),
    obscore.map((_, i) => i + 1),
  );
  // The radio extension's key, then TAP 1.1 §4's keys between the TAP_SCHEMA tables themselves.
  assert.deepEqual(
    rows.keys.map((k) => `${k.from_table} -> ${k.target_table}`),
    [
      'ivoa.obscore_radio -> ivoa.obscore',
      'TAP_SCHEMA.tables -> TAP_SCHEMA.schemas',
      'TAP_SCHEMA.columns -> TAP_SCHEMA.tables',
      'TAP_SCHEMA.keys -> TAP_SCHEMA.tables',
      'TAP_SCHEMA.keys -> TAP_SCHEMA.tables',
      'TAP_SCHEMA.key_columns -> TAP_SCHEMA.keys',
    ],
  );
  assert.equal(rows.key_columns[0].from_column, 'obs_publisher_did');
  // TAP 1.1 §4.3: a reserved word is delimited in column_name; size follows arraysize n / n*.
  const size = rows.columns.find((c) => c.table_name === 'TAP_SCHEMA.columns' && c.column_name === '"size"');
  assert.ok(size, 'TAP_SCHEMA.columns."size" is delimited');
  const region = obscore.find((c) => c.column_name === 's_region')!;
  // ObsCore 1.1 §4.7: s_region is adql:REGION (char, STC-S text), with no unit (TAP 1.1 §4.3 datatype + xtype).
  assert.deepEqual(
    [region.datatype, region.arraysize, region.xtype, region.unit ?? null],
    ['char', '*', 'adql:REGION', null],
  );
  const title = obscore.find((c) => c.column_name === 'obs_title')!;
  assert.equal(title.arraysize, '200*');
  assert.equal(title.size, 200);
});

test('DDL: PostgreSQL adds spoint/spoly columns with GiST indexes, SQLite the HEALPix index only', () => {
  const pg = createTableStatements(postgresDialect, OBSCORE_TABLE).join(';\n');
  assert.match(pg, /CREATE SCHEMA IF NOT EXISTS "ivoa"/);
  assert.match(pg, /"obscura_region" spoly/);
  assert.match(pg, /USING GIST \("obscura_pos"\)/);
  assert.match(pg, /USING GIST \("obscura_region"\)/);
  assert.match(pg, /"obscura_hpx" bigint/);
  const lite = createTableStatements(sqliteDialect, OBSCORE_TABLE).join(';\n');
  assert.match(lite, /CREATE TABLE IF NOT EXISTS "ivoa\.obscore"/);
  assert.match(lite, /"obscura_hpx" INTEGER/);
  assert.doesNotMatch(lite, /spoint|spoly|GIST/);
});

test('catalogue descriptions are checked, every problem reported at once', () => {
  assert.throws(
    () =>
      catalogueTable({
        table: 'ivoa.mine',
        description: 'x',
        primaryKey: 'id',
        ra: 'ra',
        dec: 'name',
        columns: [
          { name: 'name', type: 'VARCHAR', description: 'n' },
          { name: 'bad-name', type: 'DOUBLE', description: 'b' },
        ],
      }),
    (e: Error) =>
      /reserved/.test(e.message) &&
      /bad-name/.test(e.message) &&
      /primary key column "id"/.test(e.message) &&
      /ra column "ra"/.test(e.message) &&
      /dec column "name" is not numeric/.test(e.message),
  );
});
