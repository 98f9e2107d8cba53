// The registry of ADQL diagnostic codes. Codes are stable strings: clients and tests match on them.
import type { Span } from './span.ts';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: AdqlCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** The clause of the standard the rule comes from, e.g. "ADQL 2.1 §2.1.3". */
  readonly spec?: string;
}

/** Every code the ADQL package emits, with the clause it comes from. */
export const ADQL_CODES = {
  /** A token that the grammar does not allow at this place. */
  ADQL_SYNTAX: 'ADQL 2.1 §2 (BNF, Appendix A)',
  /** A string literal without its closing quote. */
  ADQL_UNTERMINATED_STRING: 'ADQL 2.1 §2.1.4',
  /** A delimited identifier without its closing double quote. */
  ADQL_UNTERMINATED_IDENTIFIER: 'ADQL 2.1 §2.1.3',
  /** A character that cannot start any ADQL token (e.g. a non-ASCII letter outside quotes). */
  ADQL_BAD_CHARACTER: 'ADQL 2.1 §2.1.1',
  /** A malformed number (e.g. `1e`, `12abc`). */
  ADQL_BAD_NUMBER: 'ADQL 2.1 §2.1.4',
  /** A reserved word used where a name is expected. */
  ADQL_RESERVED_WORD: 'ADQL 2.1 §2.1.2',
  /** A name that is not a valid regular identifier (e.g. starting with an underscore). */
  ADQL_BAD_IDENTIFIER: 'ADQL 2.1 §2.1.3',
  /** A built-in function called with the wrong number or the wrong form of arguments. */
  ADQL_BAD_ARGUMENTS: 'ADQL 2.1 §2.3, §4',
  /** A construct of ADQL 2.1 used while parsing as ADQL 2.0. */
  ADQL_NOT_IN_VERSION: 'ADQL 2.1 §1.3 (changes from 2.0)',
  /** Accepted, but not part of the ADQL 2.1 BNF (warning). */
  ADQL_EXTENSION: 'ADQL 2.1 Appendix A (not in the BNF)',
  /** Accepted, but deprecated by ADQL 2.1 (warning), e.g. the coordinate-system argument of geometry functions. */
  ADQL_DEPRECATED: 'ADQL 2.1 §4.2',
  /** The query is nested too deeply to be parsed safely. */
  ADQL_TOO_DEEP: 'Obscura limit',
  /** Type errors found by the semantic layer (no table metadata): string vs numeric vs geometry operands. */
  ADQL_TYPE_MISMATCH: 'ADQL 2.1 §3 (type system)',
  /** A function that is neither an ADQL function nor a declared user-defined function. */
  ADQL_UNKNOWN_FUNCTION: 'ADQL 2.1 §2.4 (user-defined functions)',
  /** A table that is not published in TAP_SCHEMA (nor an upload or a WITH name). */
  ADQL_UNKNOWN_TABLE: 'TAP 1.1 §4 (TAP_SCHEMA)',
  /** A database system table (sqlite_master, pg_catalog, information_schema): never reachable. */
  ADQL_FORBIDDEN_TABLE: 'Obscura safety rule',
  /** A column that no table in scope has. */
  ADQL_UNKNOWN_COLUMN: 'ADQL 2.1 §2.2 (column references)',
  /** A column name that several tables in scope have: qualify it. */
  ADQL_AMBIGUOUS_COLUMN: 'ADQL 2.1 §2.2 (column references)',
  /** A qualifier (`t.` in `t.col`) that names no table or alias in scope. */
  ADQL_UNKNOWN_QUALIFIER: 'ADQL 2.1 §2.2 (column references)',
  /** The same correlation name (alias) twice in one FROM clause. */
  ADQL_DUPLICATE_ALIAS: 'ADQL 2.1 §2.2 (correlation names)',
  /** A unit IN_UNIT cannot convert, or a value without a unit. */
  ADQL_BAD_UNIT: 'ADQL 2.1 §4.8 (IN_UNIT)',
  /** Set operation operands with different column counts, and similar structural problems. */
  ADQL_BAD_QUERY: 'ADQL 2.1 §4.4',
  /** A valid ADQL construct the target database cannot express (explicit, never silently different SQL). */
  ADQL_UNSUPPORTED_IN_DIALECT: 'Obscura translation',
} as const;

export type AdqlCode = keyof typeof ADQL_CODES;

export function diagnostic(code: AdqlCode, message: string, span: Span, severity: Severity = 'error'): Diagnostic {
  return { code, severity, message, span, spec: ADQL_CODES[code] };
}

/** `line 2, column 8: message` — the form the CLI and the services show. */
export function formatDiagnostic(d: Diagnostic): string {
  return `line ${d.span.start.line}, column ${d.span.start.column}: ${d.message}`;
}
