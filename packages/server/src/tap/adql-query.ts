// Everything the TAP service needs from @obscura/adql, behind one function: parse, check against TAP_SCHEMA (plus
// this request's TAP_UPLOAD tables), translate for the archive's backend, and describe the result columns as
// VOTable FIELDs. Diagnostics come back positioned ("line L, column C: message"), all of them (TAP 1.1 §2.7.2,
// DALI 1.1 §4.4: the error document says what was wrong).
//
// The ADQL package's API (toSqlite/toPostgres, registerSqliteFunctions, postgresSetupSql) is used only here, so the TAP
// code does not change when that API does.
import {
  type CatalogColumn,
  type CatalogTable,
  type Diagnostic,
  postgresSetupSql,
  type RowidPartition,
  registerSqliteFunctions,
  type SchemaCatalog,
  type SqliteConnection,
  toPostgres,
  toSqlite,
  UDF_DECLARATIONS,
} from '@obscura/adql';
import type { Database } from '@obscura/archive';
import type { Field } from '@obscura/votable';
import { type ResultColumnType, resultField } from './fields.ts';
import type { TapColumn, TapMetadata } from './tap-metadata.ts';

/** A table of this request's TAP_UPLOAD schema (TAP 1.1 §2.5.1), already loaded into a table of its own. */
export interface UploadTable {
  /** The name after `TAP_UPLOAD.` (as given in UPLOAD=name,...). */
  name: string;
  /** Physical, quoted name of the table holding the rows. */
  physical: string;
  columns: TapColumn[];
  spatialIndex?: { ra: string; dec: string };
}

export interface PrepareOptions {
  db: Database;
  metadata: TapMetadata;
  uploads?: readonly UploadTable[];
  /** From LANG=ADQL-2.0 / ADQL-2.1 (default 2.1). */
  version?: '2.0' | '2.1';
}

export interface PreparedQuery {
  ok: true;
  sql: string;
  params: unknown[];
  fields: Field[];
  /** Warnings of the checker, for the result's INFOs. */
  warnings: string[];
  /** SQLite: how the query splits into rowid ranges of one table, to be read by two workers (partitioned-query.ts). */
  partition?: RowidPartition;
}

export interface RejectedQuery {
  ok: false;
  /** "line L, column C: message", errors only, in source order. */
  messages: string[];
}

/** The UDFs declared in the capabilities (TAPRegExt 1.0 §2.3): the ones the translation implements. */
export const UDFS = UDF_DECLARATIONS;

/**
 * Readies a database for ADQL queries: the SQL functions the translation uses (geometry, math, UDFs, case-sensitive
 * LIKE) on every SQLite connection, or the server-side functions on PostgreSQL (once). Idempotent per database.
 */
const readied = new WeakSet<Database>();
export async function readyDatabaseForAdql(db: Database): Promise<void> {
  if (readied.has(db)) return;
  readied.add(db);
  if (db.dialect.name === 'sqlite') db.onConnection((c) => registerSqliteFunctions(c as SqliteConnection));
  else await db.run(postgresSetupSql());
}

function position(d: Diagnostic): string {
  const s = d.span?.start;
  return s ? `line ${s.line}, column ${s.column}: ${d.message}` : d.message;
}

/** The ADQL catalog of the published tables and this request's uploads. */
export function catalogFor(metadata: TapMetadata): SchemaCatalog {
  const tables: CatalogTable[] = [];
  for (const t of metadata.tables.values()) {
    const prefix = `${t.schema_name}.`;
    tables.push({
      schema: t.schema_name,
      name: t.table_name.startsWith(prefix) ? t.table_name.slice(prefix.length) : t.table_name,
      columns: t.columns.map(catalogColumn),
      ...(t.spatialIndex ? { spatialIndex: t.spatialIndex } : {}),
    });
  }
  return { tables };
}

/** TAP_SCHEMA writes reserved-word column names delimited (`"size"`, TAP 1.1 §4.3); the catalog wants the name. */
export function undelimited(name: string): string {
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"')
    ? name.slice(1, -1).replaceAll('""', '"')
    : name;
}

/** This request's TAP_UPLOAD tables as catalog tables (TAP 1.1 §2.5.1). */
export function uploadCatalogTables(uploads: readonly UploadTable[]): CatalogTable[] {
  return uploads.map((u) => ({
    schema: 'TAP_UPLOAD',
    name: u.name,
    columns: u.columns.map(catalogColumn),
    physical: { sqlite: u.physical, postgres: u.physical },
    ...(u.spatialIndex ? { spatialIndex: u.spatialIndex } : {}),
  }));
}

/** A TAP_SCHEMA column for the checker (its utype reaches the result FIELDs through the checker's outputs). */
function catalogColumn(c: TapColumn): CatalogColumn {
  return {
    name: undelimited(c.column_name),
    datatype: c.datatype,
    arraysize: c.arraysize,
    xtype: c.xtype,
    unit: c.unit,
    ucd: c.ucd,
    description: c.description,
    utype: c.utype,
  };
}

/** Parses, checks and translates one ADQL query for the database's backend. */
export function prepareQuery(adqlText: string, options: PrepareOptions): PreparedQuery | RejectedQuery {
  const catalog = catalogFor(options.metadata);
  const translate = options.db.dialect.name === 'sqlite' ? toSqlite : toPostgres;
  const result = translate(adqlText, catalog, {
    uploads: uploadCatalogTables(options.uploads ?? []),
    version: options.version ?? '2.1',
    rowidPartition: true,
  });
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    return { ok: false, messages: (errors.length ? errors : result.diagnostics).map(position) };
  }
  return {
    ok: true,
    sql: result.sql,
    params: result.params,
    fields: uniqueNames(result.columns).map(resultField),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning').map(position),
    ...(result.partition ? { partition: result.partition } : {}),
  };
}

/** VOTable FIELD names must be unique in a TABLE (VOTable 1.5 §3.2 via ID/name use by clients): suffix repeats. */
function uniqueNames(columns: readonly ResultColumnType[]): ResultColumnType[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const key = c.name.toLowerCase();
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? c : { ...c, name: `${c.name}_${n + 1}` };
  });
}
