// @obscura/archive: the archive's data model and database layer.
export {
  type BatchOptions,
  type BatchStream,
  type ColumnMeta,
  type Database,
  DEFAULT_DATABASE_URL,
  databaseUrl,
  type InsertOptions,
  type OpenOptions,
  openDatabase,
  type PreparedQuery,
  type Row,
  type RowStream,
} from './database.ts';
export { createTableStatements } from './ddl.ts';
export {
  type DerivedColumn,
  type Dialect,
  type DialectName,
  dialectFor,
  HEALPIX_COLUMN,
  postgresDialect,
  SPOINT_COLUMN,
  SPOLY_COLUMN,
  sqliteDialect,
} from './dialect.ts';
export { HEALPIX_INDEX_ORDER, healpixIndex, healpixRange } from './healpix-index.ts';
export { BulkWriter } from './ingest/bulk-insert.ts';
export { type CatalogueIngestOptions, ingestCatalogue, ROW_NUMBER_COLUMN } from './ingest/catalog.ts';
export { csvBatches } from './ingest/csv.ts';
export { daliPolygon, enclosingCircle, type Footprint, imageFootprint, stcsPolygon } from './ingest/footprint.ts';
export {
  DATALINK_FORMAT,
  DEFAULT_AUTHORITY,
  DEFAULT_BASE_URL,
  datalinkUrl,
  obsIdOf,
  publisherDid,
} from './ingest/identifiers.ts';
export { type ImageIdentity, type ImageMetadata, imageMetadata } from './ingest/image-metadata.ts';
export { type ImageIngestOptions, ingestImages } from './ingest/images.ts';
export { ingestObscoreRows, RADIO_COLUMN_ALIASES } from './ingest/obscore-rows.ts';
export { expandPaths } from './ingest/paths.ts';
export { formatReport, type IngestReport, type SkippedInput } from './ingest/report.ts';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
export { dropCatalogue, schemaVersion } from './operations.ts';
export { PostgresDatabase } from './postgres-database.ts';
export { circleToPolygon, type Polygon, parseRegion, spointLiteral, spolyLiteral } from './region.ts';
export * from './schema/index.ts';
export { SqliteDatabase, sqlitePath } from './sqlite-database.ts';
export { type SessionStatement, SqliteReadSession } from './sqlite-read-session.ts';
