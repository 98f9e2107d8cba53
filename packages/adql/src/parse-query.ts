// Queries: WITH, set operations, SELECT, FROM and joins, WHERE, GROUP BY, HAVING, ORDER BY, OFFSET.
// ADQL 2.1 BNF <query_specification>, <select_expression>, <query_set_expression>, <select_query>,
// <table_reference>, <qualified_join>; §2.2 (query syntax), §4.4 (set operators), §4.5 (WITH), §4.9 (OFFSET).
import type {
  Condition,
  Expression,
  FromItem,
  Identifier,
  Join,
  JoinType,
  NumberLiteral,
  OrderItem,
  Query,
  QueryBody,
  Select,
  SelectItem,
  TableName,
  WithQuery,
} from './ast.ts';
import {
  isIdentifierStart,
  numberLiteral,
  parseIdentifier,
  parseIdentifierChain,
  parseSearchCondition,
  parseValueExpression,
  reservedWordMessage,
} from './parse-expr.ts';
import { Bail, type ParserState } from './parser-state.ts';

/** Keywords where parsing resumes after an error inside a clause. */
const CLAUSE_WORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'OFFSET',
  'UNION',
  'INTERSECT',
  'EXCEPT',
]);

/**
 * Error recovery: runs `fn`; on failure (outside speculation) skips to the next clause keyword or unmatched `)`
 * at the current nesting level and returns `fallback`, so the following clauses are still checked.
 */
function recover<T>(p: ParserState, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof Bail) || p.speculating > 0) throw e;
    let depth = 0;
    for (;;) {
      const t = p.peek();
      if (t.type === 'eof') break;
      if (t.type === 'operator' && t.value === '(') depth++;
      if (t.type === 'operator' && t.value === ')') {
        // Inside a subquery, an unmatched ')' closes it; at the top level it is skipped.
        if (depth === 0 && p.depth > 1) break;
        depth = Math.max(0, depth - 1);
      }
      if (depth === 0 && t.type === 'keyword' && CLAUSE_WORDS.has(t.value)) break;
      p.next();
    }
    return fallback;
  }
}

/** <query_specification> ::= [ <with_clause> ] <select_expression> (the whole query). */
export function parseQuerySpecification(p: ParserState): Query {
  const start = p.peek().start;
  const withs: WithQuery[] = [];
  const w = p.eatKeyword('WITH');
  if (w) {
    p.requires21('WITH', p.tokenSpan(w));
    do {
      withs.push(parseWithQuery(p));
    } while (p.eatOp(','));
  }
  return parseSelectExpression(p, start, withs);
}

/** <with_query> ::= <query_name> AS ( <select_expression> ) */
function parseWithQuery(p: ParserState): WithQuery {
  const start = p.peek().start;
  const name = parseIdentifier(p, 'a name for the WITH query');
  p.expectKeyword('AS', 'AS after the name of the WITH query');
  p.expectOp('(', "'(' and a SELECT after AS");
  const query = parseNestedSelectExpression(p, 'a WITH query');
  p.expectOp(')', "')' to close the WITH query");
  return { kind: 'WithQuery', name, query, span: p.spanFrom(start) };
}

/** A <select_expression> inside parentheses: WITH is only allowed at the top (ADQL 2.1 §4.5). */
function parseNestedSelectExpression(p: ParserState, where: string): Query {
  if (p.isKeyword('WITH')) {
    p.fail(
      `WITH is only allowed at the very start of the query, not inside ${where}: declare every WITH query at the top`,
    );
  }
  return parseSelectExpression(p, p.peek().start, []);
}

/** <select_expression> ::= <query_set_expression> [ <order_by_clause> ] [ <offset_clause> ] */
function parseSelectExpression(p: ParserState, start: number, withs: WithQuery[]): Query {
  p.enter();
  try {
    const body = parseSetExpression(p);
    let orderBy: OrderItem[] = [];
    if (p.isKeyword('ORDER')) orderBy = recover(p, () => parseOrderBy(p), []);
    let offset: NumberLiteral | null = null;
    const o = p.eatKeyword('OFFSET');
    if (o) {
      p.requires21('OFFSET', p.tokenSpan(o));
      offset = recover(p, () => parseUnsignedInteger(p, 'OFFSET', 'the number of rows to skip'), null);
    }
    return { kind: 'Query', with: withs, body, orderBy, offset, span: p.spanFrom(start) };
  } finally {
    p.leave();
  }
}

/**
 * <query_set_expression>: UNION and EXCEPT, left-associative, over INTERSECT terms. INTERSECT binds tighter, as in
 * SQL and as ADQL 2.1 §4.4 says (the BNF's <query_set_term> writes `term INTERSECT expression`; we follow the text
 * and SQL-92, which gives the same trees for every query in the spec's examples).
 */
function parseSetExpression(p: ParserState): QueryBody {
  const start = p.peek().start;
  let left = parseSetTerm(p);
  for (;;) {
    const t = p.eatKeyword('UNION') ?? p.eatKeyword('EXCEPT');
    if (!t) return left;
    p.requires21(t.value, p.tokenSpan(t));
    const all = !!p.eatKeyword('ALL');
    const right = parseSetTerm(p);
    left = { kind: 'SetOperation', op: t.value as 'UNION' | 'EXCEPT', all, left, right, span: p.spanFrom(start) };
  }
}

function parseSetTerm(p: ParserState): QueryBody {
  const start = p.peek().start;
  let left = parseSetPrimary(p);
  for (;;) {
    const t = p.eatKeyword('INTERSECT');
    if (!t) return left;
    p.requires21(t.value, p.tokenSpan(t));
    const all = !!p.eatKeyword('ALL');
    const right = parseSetPrimary(p);
    left = { kind: 'SetOperation', op: 'INTERSECT', all, left, right, span: p.spanFrom(start) };
  }
}

/** <query_set_primary> ::= <select_query> | ( <select_expression> ) */
function parseSetPrimary(p: ParserState): QueryBody {
  const t = p.peek();
  if (t.type === 'operator' && t.value === '(') {
    p.next();
    const q = parseNestedSelectExpression(p, 'parentheses');
    p.expectOp(')', "')' to close the parenthesised query");
    return { ...q, span: p.spanFrom(t.start) };
  }
  return parseSelectQuery(p, true);
}

/** <select_query> ::= SELECT [ALL|DISTINCT] [TOP n] <select_list> <from_clause> [WHERE] [GROUP BY] [HAVING] */
export function parseSelectQuery(p: ParserState, requireFrom: boolean): Select {
  const start = p.peek().start;
  if (!p.isKeyword('SELECT')) {
    const t = p.peek();
    if (t.type === 'identifier' && /^select/i.test(t.value)) {
      p.fail(`expected SELECT, found '${t.value}': put spaces between the words of the query`, t);
    }
    p.fail(
      `expected SELECT${p.previous() ? p.afterPrevious() : ' at the start of the query'}, found ${p.describe(t)}`,
      t,
    );
  }
  p.next();
  const q = p.eatKeyword('DISTINCT') ?? p.eatKeyword('ALL');
  let top: NumberLiteral | null = null;
  if (p.eatKeyword('TOP')) top = recover(p, () => parseUnsignedInteger(p, 'TOP', 'the maximum number of rows'), null);
  const items = recover(p, () => parseSelectList(p), []);
  let from: FromItem[] = [];
  if (requireFrom || p.isKeyword('FROM')) {
    from = recover(p, () => {
      p.expectKeyword('FROM', "',' or FROM after the selected columns");
      return parseFromList(p);
    }, []);
  }
  let where: Condition | null = null;
  if (p.eatKeyword('WHERE')) where = recover(p, () => parseSearchCondition(p), null);
  let groupBy: Expression[] = [];
  if (p.eatKeyword('GROUP')) {
    groupBy = recover(p, () => {
      p.expectKeyword('BY', 'BY after GROUP');
      const list = [parseValueExpression(p)];
      while (p.eatOp(',')) list.push(parseValueExpression(p));
      return list;
    }, []);
  }
  let having: Condition | null = null;
  if (p.eatKeyword('HAVING')) having = recover(p, () => parseSearchCondition(p), null);
  return {
    kind: 'Select',
    quantifier: (q?.value as 'ALL' | 'DISTINCT' | undefined) ?? null,
    top,
    items,
    from,
    where,
    groupBy,
    having,
    span: p.spanFrom(start),
  };
}

function parseUnsignedInteger(p: ParserState, after: string, what: string): NumberLiteral {
  const t = p.peek();
  if (t.type !== 'number' || t.numberForm !== 'integer') {
    p.fail(`expected ${what} after ${after} (a whole number like 10), found ${p.describe(t)}`, t);
  }
  p.next();
  return numberLiteral(p, t);
}

/** <select_list> ::= * | <select_sublist> { , <select_sublist> } */
function parseSelectList(p: ParserState): SelectItem[] {
  const star = p.eatOp('*');
  if (star && !p.isOp(',')) return [{ kind: 'SelectAll', span: p.tokenSpan(star) }];
  if (star) p.pos--;
  const items: SelectItem[] = [];
  do {
    if (p.isKeyword('FROM') && items.length > 0) {
      p.fail(`expected a column, a function or a literal after ',', found 'FROM' (remove the last comma)`);
    }
    const s = p.eatOp('*');
    if (s) {
      // BNF <select_list> ::= * | <select_sublist> {, ...}: `*` mixed with columns is not in the grammar, but
      // real clients send it (lyonetia X1, ESO queries) and every database accepts it.
      p.report(
        'ADQL_EXTENSION',
        "'*' together with other columns is not part of the ADQL 2.1 grammar; write table.* instead",
        p.tokenSpan(s),
        'warning',
      );
      items.push({ kind: 'SelectAll', span: p.tokenSpan(s) });
      continue;
    }
    items.push(parseSelectSublist(p));
  } while (p.eatOp(','));
  return items;
}

/** <select_sublist> ::= <derived_column> | <qualifier> . * */
function parseSelectSublist(p: ParserState): SelectItem {
  const start = p.peek().start;
  if (isIdentifierStart(p.peek()) && !p.isOp('(', 1)) {
    // Look ahead for `a.b.*`.
    let k = 1;
    while (p.isOp('.', k) && isIdentifierStart(p.peek(k + 1))) k += 2;
    if (p.isOp('.', k) && p.isOp('*', k + 1)) {
      const parts = parseIdentifierChain(p, 'a table name');
      p.expectOp('.');
      p.expectOp('*');
      if (parts.length > 3)
        p.failAt('a table is written table, schema.table or catalog.schema.table', p.spanFrom(start), 'ADQL_SYNTAX');
      const qualifier: TableName = { kind: 'TableName', parts, span: p.spanFrom(start) };
      return { kind: 'SelectAllOf', qualifier, span: p.spanFrom(start) };
    }
  }
  const expr = parseValueExpression(p);
  let alias: Identifier | null = null;
  if (p.eatKeyword('AS')) alias = parseIdentifier(p, 'a column alias after AS');
  else if (isIdentifierStart(p.peek())) alias = parseIdentifier(p, 'a column alias');
  return { kind: 'SelectColumn', expr, alias, span: p.spanFrom(start) };
}

/** <from_clause> ::= FROM <table_reference> { , <table_reference> } */
function parseFromList(p: ParserState): FromItem[] {
  const items = [parseTableReference(p)];
  while (p.eatOp(',')) items.push(parseTableReference(p));
  return items;
}

/** <table_reference> with its joins (left-associative). */
function parseTableReference(p: ParserState): FromItem {
  const start = p.peek().start;
  let left = parseTablePrimary(p);
  for (;;) {
    const join = parseJoinRest(p, left, start);
    if (!join) return left;
    left = join;
  }
}

/** [NATURAL] [INNER | {LEFT|RIGHT|FULL} [OUTER] | CROSS] JOIN <table> [ON cond | USING (cols)] */
function parseJoinRest(p: ParserState, left: FromItem, start: number): Join | null {
  const t = p.peek();
  if (t.type !== 'keyword' || !['NATURAL', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'JOIN', 'CROSS'].includes(t.value))
    return null;
  const natural = !!p.eatKeyword('NATURAL');
  let type: JoinType | null = null;
  let outer = false;
  const jt = p.peek();
  if (p.eatKeyword('INNER')) type = 'INNER';
  else if (p.eatKeyword('LEFT')) type = 'LEFT';
  else if (p.eatKeyword('RIGHT')) type = 'RIGHT';
  else if (p.eatKeyword('FULL')) type = 'FULL';
  else if (p.eatKeyword('CROSS')) {
    type = 'CROSS';
    // Not in the ADQL 2.1 BNF <join_type>; the same as a comma in FROM.
    p.report(
      'ADQL_EXTENSION',
      'CROSS JOIN is not part of the ADQL 2.1 grammar; a comma between tables means the same',
      p.tokenSpan(jt),
      'warning',
    );
    if (natural) p.fail('NATURAL and CROSS cannot be combined', jt);
  }
  if (type === 'LEFT' || type === 'RIGHT' || type === 'FULL') outer = !!p.eatKeyword('OUTER');
  p.expectKeyword('JOIN', type ? `JOIN after ${type}${outer ? ' OUTER' : ''}` : 'JOIN after NATURAL');
  const right = parseTablePrimary(p);
  let on: Condition | null = null;
  let using: Identifier[] | null = null;
  if (p.isKeyword('ON') || p.isKeyword('USING')) {
    if (natural || type === 'CROSS') p.fail(`a ${natural ? 'NATURAL' : 'CROSS'} JOIN takes no ON or USING condition`);
    if (p.eatKeyword('ON')) on = parseSearchCondition(p);
    else {
      p.next();
      p.expectOp('(', "'(' and column names after USING");
      using = [parseIdentifier(p, 'a column name in USING (...)')];
      while (p.eatOp(',')) using.push(parseIdentifier(p, 'a column name in USING (...)'));
      p.expectOp(')', "',' or ')' in USING (...)");
    }
  } else if (!natural && type !== 'CROSS') {
    // The BNF makes <join_specification> optional (`t1 JOIN t2` parses), but such a join means nothing in SQL.
    p.report(
      'ADQL_EXTENSION',
      'this JOIN has no ON or USING condition: databases reject it; add ON ... or USING (...), or write NATURAL JOIN',
      p.spanFrom(start),
      'warning',
    );
  }
  return { kind: 'Join', natural, type, outer, left, right, on, using, span: p.spanFrom(start) };
}

/** <table_name> [[AS] alias] | <derived_table> [AS] alias | ( <joined_table> ) */
function parseTablePrimary(p: ParserState): FromItem {
  const t = p.peek();
  const start = t.start;
  if (t.type === 'operator' && t.value === '(') {
    if (p.isKeyword('SELECT', 1) || p.isKeyword('WITH', 1) || (p.isOp('(', 1) && looksLikeQuery(p))) {
      const query = parseSubquery(p);
      const as = p.eatKeyword('AS');
      if (!as && !isIdentifierStart(p.peek())) {
        p.fail(
          `a subquery in FROM needs a name: add AS name after the closing parenthesis${p.peek().type === 'eof' ? '' : `, found ${p.describe(p.peek())}`}`,
        );
      }
      const alias = parseIdentifier(p, 'a name for the subquery');
      return { kind: 'DerivedTable', query, alias, span: p.spanFrom(start) };
    }
    p.enter();
    try {
      p.next();
      const inner = parseTableReference(p);
      p.expectOp(')', "')' to close the parenthesised join");
      if (inner.kind !== 'Join' && inner.kind !== 'ParenthesizedJoin') {
        p.failAt(
          'only a join can be put in parentheses in FROM (write the table without them)',
          p.spanFrom(start),
          'ADQL_SYNTAX',
        );
      }
      return { kind: 'ParenthesizedJoin', join: inner as Join, span: p.spanFrom(start) };
    } finally {
      p.leave();
    }
  }
  if (
    t.type === 'keyword' &&
    !CLAUSE_WORDS.has(t.value) &&
    !['JOIN', 'NATURAL', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'ON', 'USING'].includes(t.value)
  ) {
    p.fail(reservedWordMessage(p, t, 'a table name'), t, 'ADQL_RESERVED_WORD');
  }
  if (!isIdentifierStart(t)) p.fail(`expected a table name${p.afterPrevious()}, found ${p.describe(t)}`, t);
  const parts = parseIdentifierChain(p, 'a table name');
  if (parts.length > 3) {
    p.failAt(
      'a table is written table, schema.table or catalog.schema.table (too many dots)',
      p.spanFrom(start),
      'ADQL_SYNTAX',
    );
  }
  const name: TableName = { kind: 'TableName', parts, span: p.spanFrom(start) };
  let alias: Identifier | null = null;
  if (p.eatKeyword('AS')) alias = parseIdentifier(p, 'a table alias after AS');
  else if (isIdentifierStart(p.peek())) alias = parseIdentifier(p, 'a table alias');
  return { kind: 'TableRef', name, alias, span: p.spanFrom(start) };
}

/** `((SELECT ...) UNION ...)`: a parenthesis that opens a query rather than a join. */
function looksLikeQuery(p: ParserState): boolean {
  let k = 1;
  while (p.isOp('(', k)) k++;
  return p.isKeyword('SELECT', k);
}

/** <subquery> ::= ( <query_expression> ) */
export function parseSubquery(p: ParserState): Query {
  const start = p.peek().start;
  p.expectOp('(', "'(' before the subquery");
  const q = parseNestedSelectExpression(p, 'a subquery');
  p.expectOp(')', "')' to close the subquery");
  return { ...q, span: p.spanFrom(start) };
}

/** <order_by_clause> ::= ORDER BY <order_by_term> { , <order_by_term> } */
function parseOrderBy(p: ParserState): OrderItem[] {
  p.expectKeyword('ORDER');
  p.expectKeyword('BY', 'BY after ORDER');
  const items: OrderItem[] = [];
  do {
    const start = p.peek().start;
    const expr = parseValueExpression(p);
    const d = p.eatKeyword('ASC') ?? p.eatKeyword('DESC');
    items.push({
      kind: 'OrderItem',
      expr,
      direction: (d?.value as 'ASC' | 'DESC' | undefined) ?? null,
      span: p.spanFrom(start),
    });
  } while (p.eatOp(','));
  return items;
}
