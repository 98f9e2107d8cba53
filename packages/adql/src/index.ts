// @obscura/adql: ADQL 2.1 lexer, parser (typed AST with source spans), normalised printer and a metadata-free
// semantic layer. The checker against TAP_SCHEMA and the SQL translators build on these.
export type * from './ast.ts';
export { ADQL_CODES, type AdqlCode, type Diagnostic, formatDiagnostic, type Severity } from './diagnostics.ts';
export { isReservedWord } from './keywords.ts';
export { type ParseResult, type ParserOptions, parse, parseFragment } from './parser.ts';
export { printAdql } from './print-adql.ts';
export { renderDiagnostics } from './render.ts';
export { checkSemantics, type SemanticOptions, type ValueKind } from './semantic.ts';
export type { Position as SourcePosition, Span } from './span.ts';
