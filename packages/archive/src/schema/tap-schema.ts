// The TAP_SCHEMA 1.1 tables (TAP 1.1 §4.1-4.6), described like every other table so that TAP_SCHEMA describes
// itself (TAP 1.1 §4: "the TAP_SCHEMA tables must themselves be described in TAP_SCHEMA").
import type { AdqlType, ColumnDef, TableDef } from './types.ts';

function c(name: string, type: AdqlType, description: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return { name, type, description, std: true, principal: true, ...extra };
}

const T = (name: string, description: string, columns: ColumnDef[], primaryKey: string[]): TableDef => ({
  schema: 'TAP_SCHEMA',
  name,
  description,
  utype: `tap:${name}`,
  columns,
  primaryKey,
  published: true,
});

export const TAP_SCHEMA_SCHEMAS = T(
  'schemas',
  'Schemas in this service',
  [
    c('schema_name', 'VARCHAR', 'Schema name, as used in queries', { required: true }),
    c('utype', 'VARCHAR', 'Utype of the schema'),
    c('description', 'VARCHAR', 'Description of the schema'),
    c('schema_index', 'INTEGER', 'Recommended order for display'),
  ],
  ['schema_name'],
);

export const TAP_SCHEMA_TABLES = T(
  'tables',
  'Tables in this service',
  [
    c('schema_name', 'VARCHAR', 'Schema the table belongs to', { required: true }),
    c('table_name', 'VARCHAR', 'Qualified table name, as used in queries', { required: true }),
    c('table_type', 'VARCHAR', 'table or view', { required: true }),
    c('utype', 'VARCHAR', 'Utype of the table'),
    c('description', 'VARCHAR', 'Description of the table'),
    c('table_index', 'INTEGER', 'Recommended order for display'),
  ],
  ['table_name'],
);

export const TAP_SCHEMA_COLUMNS = T(
  'columns',
  'Columns of the tables in this service',
  [
    c('table_name', 'VARCHAR', 'Qualified table name', { required: true }),
    c('column_name', 'VARCHAR', 'Column name', { required: true }),
    c('utype', 'VARCHAR', 'Utype of the column'),
    c('ucd', 'VARCHAR', 'UCD of the column'),
    c('unit', 'VARCHAR', 'VOUnit of the column'),
    c('description', 'VARCHAR', 'Description of the column'),
    c('datatype', 'VARCHAR', 'VOTable datatype', { required: true }),
    c('arraysize', 'VARCHAR', 'VOTable arraysize'),
    c('xtype', 'VARCHAR', 'DALI xtype'),
    c('size', 'INTEGER', 'Length of fixed-size columns (TAP 1.0, deprecated)'),
    c('principal', 'INTEGER', '1 if the column is of main interest', { required: true }),
    c('indexed', 'INTEGER', '1 if the column is indexed', { required: true }),
    c('std', 'INTEGER', '1 if the column is defined by a standard', { required: true }),
    c('column_index', 'INTEGER', 'Recommended order for display'),
  ],
  ['table_name', 'column_name'],
);

export const TAP_SCHEMA_KEYS = T(
  'keys',
  'Foreign keys between tables of this service',
  [
    c('key_id', 'VARCHAR', 'Identifier of the key', { required: true }),
    c('from_table', 'VARCHAR', 'Table holding the foreign key', { required: true }),
    c('target_table', 'VARCHAR', 'Table the key points to', { required: true }),
    c('utype', 'VARCHAR', 'Utype of the key'),
    c('description', 'VARCHAR', 'Description of the key'),
  ],
  ['key_id'],
);

export const TAP_SCHEMA_KEY_COLUMNS = T(
  'key_columns',
  'Columns of the foreign keys',
  [
    c('key_id', 'VARCHAR', 'Identifier of the key', { required: true }),
    c('from_column', 'VARCHAR', 'Column in from_table', { required: true }),
    c('target_column', 'VARCHAR', 'Column in target_table', { required: true }),
  ],
  ['key_id', 'from_column'],
);

export const TAP_SCHEMA_TABLE_DEFS: TableDef[] = [
  TAP_SCHEMA_SCHEMAS,
  TAP_SCHEMA_TABLES,
  TAP_SCHEMA_COLUMNS,
  TAP_SCHEMA_KEYS,
  TAP_SCHEMA_KEY_COLUMNS,
];
