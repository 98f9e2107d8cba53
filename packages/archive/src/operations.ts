// What both backends do the same way, written once against the Database interface: migrations, the table
// registry (fixed tables + catalogues), TAP_SCHEMA content, bulk insert/upsert.
import type { Database, Row } from './database.ts';
import { createTableStatements } from './ddl.ts';
import { MIGRATIONS } from './migrations.ts';
import { type CatalogueDescription, catalogueTable } from './schema/catalogue.ts';
import { CATALOGUES_TABLE, CORE_SCHEMAS, CORE_TABLES, SCHEMA_VERSION_TABLE } from './schema/index.ts';
import { TAP_SCHEMA_TABLE_DEFS } from './schema/tap-schema.ts';
import { tapSchemaRows } from './schema/tap-schema-rows.ts';
import { qualifiedName, type TableDef } from './schema/types.ts';
import { toParam } from './values.ts';

// pg_advisory_xact_lock key so that two processes migrating one PostgreSQL database take turns.
const MIGRATION_LOCK = 7_405_012_345;

export async function migrate(db: Database): Promise<number> {
  return db.withTransaction(async (tx) => {
    const d = tx.dialect;
    if (d.name === 'postgres') {
      await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run('CREATE EXTENSION IF NOT EXISTS pg_sphere');
    }
    for (const s of createTableStatements(d, SCHEMA_VERSION_TABLE)) await tx.run(s);
    const vt = d.table(SCHEMA_VERSION_TABLE);
    const [{ v }] = await tx.all<{ v: number | null }>(`SELECT MAX(${d.quote('version')}) AS v FROM ${vt}`);
    let current = v ?? 0;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      for (const s of m.statements(d)) await tx.run(s);
      await tx.run(
        `INSERT INTO ${vt} (${['version', 'applied_at', 'description'].map(d.quote).join(', ')}) VALUES (${[1, 2, 3]
          .map((i) => d.param(i))
          .join(', ')})`,
        [m.version, new Date().toISOString().replace(/Z$/, ''), m.description],
      );
      current = m.version;
    }
    await refreshTapSchema(tx);
    return current;
  });
}

export async function schemaVersion(db: Database): Promise<number> {
  const d = db.dialect;
  const [{ v }] = await db.all<{ v: number | null }>(
    `SELECT MAX(${d.quote('version')}) AS v FROM ${d.table(SCHEMA_VERSION_TABLE)}`,
  );
  return v ?? 0;
}

export async function catalogueTables(db: Database): Promise<TableDef[]> {
  const d = db.dialect;
  const rows = await db.all<{ definition: string }>(
    `SELECT ${d.quote('definition')} FROM ${d.table(CATALOGUES_TABLE)} ORDER BY ${d.quote('table_name')}`,
  );
  return rows.map((r) => JSON.parse(r.definition) as TableDef);
}

export async function allTables(db: Database): Promise<TableDef[]> {
  return [...CORE_TABLES, ...(await catalogueTables(db))];
}

export async function findTable(db: Database, name: string): Promise<TableDef> {
  const lower = name.toLowerCase();
  const core = CORE_TABLES.find((t) => qualifiedName(t).toLowerCase() === lower);
  if (core) return core;
  const d = db.dialect;
  const rows = await db.all<{ definition: string }>(
    `SELECT ${d.quote('definition')} FROM ${d.table(CATALOGUES_TABLE)} WHERE lower(${d.quote('table_name')}) = ${d.param(1)}`,
    [lower],
  );
  if (rows.length === 0) throw new Error(`no table ${name} in the archive (known: ivoa.obscore, catalogues, ...)`);
  return JSON.parse(rows[0].definition) as TableDef;
}

/** Rewrites every TAP_SCHEMA row from the declarative descriptions (fixed tables + catalogues). */
export async function refreshTapSchema(db: Database): Promise<void> {
  const tables = (await allTables(db)).filter((t) => t.published);
  const content = tapSchemaRows(tables, CORE_SCHEMAS);
  const d = db.dialect;
  // Delete in key order (key_columns before keys) and insert parents first.
  for (const t of [...TAP_SCHEMA_TABLE_DEFS].reverse()) await db.run(`DELETE FROM ${d.table(t)}`);
  for (const t of TAP_SCHEMA_TABLE_DEFS) {
    await insertRows(db, t, content[t.name as keyof typeof content] as Row[], false);
  }
}

export async function createCatalogue(db: Database, description: CatalogueDescription): Promise<TableDef> {
  const def = catalogueTable(description);
  const name = qualifiedName(def);
  return db.withTransaction(async (tx) => {
    const d = tx.dialect;
    const existing = await tx.all<{ definition: string }>(
      `SELECT ${d.quote('definition')} FROM ${d.table(CATALOGUES_TABLE)} WHERE ${d.quote('table_name')} = ${d.param(1)}`,
      [name],
    );
    if (existing.length) {
      const old = JSON.parse(existing[0].definition) as TableDef;
      const shape = (t: TableDef) => JSON.stringify([t.columns.map((c) => [c.name, c.type, c.size]), t.primaryKey]);
      if (shape(old) !== shape(def)) {
        throw new Error(`catalogue ${name} exists with different columns; drop it before loading the new layout`);
      }
    }
    for (const s of createTableStatements(d, def)) await tx.run(s);
    await insertRows(
      tx,
      CATALOGUES_TABLE,
      [{ table_name: name, definition: JSON.stringify(def), updated_at: new Date() }],
      true,
    );
    await refreshTapSchema(tx);
    return def;
  });
}

/**
 * Drops a catalogue table (or a registered view) and its TAP_SCHEMA description. Dropping a table first drops the
 * registered views (tableType 'view', e.g. the server's VLASS × RACS spectral-index view): PostgreSQL refuses to
 * drop a table a view depends on, and a view over a missing table would stay listed; the server re-creates its
 * views at start when their tables exist.
 */
export async function dropCatalogue(db: Database, name: string): Promise<void> {
  const def = await findTable(db, name);
  if (CORE_TABLES.includes(def)) throw new Error(`${name} is not a catalogue`);
  await db.withTransaction(async (tx) => {
    const d = tx.dialect;
    const unregister = (t: TableDef) =>
      tx.run(`DELETE FROM ${d.table(CATALOGUES_TABLE)} WHERE ${d.quote('table_name')} = ${d.param(1)}`, [
        qualifiedName(t),
      ]);
    if (def.tableType !== 'view') {
      for (const view of (await catalogueTables(tx)).filter((t) => t.tableType === 'view')) {
        await tx.run(`DROP VIEW IF EXISTS ${d.table(view)}`);
        await unregister(view);
      }
    }
    await tx.run(`DROP ${def.tableType === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${d.table(def)}`);
    await unregister(def);
    await refreshTapSchema(tx);
  });
}

/** The INSERT (or upsert) statement for a set of columns; `rowsPerStatement` VALUES tuples. */
export function insertStatement(
  db: Database,
  t: TableDef,
  columns: string[],
  casts: (string | undefined)[],
  upsert: boolean,
  rowsPerStatement = 1,
): string {
  const d = db.dialect;
  const n = columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rowsPerStatement; r++) {
    tuples.push(`(${columns.map((_, i) => d.param(r * n + i + 1, casts[i])).join(', ')})`);
  }
  let sql = `INSERT INTO ${d.table(t)} (${columns.map(d.quote).join(', ')}) VALUES ${tuples.join(', ')}`;
  if (upsert) {
    const keys = t.primaryKey.map(d.quote).join(', ');
    const updates = columns.filter((c) => !t.primaryKey.includes(c));
    sql += updates.length
      ? ` ON CONFLICT (${keys}) DO UPDATE SET ${updates.map((c) => `${d.quote(c)} = excluded.${d.quote(c)}`).join(', ')}`
      : ` ON CONFLICT (${keys}) DO NOTHING`;
  }
  return sql;
}

// PostgreSQL accepts at most 65535 parameters per statement.
const MAX_PARAMS = 60_000;
const MAX_ROWS_PER_STATEMENT = 1000;
// SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32 (sqlite.org/limits.html §9).
const MAX_PARAMS_SQLITE = 32_000;

/**
 * Bulk insert/upsert in one transaction. The column list is the union of the rows' keys (absent values are NULL);
 * spatial index columns are computed from the row. Unknown keys are an error naming them.
 */
export async function insertRows(db: Database, t: TableDef, input: Iterable<Row>, upsert: boolean): Promise<number> {
  const rows = Array.isArray(input) ? (input as Row[]) : [...input];
  if (rows.length === 0) return 0;
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const present = new Set<string>();
  for (const r of rows) for (const k in r) present.add(k);
  const unknown = [...present].filter((k) => !byName.has(k));
  if (unknown.length) throw new Error(`${qualifiedName(t)} has no column(s) ${unknown.join(', ')}`);
  for (const k of t.primaryKey) if (!present.has(k)) throw new Error(`rows for ${qualifiedName(t)} lack key ${k}`);
  const columns = t.columns.filter((c) => present.has(c.name)).map((c) => c.name);
  const s = t.spatialIndex;
  const derived = db.dialect
    .derivedColumns(t)
    .filter(() => s && present.has(s.ra) && present.has(s.dec))
    .filter((x) => x.cast !== 'spoly' || (s?.region && present.has(s.region)));
  const names = [...columns, ...derived.map((x) => x.name)];
  const casts = [...columns.map(() => undefined), ...derived.map((x) => x.cast)];
  const dn = db.dialect.name;
  const params = (r: Row): unknown[] => [
    ...columns.map((c) => toParam(dn, byName.get(c), r[c])),
    ...derived.map((x) => x.compute(r)),
  ];
  // Multi-row VALUES statements: far fewer statement executions than one row at a time (SQLite: 2x the rows/s).
  const maxParams = dn === 'sqlite' ? MAX_PARAMS_SQLITE : MAX_PARAMS;
  const per = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(maxParams / names.length)));
  return db.withTransaction(async (tx) => {
    let written = 0;
    const full: unknown[][] = [];
    for (let i = 0; i < rows.length; i += per) {
      let chunk = rows.slice(i, i + per);
      if (upsert && dn === 'postgres') {
        // ON CONFLICT cannot touch a row twice in one PostgreSQL statement: the last row of a key wins, as on SQLite.
        const last = new Map<string, Row>();
        for (const r of chunk) last.set(JSON.stringify(t.primaryKey.map((k) => String(r[k]))), r);
        chunk = [...last.values()];
      }
      if (chunk.length === per) full.push(chunk.flatMap(params));
      else written += await tx.run(insertStatement(tx, t, names, casts, upsert, chunk.length), chunk.flatMap(params));
    }
    // The full-size statement is prepared once (SQLite) and run for every full chunk.
    if (full.length) written += await tx.runMany(insertStatement(tx, t, names, casts, upsert, per), full);
    return written;
  });
}
