// The content of TAP_SCHEMA 1.1 (TAP 1.1 §4) derived from the declarative table descriptions.

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
      const fixed = v.arraysize && /^\d+$/.test(v.arraysize) ? Number(v.arraysize) : null;
      out.columns.push({
        table_name: tableName,
        column_name: c.name,
        utype: c.utype ?? null,
        ucd: c.ucd ?? null,
        unit: c.unit ?? null,
        description: c.description,
        datatype: v.datatype,
        arraysize: v.arraysize,
        xtype: v.xtype,
        size: fixed,
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
        out.key_columns.push({ key_id: k.id, from_column: from, target_column: k.targetColumns[i] });
      });
    }
  });
  return out;
}
