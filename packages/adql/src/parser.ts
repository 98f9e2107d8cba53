// The public entry points of the ADQL parser. They never throw: every problem is a diagnostic with a span.
import type { Condition, Query, Select } from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import { lex } from './lexer.ts';
import { parseSearchCondition } from './parse-expr.ts';
import { parseQuerySpecification, parseSelectQuery } from './parse-query.ts';
import { Bail, type ParserOptions, ParserState, TooDeep } from './parser-state.ts';
import { LineIndex } from './span.ts';

export type { ParserOptions } from './parser-state.ts';

export interface ParseResult<T> {
  /** Present when there is no error (warnings may be present). */
  readonly ast?: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses a complete ADQL query (ADQL 2.1 <query_specification>, optionally followed by one `;`). */
export function parse(text: string, options: ParserOptions = {}): ParseResult<Query> {
  return run(text, options, (p) => parseQuerySpecification(p));
}

/**
 * Parses a fragment: `'select'` a SELECT clause without FROM (`SELECT POINT(1, 2)`), `'where'` a WHERE clause
 * (`WHERE mag < 2`, returning its condition). Used by tests ported from other parsers and by tools.
 */
export function parseFragment(text: string, entry: 'select', options?: ParserOptions): ParseResult<Select>;
export function parseFragment(text: string, entry: 'where', options?: ParserOptions): ParseResult<Condition>;
export function parseFragment(
  text: string,
  entry: 'select' | 'where',
  options: ParserOptions = {},
): ParseResult<Select | Condition> {
  if (entry === 'select') return run(text, options, (p) => parseSelectQuery(p, false));
  return run(text, options, (p) => {
    p.expectKeyword('WHERE');
    return parseSearchCondition(p);
  });
}

function run<T>(text: string, options: ParserOptions, body: (p: ParserState) => T): ParseResult<T> {
  const diagnostics: Diagnostic[] = [];
  const lines = new LineIndex(text);
  try {
    const tokens = lex(text, lines, diagnostics, options);
    const p = new ParserState(text, tokens, lines, diagnostics, options);
    let ast: T | undefined;
    try {
      ast = body(p);
      const semi = p.eatOp(';');
      const t = p.peek();
      if (t.type !== 'eof') {
        if (semi) {
          p.fail('only one statement is allowed: remove the text after the semicolon', t);
        }
        if (t.type === 'operator' && t.value === ')') p.fail("this ')' has no matching '('", t);
        p.fail(`unexpected ${p.describe(t)}${p.afterPrevious()}: expected the end of the query`, t);
      }
    } catch (e) {
      if (!(e instanceof Bail) && !(e instanceof TooDeep)) throw e;
    }
    const ok = !diagnostics.some((d) => d.severity === 'error');
    return ok && ast !== undefined ? { ast, diagnostics } : { diagnostics: ensureError(diagnostics, lines, text) };
  } catch (e) {
    // A bug in the parser must still not reach the caller as an exception.
    diagnostics.push({
      code: 'ADQL_SYNTAX',
      severity: 'error',
      message: `internal parser error (please report): ${e instanceof Error ? e.message : String(e)}`,
      span: lines.span(0, text.length),
    });
    return { diagnostics };
  }
}

function ensureError(diagnostics: Diagnostic[], lines: LineIndex, text: string): Diagnostic[] {
  if (diagnostics.some((d) => d.severity === 'error')) return diagnostics;
  return [
    ...diagnostics,
    {
      code: 'ADQL_SYNTAX',
      severity: 'error',
      message: 'the query could not be parsed',
      span: lines.span(0, text.length),
    },
  ];
}
