// CREATE statements for a table, derived from its TableDef for one dialect. Every statement is idempotent
// (IF NOT EXISTS), so creating the schema twice changes nothing.
import type { Dialect } from './dialect.ts';
import type { TableDef } from './schema/types.ts';

function indexName(t: TableDef, column: string): string {
  // PostgreSQL index names live in the table's schema and are cut at 63 bytes; SQLite's are global.
  const base = `${t.name}_${column}_idx`.slice(0, 63);
  return base;
}

export function createTableStatements(d: Dialect, t: TableDef): string[] {
  const table = d.table(t);
  const lines = t.columns.map((c) => `  ${d.quote(c.name)} ${d.columnType(c)}${c.required ? ' NOT NULL' : ''}`);
  const derived = d.derivedColumns(t);
  for (const x of derived) lines.push(`  ${d.quote(x.name)} ${x.sqlType}`);
  lines.push(`  PRIMARY KEY (${t.primaryKey.map(d.quote).join(', ')})`);
  for (const fk of t.foreignKeys ?? []) {
    const [schema, name] = fk.targetTable.split('.');
    lines.push(
      `  FOREIGN KEY (${fk.columns.map(d.quote).join(', ')}) REFERENCES ${d.table({ schema, name })} ` +
        `(${fk.targetColumns.map(d.quote).join(', ')}) ON DELETE CASCADE`,
    );
  }
  const out: string[] = [];
  const schema = d.schema(t.schema);
  if (schema) out.push(`CREATE SCHEMA IF NOT EXISTS ${d.quote(schema)}`);
  out.push(`CREATE TABLE IF NOT EXISTS ${table} (\n${lines.join(',\n')}\n)`);
  const idx = (column: string) =>
    d.name === 'sqlite' ? d.quote(`${t.schema}.${indexName(t, column)}`) : d.quote(indexName(t, column));
  const spatial = new Set(Object.values(t.spatialIndex ?? {}));
  for (const c of t.columns) {
    // A single-column primary key is indexed already; positions and footprints through their derived columns
    // (the HEALPix index, pgSphere spoint/spoly), which serve positional queries better than B-trees on RA or Dec.
    if (!c.indexed || (t.primaryKey.length === 1 && t.primaryKey[0] === c.name) || spatial.has(c.name)) continue;
    if (c.type === 'CLOB') continue;
    out.push(`CREATE INDEX IF NOT EXISTS ${idx(c.name)} ON ${table} (${d.quote(c.name)})`);
  }
  for (const x of derived) {
    const using = x.index === 'gist' ? ' USING GIST' : '';
    out.push(`CREATE INDEX IF NOT EXISTS ${idx(x.name)} ON ${table}${using} (${d.quote(x.name)})`);
  }
  return out;
}
