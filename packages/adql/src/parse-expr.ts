// Value expressions and search conditions. ADQL 2.1 BNF: <value_expression>, <numeric_value_expression>,
// <term>, <factor>, <concatenation>, <value_expression_primary>, <search_condition>, <predicate>.
import type {
  ColumnRef,
  ComparisonOperator,
  Condition,
  Expression,
  Identifier,
  NumberLiteral,
  StringLiteral,
} from './ast.ts';
import type { Token } from './lexer.ts';
import { isBuiltinFunctionWord, parseBuiltinFunction } from './parse-functions.ts';
import { parseSubquery } from './parse-query.ts';
import { Bail, type ParserState } from './parser-state.ts';

/** Keywords that end or structure a clause: finding one where a value is expected is a plain syntax error. */
const STRUCTURAL_WORDS = new Set([
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'BY',
  'OFFSET',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'JOIN',
  'ON',
  'USING',
  'AND',
  'OR',
  'AS',
  'ASC',
  'DESC',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'NATURAL',
  'OUTER',
  'CROSS',
  'BETWEEN',
  'IN',
  'LIKE',
  'ILIKE',
  'IS',
]);

/** Message for a reserved word found where a name is expected (ADQL 2.1 §2.1.2). */
export function reservedWordMessage(p: ParserState, t: Token, role = 'a column name'): string {
  const text = p.text.slice(t.start, t.end);
  return `'${text}' is a reserved word: quote it as "${text}" to use it as ${role}`;
}

function failExpectedValue(p: ParserState, what = 'a column, a function or a literal'): never {
  const t = p.peek();
  if (t.type === 'keyword' && !STRUCTURAL_WORDS.has(t.value) && t.value !== 'NULL') {
    p.fail(reservedWordMessage(p, t), t, 'ADQL_RESERVED_WORD');
  }
  if (t.type === 'operator' && t.value === '%') {
    p.fail("ADQL has no '%' operator: use MOD(a, b) for the remainder of a division", t);
  }
  return p.fail(`expected ${what}${p.afterPrevious()}, found ${p.describe(t)}`, t);
}

// ---- identifiers ------------------------------------------------------------------------------------------------

/** <identifier> ::= <regular_identifier> | <delimited_identifier> (ADQL 2.1 §2.1.3). */
export function parseIdentifier(p: ParserState, role = 'a name'): Identifier {
  const t = p.peek();
  if (t.type === 'identifier' || t.type === 'delimited') {
    p.next();
    return { kind: 'Identifier', name: t.value, delimited: t.type === 'delimited', span: p.tokenSpan(t) };
  }
  if (t.type === 'keyword' && !STRUCTURAL_WORDS.has(t.value)) {
    p.fail(reservedWordMessage(p, t, role), t, 'ADQL_RESERVED_WORD');
  }
  return p.fail(`expected ${role}${p.afterPrevious()}, found ${p.describe(t)}`, t);
}

export function isIdentifierStart(t: Token): boolean {
  return t.type === 'identifier' || t.type === 'delimited';
}

/** A dotted chain of identifiers; stops before `.*` so the caller can handle `t.*`. */
export function parseIdentifierChain(p: ParserState, role: string): Identifier[] {
  const parts = [parseIdentifier(p, role)];
  while (p.isOp('.') && !p.isOp('*', 1)) {
    p.next();
    parts.push(parseIdentifier(p, 'a name after the dot'));
  }
  return parts;
}

// ---- value expressions ------------------------------------------------------------------------------------------

/** <value_expression>, extended with the bitwise operators `|`, `^`, `&` (lowest precedence, as in C). */
export function parseValueExpression(p: ParserState): Expression {
  p.enter();
  try {
    return parseBitOr(p);
  } finally {
    p.leave();
  }
}

function parseBitwise(p: ParserState, op: '&' | '|' | '^', sub: (p: ParserState) => Expression): Expression {
  const start = p.peek().start;
  let left = sub(p);
  while (p.isOp(op)) {
    const t = p.next();
    // Bitwise operators are not in the ADQL 2.1 BNF: accepted with a warning.
    p.report(
      'ADQL_EXTENSION',
      `the bitwise operator '${op}' is not part of the ADQL 2.1 grammar; not every service accepts it`,
      p.tokenSpan(t),
      'warning',
    );
    p.requires21(`the bitwise operator '${op}'`, p.tokenSpan(t));
    const right = sub(p);
    left = { kind: 'Binary', op, left, right, span: p.spanFrom(start) };
  }
  return left;
}

const parseBitAnd = (p: ParserState): Expression => parseBitwise(p, '&', parseNumericOrConcatenation);
const parseBitXor = (p: ParserState): Expression => parseBitwise(p, '^', parseBitAnd);
const parseBitOr = (p: ParserState): Expression => parseBitwise(p, '|', parseBitXor);

/**
 * <numeric_value_expression> or <concatenation>. ADQL 2.1 BNF: the operands of `||` are <character_factor>s, i.e.
 * value primaries or string functions, never a signed or arithmetic expression: `'a' || -1` and `1 + 2 || 'a'`
 * are syntax errors (parenthesise: `'a' || (-1)`).
 */
function parseNumericOrConcatenation(p: ParserState): Expression {
  const start = p.peek().start;
  let left = parseAdditive(p);
  if (!p.isOp('||')) return left;
  if (left.kind === 'Binary' || left.kind === 'Unary') {
    p.fail(
      `the operands of '||' must be a value, a column, a function call or a parenthesised expression; put ` +
        `parentheses around the arithmetic before '||'`,
      p.peek(),
    );
  }
  while (p.isOp('||')) {
    p.next();
    const t = p.peek();
    if (t.type === 'operator' && (t.value === '-' || t.value === '+')) {
      p.fail(`a signed number after '||' must be in parentheses, e.g. || (${t.value}1)`, t);
    }
    const right = parsePrimary(p);
    left = { kind: 'Binary', op: '||', left, right, span: p.spanFrom(start) };
  }
  return left;
}

/** <numeric_value_expression> ::= <term> | nve + term | nve - term */
function parseAdditive(p: ParserState): Expression {
  const start = p.peek().start;
  let left = parseTerm(p);
  while (p.isOp('+') || p.isOp('-')) {
    const op = p.next().value as '+' | '-';
    const right = parseTerm(p);
    left = { kind: 'Binary', op, left, right, span: p.spanFrom(start) };
  }
  return left;
}

/** <term> ::= <factor> | term * factor | term / factor */
function parseTerm(p: ParserState): Expression {
  const start = p.peek().start;
  let left = parseFactor(p);
  for (;;) {
    if (p.isOp('*') || p.isOp('/')) {
      const op = p.next().value as '*' | '/';
      const right = parseFactor(p);
      left = { kind: 'Binary', op, left, right, span: p.spanFrom(start) };
    } else if (p.isOp('%')) {
      p.fail("ADQL has no '%' operator: use MOD(a, b) for the remainder of a division");
    } else {
      return left;
    }
  }
}

/** <factor> ::= [ <sign> ] <numeric_primary>; `~` (bitwise NOT) is accepted as an extension. */
function parseFactor(p: ParserState): Expression {
  const t = p.peek();
  if (t.type === 'operator' && (t.value === '+' || t.value === '-' || t.value === '~')) {
    p.next();
    if (t.value === '~') {
      p.report(
        'ADQL_EXTENSION',
        "the bitwise operator '~' is not part of the ADQL 2.1 grammar; not every service accepts it",
        p.tokenSpan(t),
        'warning',
      );
      p.requires21("the bitwise operator '~'", p.tokenSpan(t));
    }
    const n = p.peek();
    if (n.type === 'operator' && (n.value === '+' || n.value === '-' || n.value === '~')) {
      p.fail(`only one sign is allowed before a value; write ${t.value}(${n.value}...) with parentheses`, n);
    }
    const operand = parsePrimary(p);
    return { kind: 'Unary', op: t.value as '+' | '-' | '~', operand, span: p.spanFrom(t.start) };
  }
  return parsePrimary(p);
}

/** <value_expression_primary> and the function calls (<numeric_value_function>, <string_value_function>, ...). */
export function parsePrimary(p: ParserState): Expression {
  const t = p.peek();
  switch (t.type) {
    case 'number':
      p.next();
      return numberLiteral(p, t);
    case 'string':
      p.next();
      return { kind: 'String', value: t.value, span: p.tokenSpan(t) } satisfies StringLiteral;
    case 'keyword':
      if (t.value === 'NULL') {
        p.next();
        return { kind: 'Null', span: p.tokenSpan(t) };
      }
      if (isBuiltinFunctionWord(t.value)) {
        if (!p.isOp('(', 1)) p.fail(reservedWordMessage(p, t), t, 'ADQL_RESERVED_WORD');
        return parseBuiltinFunction(p);
      }
      return failExpectedValue(p);
    case 'identifier':
      if (p.isOp('(', 1)) return parseUdfCall(p);
      return parseColumnRef(p);
    case 'delimited':
      return parseColumnRef(p);
    case 'operator':
      if (t.value === '(') {
        if (p.isKeyword('SELECT', 1) || p.isKeyword('WITH', 1)) {
          const query = parseSubquery(p);
          p.report(
            'ADQL_EXTENSION',
            'a subquery used as a value is not part of the ADQL 2.1 grammar (only IN, EXISTS and FROM take subqueries)',
            query.span,
            'warning',
          );
          return { kind: 'ScalarSubquery', query, span: query.span };
        }
        p.enter();
        try {
          p.next();
          const expr = parseValueExpression(p);
          p.expectOp(')', "')' to close the parenthesis");
          return { kind: 'Parenthesized', expr, span: p.spanFrom(t.start) };
        } finally {
          p.leave();
        }
      }
      return failExpectedValue(p);
    default:
      return failExpectedValue(p);
  }
}

export function numberLiteral(p: ParserState, t: Token): NumberLiteral {
  const form = t.numberForm ?? 'integer';
  if (form === 'hex') {
    p.report(
      'ADQL_EXTENSION',
      'hexadecimal literals are not part of the ADQL 2.1 grammar; not every service accepts them',
      p.tokenSpan(t),
      'warning',
    );
    p.requires21('a hexadecimal literal', p.tokenSpan(t));
  }
  const value = form === 'hex' ? Number.parseInt(t.value.slice(2), 16) : Number(t.value);
  return { kind: 'Number', text: t.value, form, value, span: p.tokenSpan(t) };
}

/** <column_reference> ::= [ <qualifier> . ] <column_name>; a qualifier is a table name of up to 3 parts. */
function parseColumnRef(p: ParserState): ColumnRef {
  const start = p.peek().start;
  const parts = parseIdentifierChain(p, 'a column name');
  if (parts.length > 4) {
    p.failAt(
      `'${p.text.slice(start, p.previous()?.end)}' has too many dots: a column is written column, table.column, ` +
        'schema.table.column or catalog.schema.table.column',
      p.spanFrom(start),
      'ADQL_SYNTAX',
    );
  }
  return { kind: 'ColumnRef', parts, span: p.spanFrom(start) };
}

/** <user_defined_function> ::= <user_defined_function_name> ( [ param { , param } ] ) */
function parseUdfCall(p: ParserState): Expression {
  const t = p.next();
  const name: Identifier = { kind: 'Identifier', name: t.value, delimited: false, span: p.tokenSpan(t) };
  const args = parseArgumentList(p, name.name);
  return { kind: 'UdfCall', name, args, span: p.spanFrom(t.start) };
}

/** `( [expr {, expr}] )` */
export function parseArgumentList(p: ParserState, fn: string): Expression[] {
  p.expectOp('(', `'(' after ${fn}`);
  const args: Expression[] = [];
  if (p.eatOp(')')) return args;
  p.enter();
  try {
    for (;;) {
      args.push(parseValueExpression(p));
      if (p.eatOp(',')) continue;
      p.expectOp(')', `',' or ')' in the arguments of ${fn}`);
      return args;
    }
  } finally {
    p.leave();
  }
}

// ---- search conditions ------------------------------------------------------------------------------------------

/** <search_condition> ::= <boolean_term> | <search_condition> OR <boolean_term> */
export function parseSearchCondition(p: ParserState): Condition {
  p.enter();
  try {
    const start = p.peek().start;
    let left = parseBooleanTerm(p);
    while (p.eatKeyword('OR')) {
      const right = parseBooleanTerm(p);
      left = { kind: 'Logical', op: 'OR', left, right, span: p.spanFrom(start) };
    }
    return left;
  } finally {
    p.leave();
  }
}

/** <boolean_term> ::= <boolean_factor> | <boolean_term> AND <boolean_factor> */
function parseBooleanTerm(p: ParserState): Condition {
  const start = p.peek().start;
  let left = parseBooleanFactor(p);
  while (p.eatKeyword('AND')) {
    const right = parseBooleanFactor(p);
    left = { kind: 'Logical', op: 'AND', left, right, span: p.spanFrom(start) };
  }
  return left;
}

/** <boolean_factor> ::= [ NOT ] <boolean_primary> */
function parseBooleanFactor(p: ParserState): Condition {
  const t = p.peek();
  if (p.eatKeyword('NOT')) {
    p.enter();
    try {
      const condition = parseBooleanFactor(p);
      return { kind: 'Not', condition, span: p.spanFrom(t.start) };
    } finally {
      p.leave();
    }
  }
  return parseBooleanPrimary(p);
}

const VALUE_CONTINUATIONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '||', '&', '|', '^']);
const PREDICATE_WORDS = new Set(['BETWEEN', 'IN', 'LIKE', 'ILIKE', 'IS', 'NOT']);

/**
 * <boolean_primary> ::= ( <search_condition> ) | <predicate>. A `(` can open either a condition or a value
 * (`(mag + 2) < 5`): the condition is tried first and abandoned if it fails or if the `)` is followed by
 * something that continues a value. Failures are memoised per position so nesting stays linear.
 */
function parseBooleanPrimary(p: ParserState): Condition {
  const t = p.peek();
  if (t.type === 'operator' && t.value === '(' && !p.isKeyword('SELECT', 1) && !p.failedParenConditions.has(p.pos)) {
    const at = p.pos;
    const cond = p.speculate<Condition>(() => {
      p.next();
      const condition = parseSearchCondition(p);
      p.expectOp(')');
      const n = p.peek();
      if (
        (n.type === 'operator' && VALUE_CONTINUATIONS.has(n.value)) ||
        (n.type === 'keyword' && PREDICATE_WORDS.has(n.value))
      ) {
        throw new Bail('value');
      }
      return { kind: 'ParenthesizedCondition', condition, span: p.spanFrom(t.start) };
    });
    if (cond) return cond;
    p.failedParenConditions.add(at);
  }
  return parsePredicate(p);
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

/** <predicate> ::= comparison | between | in | like | null | exists (ADQL 2.1 BNF). */
function parsePredicate(p: ParserState): Condition {
  const t = p.peek();
  if (p.eatKeyword('EXISTS')) {
    if (!p.isOp('(') || !(p.isKeyword('SELECT', 1) || p.isKeyword('WITH', 1) || p.isOp('(', 1))) {
      p.fail(
        `expected a subquery in parentheses after EXISTS, e.g. EXISTS (SELECT ...), found ${p.describe(p.peek())}`,
      );
    }
    const query = parseSubquery(p);
    return { kind: 'Exists', query, span: p.spanFrom(t.start) };
  }
  const left = parseValueExpression(p);
  const n = p.peek();
  if (n.type === 'operator' && COMPARISONS.has(n.value)) {
    p.next();
    const op = (n.value === '!=' ? '<>' : n.value) as ComparisonOperator;
    const right = parseValueExpression(p);
    return { kind: 'Comparison', op, left, right, span: p.spanFrom(t.start) };
  }
  const not =
    p.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE', 'ILIKE'].includes(p.peek(1).value) && p.peek(1).type === 'keyword';
  if (not) p.next();
  if (p.eatKeyword('BETWEEN')) {
    const low = parseValueExpression(p);
    p.expectKeyword('AND', 'AND between the two bounds of BETWEEN');
    const high = parseValueExpression(p);
    return { kind: 'Between', not, expr: left, low, high, span: p.spanFrom(t.start) };
  }
  if (p.eatKeyword('IN')) {
    if (!p.isOp('('))
      p.fail(`expected a list of values in parentheses or a subquery after IN, found ${p.describe(p.peek())}`);
    if (p.isKeyword('SELECT', 1) || p.isKeyword('WITH', 1)) {
      const query = parseSubquery(p);
      return { kind: 'In', not, expr: left, values: query, span: p.spanFrom(t.start) };
    }
    p.next();
    const values: Expression[] = [];
    for (;;) {
      values.push(parseValueExpression(p));
      if (p.eatOp(',')) continue;
      p.expectOp(')', "',' or ')' in the IN list");
      break;
    }
    return { kind: 'In', not, expr: left, values, span: p.spanFrom(t.start) };
  }
  const like = p.eatKeyword('LIKE') ?? p.eatKeyword('ILIKE');
  if (like) {
    if (like.value === 'ILIKE') p.requires21('ILIKE', p.tokenSpan(like));
    const pattern = parseValueExpression(p);
    return {
      kind: 'Like',
      not,
      caseInsensitive: like.value === 'ILIKE',
      expr: left,
      pattern,
      span: p.spanFrom(t.start),
    };
  }
  if (p.eatKeyword('IS')) {
    const isNot = !!p.eatKeyword('NOT');
    p.expectKeyword('NULL', isNot ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS');
    return { kind: 'IsNull', not: isNot, expr: left, span: p.spanFrom(t.start) };
  }
  if (left.kind === 'FunctionCall' && (left.name === 'CONTAINS' || left.name === 'INTERSECTS')) {
    p.fail(`${left.name}(...) gives 1 or 0 and must be compared: write ${left.name}(...) = 1 (ADQL 2.1 §4.2)`, n);
  }
  return p.fail(
    `expected a comparison (=, <>, <, >, <=, >=), BETWEEN, IN, LIKE or IS NULL${p.afterPrevious()}, found ${p.describe(n)}`,
    n,
  );
}
