// Safety rules for a translated query (the checker does the resolving; this asserts the result): one statement
// only (the parser accepts exactly one query), every table resolved to the catalog or an upload or a WITH name
// (system tables are refused by the checker), every function declared, and generated SQL without statement
// separators or comments outside its string literals — identifiers are always quoted and literals escaped by the
// generator, so user text can only ever appear inside them.
import type { Node, Query } from './ast.ts';
import type { Analysis } from './checker.ts';
import { type Diagnostic, diagnostic } from './diagnostics.ts';

export function checkSafety(ast: Node, analysis: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (ast.kind !== 'Query') {
    out.push(diagnostic('ADQL_BAD_QUERY', 'only a complete query can be run', ast.span));
    return out;
  }
  walk(ast, (n) => {
    if (n.kind === 'TableRef' && !analysis.tables.has(n)) {
      out.push(diagnostic('ADQL_UNKNOWN_TABLE', 'this table is not published', n.span));
    }
    if (n.kind === 'UdfCall' && !analysis.udfs.has(n)) {
      out.push(diagnostic('ADQL_UNKNOWN_FUNCTION', `'${n.name.name}' is not a declared function`, n.name.span));
    }
  });
  return out;
}

/** The SQL with its string literals and quoted identifiers blanked out. */
function outsideQuotes(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, (m) => ' '.repeat(m.length));
}

/** True when generated SQL is one statement with no comment: a last line of defence, never expected to fail. */
export function isSingleStatement(sql: string): boolean {
  const bare = outsideQuotes(sql);
  return !bare.includes(';') && !bare.includes('--') && !bare.includes('/*');
}

/** Visits every AST node (objects with a `kind`), depth first. */
export function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if (typeof n.kind === 'string') visit(n as unknown as Node);
  for (const k in n) {
    if (k === 'span') continue;
    const v = n[k];
    if (typeof v === 'object' && v !== null) walk(v, visit);
  }
}

export type { Query };
