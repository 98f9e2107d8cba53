// What the TAP service knows about its tables, read from TAP_SCHEMA 1.1 (TAP 1.1 §4) — the one source for the
// VOSI tableset (/tap/tables), the ADQL checker's catalog and the FIELD metadata of results — plus the spatial
// index of each table, which TAP_SCHEMA does not publish (from the archive's table definitions).
// Read once and cached for a few seconds: a TOP 10 query should not re-read TAP_SCHEMA every time.
import { type Database, qualifiedName, type TapSchemaRows } from '@obscura/archive';

/** A TAP_SCHEMA.columns row as read back (column_index may be null in TAP_SCHEMA 1.1 §4.3). */
export type TapColumn = Omit<TapSchemaRows['columns'][number], 'column_index'> & { column_index: number | null };

/** A TAP_SCHEMA.tables row (table_name qualified) with its columns, keys and spatial index. */
export type TapTable = Omit<TapSchemaRows['tables'][number], 'table_index'> & {
  table_index: number | null;
  columns: TapColumn[];
  /** Foreign keys from this table (TAP 1.1 §4.4-4.5). */
  keys: TapKey[];
  /** RA/Dec columns with a HEALPix index (and region), when the archive keeps one. */
  spatialIndex?: { ra: string; dec: string; region?: string };
};

/** A TAP_SCHEMA.keys row with its key_columns. */
export type TapKey = TapSchemaRows['keys'][number] & { columns: { from_column: string; target_column: string }[] };

/** A TAP_SCHEMA.schemas row with its tables. */
export type TapSchema = Omit<TapSchemaRows['schemas'][number], 'schema_index'> & {
  schema_index: number | null;
  tables: TapTable[];
};

export interface TapMetadata {
  schemas: TapSchema[];
  /** By lower-cased qualified name. */
  tables: Map<string, TapTable>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Reads TAP_SCHEMA (schemas, tables, columns, keys, key_columns) in display order. */
export async function readTapMetadata(db: Database): Promise<TapMetadata> {
  const d = db.dialect;
  const t = (name: string) => d.table({ schema: 'TAP_SCHEMA', name });
  const [schemas, tables, columns, keys, keyColumns, defs] = await Promise.all([
    db.all<Record<string, unknown>>(`SELECT * FROM ${t('schemas')} ORDER BY schema_index, schema_name`),
    db.all<Record<string, unknown>>(`SELECT * FROM ${t('tables')} ORDER BY table_index, table_name`),
    db.all<Record<string, unknown>>(`SELECT * FROM ${t('columns')} ORDER BY table_name, column_index, column_name`),
    db.all<Record<string, unknown>>(`SELECT * FROM ${t('keys')} ORDER BY key_id`),
    db.all<Record<string, unknown>>(`SELECT * FROM ${t('key_columns')} ORDER BY key_id`),
    db.tables(),
  ]);
  const spatial = new Map(defs.filter((x) => x.spatialIndex).map((x) => [qualifiedName(x).toLowerCase(), x]));
  const byTable = new Map<string, TapTable>();
  for (const r of tables) {
    const name = String(r.table_name);
    const def = spatial.get(name.toLowerCase());
    byTable.set(name.toLowerCase(), {
      schema_name: String(r.schema_name),
      table_name: name,
      table_type: String(r.table_type ?? 'table'),
      utype: str(r.utype),
      description: str(r.description),
      table_index: num(r.table_index),
      columns: [],
      keys: [],
      ...(def?.spatialIndex ? { spatialIndex: { ...def.spatialIndex } } : {}),
    });
  }
  for (const r of columns) {
    const table = byTable.get(String(r.table_name).toLowerCase());
    if (!table) continue;
    table.columns.push({
      table_name: String(r.table_name),
      column_name: String(r.column_name),
      utype: str(r.utype),
      ucd: str(r.ucd),
      unit: str(r.unit),
      description: str(r.description),
      datatype: String(r.datatype),
      arraysize: str(r.arraysize),
      xtype: str(r.xtype),
      size: num(r.size),
      principal: Number(r.principal ?? 0),
      indexed: Number(r.indexed ?? 0),
      std: Number(r.std ?? 0),
      column_index: num(r.column_index),
    });
  }
  const keyById = new Map<string, TapKey>();
  for (const r of keys) {
    const key: TapKey = {
      key_id: String(r.key_id),
      from_table: String(r.from_table),
      target_table: String(r.target_table),
      utype: str(r.utype),
      description: str(r.description),
      columns: [],
    };
    keyById.set(key.key_id, key);
    byTable.get(key.from_table.toLowerCase())?.keys.push(key);
  }
  for (const r of keyColumns) {
    keyById
      .get(String(r.key_id))
      ?.columns.push({ from_column: String(r.from_column), target_column: String(r.target_column) });
  }
  const out: TapSchema[] = schemas.map((r) => ({
    schema_name: String(r.schema_name),
    utype: str(r.utype),
    description: str(r.description),
    schema_index: num(r.schema_index),
    tables: [],
  }));
  const schemaByName = new Map(out.map((s) => [s.schema_name, s]));
  for (const table of byTable.values()) {
    let s = schemaByName.get(table.schema_name);
    if (!s) {
      s = { schema_name: table.schema_name, utype: null, description: null, schema_index: null, tables: [] };
      schemaByName.set(s.schema_name, s);
      out.push(s);
    }
    s.tables.push(table);
  }
  return { schemas: out, tables: byTable };
}

/** TAP_SCHEMA read at most once per `ttlMs` (catalogues created at run time show up after that). */
export class TapMetadataCache {
  private value: Promise<TapMetadata> | null = null;
  private readAt = 0;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5000,
  ) {}

  get(): Promise<TapMetadata> {
    const now = Date.now();
    if (!this.value || now - this.readAt > this.ttlMs) {
      this.readAt = now;
      const p = readTapMetadata(this.db);
      this.value = p;
      p.catch(() => {
        if (this.value === p) this.value = null;
      });
    }
    return this.value;
  }

  invalidate(): void {
    this.value = null;
  }
}
