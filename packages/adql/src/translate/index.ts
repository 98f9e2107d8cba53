// toSqlite / toPostgres: parse (if given text), check against the catalog, assert the safety rules, then print
// SQL for the dialect. Never throws: problems come back as positioned diagnostics.
import type { Query } from '../ast.ts';
import type { SchemaCatalog } from '../catalog.ts';
import { type CheckOptions, checkQuery } from '../checker.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { parse } from '../parser.ts';
import type { ResultColumn } from '../result-type.ts';
import { checkSafety, isSingleStatement } from '../safety.ts';
import type { DialectHooks } from './dialect.ts';
import { SqlGenerator } from './generator.ts';
import { postgresHooks } from './postgres.ts';
import { type RowidPartition, rowidPartition } from './rowid-partition.ts';
import { sqliteHooks } from './sqlite.ts';

export type SqlDialect = 'sqlite' | 'postgres';

export interface TranslateOptions extends CheckOptions {
  /** ADQL version when the query is given as text (default 2.1). */
  version?: '2.0' | '2.1';
  /** SQLite only: also return `partition` when the query can be split by rowid ranges of one table. */
  rowidPartition?: boolean;
}

export type Translation =
  | {
      ok: true;
      sql: string;
      /** Parameters (none today: every literal is inlined, escaped). */
      params: unknown[];
      /** Result columns for VOTable FIELDs, in order, names as the SQL returns them. */
      columns: ResultColumn[];
      /** Warnings (deprecated forms, extensions). */
      diagnostics: Diagnostic[];
      /** With options.rowidPartition on SQLite: the rowid-range form, when the query can be split (rowid-partition.ts). */
      partition?: RowidPartition;
    }
  | { ok: false; diagnostics: Diagnostic[] };

const HOOKS: Record<SqlDialect, DialectHooks> = { sqlite: sqliteHooks, postgres: postgresHooks };

export function translate(
  query: string | Query,
  catalog: SchemaCatalog,
  dialect: SqlDialect,
  options: TranslateOptions = {},
): Translation {
  const warnings: Diagnostic[] = [];
  let ast: Query;
  if (typeof query === 'string') {
    const r = parse(query, { version: options.version ?? '2.1' });
    if (!r.ast) return { ok: false, diagnostics: [...r.diagnostics] };
    warnings.push(...r.diagnostics);
    ast = r.ast;
  } else {
    ast = query;
  }
  const checked = checkQuery(ast, catalog, options);
  if (!checked.ok) return { ok: false, diagnostics: [...warnings, ...checked.diagnostics] };
  const unsafe = checkSafety(ast, checked.analysis);
  if (unsafe.length > 0) return { ok: false, diagnostics: unsafe };
  const gen = new SqlGenerator(HOOKS[dialect], checked.analysis);
  let sql: string;
  try {
    sql = gen.query(ast);
  } catch (e) {
    // A generator bug must still come back as a diagnostic, never a crash in the service.
    return {
      ok: false,
      diagnostics: [
        diagnostic('ADQL_UNSUPPORTED_IN_DIALECT', `internal translation error: ${(e as Error).message}`, ast.span),
      ],
    };
  }
  if (gen.diagnostics.length > 0) return { ok: false, diagnostics: [...warnings, ...gen.diagnostics] };
  if (!isSingleStatement(sql)) {
    return {
      ok: false,
      diagnostics: [diagnostic('ADQL_BAD_QUERY', 'the translation is not a single statement', ast.span)],
    };
  }
  const partition = options.rowidPartition && dialect === 'sqlite' ? rowidPartition(ast, checked.analysis) : null;
  return {
    ok: true,
    sql,
    params: [],
    columns: checked.columns,
    diagnostics: [...warnings, ...checked.diagnostics.filter((d) => d.severity === 'warning')],
    ...(partition ? { partition } : {}),
  };
}

export function toSqlite(query: string | Query, catalog: SchemaCatalog, options?: TranslateOptions): Translation {
  return translate(query, catalog, 'sqlite', options);
}

export function toPostgres(query: string | Query, catalog: SchemaCatalog, options?: TranslateOptions): Translation {
  return translate(query, catalog, 'postgres', options);
}
