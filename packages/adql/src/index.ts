// @obscura/adql: ADQL 2.1 lexer, parser (typed AST with source spans), normalised printer and a metadata-free
// semantic layer. The checker against TAP_SCHEMA and the SQL translators build on these.
export type * from './ast.ts';
export * from './catalog.ts';
export {
  type Analysis,
  type Binding,
  type CheckOptions,
  type CheckResult,
  checkQuery,
  type SelectOutput,
} from './checker.ts';
export { ADQL_CODES, type AdqlCode, type Diagnostic, formatDiagnostic, type Severity } from './diagnostics.ts';
export { isReservedWord } from './keywords.ts';
export { type ParseResult, type ParserOptions, parse, parseFragment } from './parser.ts';
export { printAdql } from './print-adql.ts';
export { renderDiagnostics } from './render.ts';
export type { ResultColumn, ValueType } from './result-type.ts';
export { checkSafety, isSingleStatement } from './safety.ts';
export { checkSemantics, type SemanticOptions, type ValueKind } from './semantic.ts';
export type { Position as SourcePosition, Span } from './span.ts';
export { closest, editDistance } from './suggest.ts';
export {
  type SqlDialect,
  type TranslateOptions,
  type Translation,
  toPostgres,
  toSqlite,
  translate,
} from './translate/index.ts';
export { postgresSetupSql } from './translate/postgres-setup.ts';
export type { RowidPartition } from './translate/rowid-partition.ts';
export { hasWord, registerSqliteFunctions, type SqliteConnection } from './translate/sqlite-functions.ts';
export { UDF_DECLARATIONS } from './udfs.ts';
export { specconv, unitFactor } from './units.ts';
