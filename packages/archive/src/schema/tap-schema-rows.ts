// The content of TAP_SCHEMA 1.1 (TAP 1.1 §4) derived from the declarative table descriptions.

import { isReservedWord } from '@obscura/adql';
import { qualifiedName, type SchemaDef, type TableDef } from './types.ts';
import { votableType } from './votable-type.ts';

export interface TapSchemaRows {
  schemas: { schema_name: string; utype: string | null; description: string | null; schema_index: number }[];
  tables: {
    schema_name: string;
    table_name: string;
    table_type: string;
    utype: string | null;
    description: string | null;
    table_index: number;
  }[];
  columns: {
    table_name: string;
    column_name: string;
    utype: string | null;
    ucd: string | null;
    unit: string | null;
    description: string | null;
    datatype: string;
    arraysize: string | null;
    xtype: string | null;
    size: number | null;
    principal: number;
    indexed: number;
    std: number;
    column_index: number;
  }[];
  keys: {
    key_id: string;
    from_table: string;
    target_table: string;
    utype: string | null;
    description: string | null;
  }[];
  key_columns: { key_id: string; from_column: string; target_column: string }[];
}

const flag = (b: boolean | undefined) => (b ? 1 : 0);

/**
 * A column name as queries must write it (TAP 1.1 §4.3: column_name is the name used in ADQL): an ADQL reserved
 * word (`size`, `Min`) or a name that is not a regular identifier is delimited, `"size"` (ADQL 2.1 §2.1.3).
 */
export function adqlColumnName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !isReservedWord(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The size of a char column (TAP 1.1 §4.3, deprecated `size`): the number in arraysize "n" or "n*". */
function sizeOf(arraysize: string | null): number | null {
  const m = arraysize ? /^(\d+)\*?$/.exec(arraysize) : null;
  return m ? Number(m[1]) : null;
}

/** TAP 1.1 §4: the foreign keys between the TAP_SCHEMA tables themselves, described in TAP_SCHEMA.keys. */
const TAP_SCHEMA_SELF_KEYS: [id: string, from: string, fromColumn: string, target: string, targetColumn: string][] = [
  ['tap_schema_tables_schema', 'tables', 'schema_name', 'schemas', 'schema_name'],
  ['tap_schema_columns_table', 'columns', 'table_name', 'tables', 'table_name'],
  ['tap_schema_keys_from', 'keys', 'from_table', 'tables', 'table_name'],
  ['tap_schema_keys_target', 'keys', 'target_table', 'tables', 'table_name'],
  ['tap_schema_key_columns_key', 'key_columns', 'key_id', 'keys', 'key_id'],
];

/**
 * TAP_SCHEMA rows for the published tables. Schemas without a SchemaDef get a generic description. Indices follow
 * the order of the inputs (column_index from 1 in each table, TAP 1.1 §4.3).
 */
export function tapSchemaRows(tables: TableDef[], schemas: SchemaDef[]): TapSchemaRows {
  const published = tables.filter((t) => t.published);
  const out: TapSchemaRows = { schemas: [], tables: [], columns: [], keys: [], key_columns: [] };
  const schemaNames = [...new Set(published.map((t) => t.schema))];
  schemaNames.forEach((name, i) => {
    const s = schemas.find((x) => x.name === name);
    out.schemas.push({
      schema_name: name,
      utype: s?.utype ?? null,
      description: s?.description ?? `Tables of ${name}`,
      schema_index: i + 1,
    });
  });
  published.forEach((t, ti) => {
    const tableName = qualifiedName(t);
    out.tables.push({
      schema_name: t.schema,
      table_name: tableName,
      table_type: t.tableType ?? 'table',
      utype: t.utype ?? null,
      description: t.description,
      table_index: ti + 1,
    });
    t.columns.forEach((c, ci) => {
      const v = votableType(c);
      out.columns.push({
        table_name: tableName,
        column_name: adqlColumnName(c.name),
        utype: c.utype ?? null,
        ucd: c.ucd ?? null,
        unit: c.unit ?? null,
        description: c.description,
        datatype: v.datatype,
        arraysize: v.arraysize,
        xtype: v.xtype,
        size: sizeOf(v.arraysize),
        principal: flag(c.principal),
        indexed: flag(c.indexed || t.primaryKey.includes(c.name)),
        std: flag(c.std),
        column_index: ci + 1,
      });
    });
    for (const k of t.foreignKeys ?? []) {
      out.keys.push({
        key_id: k.id,
        from_table: tableName,
        target_table: k.targetTable,
        utype: null,
        description: k.description ?? null,
      });
      k.columns.forEach((from, i) => {
        out.key_columns.push({
          key_id: k.id,
          from_column: adqlColumnName(from),
          target_column: adqlColumnName(k.targetColumns[i]),
        });
      });
    }
  });
  if (published.some((t) => t.schema === 'TAP_SCHEMA')) {
    for (const [id, from, fromColumn, target, targetColumn] of TAP_SCHEMA_SELF_KEYS) {
      out.keys.push({
        key_id: id,
        from_table: `TAP_SCHEMA.${from}`,
        target_table: `TAP_SCHEMA.${target}`,
        utype: null,
        description: `TAP_SCHEMA.${from}.${fromColumn} refers to TAP_SCHEMA.${target}.${targetColumn}`,
      });
      out.key_columns.push({ key_id: id, from_column: fromColumn, target_column: targetColumn });
    }
  }
  return out;
}
