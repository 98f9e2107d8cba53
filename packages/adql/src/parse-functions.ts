// The built-in functions: ADQL 2.1 §2.3 (mathematical and trigonometrical), set functions (aggregates), and the
// optional features of §4: geometry (§4.2), string functions (§4.3), CAST (§4.6), COALESCE (§4.7),
// IN_UNIT (§4.8). Argument counts and forms follow the BNF; types are left to the checker.
import type {
  BuiltinFunctionName,
  CastTypeName,
  Coordinates,
  CoordSys,
  Expression,
  Position,
  StringLiteral,
} from './ast.ts';
import { parseArgumentList, parseValueExpression } from './parse-expr.ts';
import type { ParserState } from './parser-state.ts';
import type { Span } from './span.ts';

/** Fixed arities (min, max) of the plain numeric functions, ADQL 2.1 BNF <math_function> and <trig_function>. */
const NUMERIC_FUNCTIONS: Record<string, readonly [number, number]> = {
  ABS: [1, 1],
  CEILING: [1, 1],
  DEGREES: [1, 1],
  EXP: [1, 1],
  FLOOR: [1, 1],
  LOG: [1, 1],
  LOG10: [1, 1],
  MOD: [2, 2],
  PI: [0, 0],
  POWER: [2, 2],
  RADIANS: [1, 1],
  RAND: [0, 1],
  ROUND: [1, 2],
  SQRT: [1, 1],
  TRUNCATE: [1, 2],
  ACOS: [1, 1],
  ASIN: [1, 1],
  ATAN: [1, 1],
  ATAN2: [2, 2],
  COS: [1, 1],
  COT: [1, 1],
  SIN: [1, 1],
  TAN: [1, 1],
};

const AGGREGATES = new Set(['AVG', 'MAX', 'MIN', 'SUM', 'COUNT']);
const GEOMETRY_CONSTRUCTORS = new Set(['POINT', 'CIRCLE', 'BOX', 'POLYGON', 'REGION']);
const GEOMETRY_FUNCTIONS = new Set([
  'CONTAINS',
  'INTERSECTS',
  'DISTANCE',
  'AREA',
  'CENTROID',
  'COORD1',
  'COORD2',
  'COORDSYS',
]);
const OTHER_FUNCTIONS = new Set(['CAST', 'COALESCE', 'LOWER', 'UPPER', 'IN_UNIT']);

export function isBuiltinFunctionWord(word: string): boolean {
  return (
    word in NUMERIC_FUNCTIONS ||
    AGGREGATES.has(word) ||
    GEOMETRY_CONSTRUCTORS.has(word) ||
    GEOMETRY_FUNCTIONS.has(word) ||
    OTHER_FUNCTIONS.has(word)
  );
}

const plural = (n: number, what = 'argument') => `${n} ${what}${n === 1 ? '' : 's'}`;

function arityText(min: number, max: number): string {
  return min === max ? plural(min) : `${min} to ${max} arguments`;
}

function spanOf(args: readonly Expression[], fallback: Span): Span {
  if (args.length === 0) return fallback;
  return { start: args[0].span.start, end: args[args.length - 1].span.end };
}

export function parseBuiltinFunction(p: ParserState): Expression {
  const t = p.next();
  const name = t.value;
  const start = t.start;
  if (AGGREGATES.has(name)) return parseAggregate(p, name as 'AVG', start);
  if (name === 'CAST') return parseCast(p, start);
  const args = parseArgumentList(p, name);
  const span = p.spanFrom(start);
  const at = (i: number) => args[i].span;
  if (name in NUMERIC_FUNCTIONS) {
    const [min, max] = NUMERIC_FUNCTIONS[name];
    if (args.length < min || args.length > max) {
      p.failAt(`${name} takes ${arityText(min, max)}, found ${args.length}`, spanOf(args, span));
    }
    for (const a of args) requireNumeric(p, name, a);
    // ROUND/TRUNCATE: the second argument is a <signed_integer>; RAND's seed is an <unsigned_decimal>.
    if ((name === 'ROUND' || name === 'TRUNCATE') && args.length === 2 && !isSignedInteger(args[1])) {
      p.failAt(`the second argument of ${name} is the number of decimals and must be an integer like 2 or -1`, at(1));
    }
    if (name === 'RAND' && args.length === 1 && !(args[0].kind === 'Number' && args[0].form === 'integer')) {
      p.failAt('the argument of RAND is a seed and must be an unsigned integer', at(0));
    }
    return { kind: 'FunctionCall', name: name as BuiltinFunctionName, args, span };
  }
  switch (name) {
    case 'LOWER':
    case 'UPPER':
      // ADQL 2.1 §4.3 <case_folding_function>
      p.requires21(name, p.tokenSpan(t));
      if (args.length !== 1) p.failAt(`${name} takes 1 argument (a string), found ${args.length}`, spanOf(args, span));
      return { kind: 'FunctionCall', name, args, span };
    case 'COALESCE':
      // ADQL 2.1 §4.7 <coalesce_expression>: at least one argument
      p.requires21(name, p.tokenSpan(t));
      if (args.length === 0) p.failAt('COALESCE takes at least 1 argument, found none', span);
      return { kind: 'FunctionCall', name, args, span };
    case 'IN_UNIT':
      // ADQL 2.1 §4.8 <in_unit_function>: IN_UNIT(numeric, 'unit string')
      p.requires21(name, p.tokenSpan(t));
      if (args.length !== 2)
        p.failAt(`IN_UNIT takes 2 arguments (a number and a unit string), found ${args.length}`, spanOf(args, span));
      requireNumeric(p, name, args[0]);
      if (args[1].kind !== 'String')
        p.failAt("the second argument of IN_UNIT must be a unit string literal, e.g. 'km/s'", at(1));
      return { kind: 'FunctionCall', name, args, span };
    case 'REGION':
      // ADQL 2.1 BNF <region> ::= REGION ( <character_string_literal> )
      if (args.length !== 1)
        p.failAt(`REGION takes 1 argument (a string literal), found ${args.length}`, spanOf(args, span));
      if (args[0].kind !== 'String')
        p.failAt('the argument of REGION must be a string literal (the STC-S region text)', at(0));
      return { kind: 'Region', arg: args[0] as StringLiteral, span };
    case 'POINT':
      return parsePoint(p, args, span);
    case 'CIRCLE':
      return parseCircleOrBox(p, 'CIRCLE', args, span);
    case 'BOX':
      return parseCircleOrBox(p, 'BOX', args, span);
    case 'POLYGON':
      return parsePolygon(p, args, span);
    case 'CONTAINS':
    case 'INTERSECTS':
      // <contains>, <intersects>: two <geometry_value_expression>s
      if (args.length !== 2) p.failAt(`${name} takes 2 geometries, found ${plural(args.length)}`, spanOf(args, span));
      for (const a of args) requireGeometry(p, name, a);
      return { kind: 'FunctionCall', name, args, span };
    case 'AREA':
    case 'CENTROID':
    case 'COORDSYS':
      if (args.length !== 1) p.failAt(`${name} takes 1 geometry, found ${plural(args.length)}`, spanOf(args, span));
      requireGeometry(p, name, args[0]);
      return { kind: 'FunctionCall', name, args, span };
    case 'COORD1':
    case 'COORD2':
      // <coord1> ::= COORD1 ( <coord_value> )
      if (args.length !== 1) p.failAt(`${name} takes 1 point, found ${plural(args.length)}`, spanOf(args, span));
      requireCoordValue(p, name, args[0]);
      return { kind: 'FunctionCall', name, args, span };
    case 'DISTANCE':
      // <distance_function>: DISTANCE(point, point) or, new in 2.1, DISTANCE(ra1, dec1, ra2, dec2)
      if (args.length === 2) {
        for (const a of args) requireCoordValue(p, name, a);
      } else if (args.length === 4) {
        p.requires21('DISTANCE with 4 numeric arguments', span);
        for (const a of args) requireNumeric(p, name, a);
      } else {
        p.failAt(
          `DISTANCE takes 2 points or 4 numbers (lon1, lat1, lon2, lat2), found ${plural(args.length)}`,
          spanOf(args, span),
        );
      }
      return { kind: 'FunctionCall', name, args, span };
    default:
      return p.failAt(`unknown built-in function ${name}`, span, 'ADQL_SYNTAX');
  }
}

function isSignedInteger(e: Expression): boolean {
  if (e.kind === 'Number') return e.form === 'integer';
  return e.kind === 'Unary' && e.op !== '~' && e.operand.kind === 'Number' && e.operand.form === 'integer';
}

/** A <numeric_value_expression> can never be a bare concatenation. */
function requireNumeric(p: ParserState, fn: string, e: Expression): void {
  if (e.kind === 'Binary' && e.op === '||') {
    p.failAt(`${fn} expects a number here, but this is a string concatenation`, e.span, 'ADQL_BAD_ARGUMENTS');
  }
}

/**
 * <geometry_value_expression> ::= <value_expression_primary> | <geometry_value_function>: a literal, a column, an
 * aggregate, CAST, COALESCE, a parenthesised value, a geometry constructor, CENTROID or a UDF — never arithmetic,
 * concatenation or a numeric function such as PI().
 */
function requireGeometry(p: ParserState, fn: string, e: Expression): void {
  switch (e.kind) {
    case 'String':
    case 'Number':
    case 'Null':
    case 'ColumnRef':
    case 'Aggregate':
    case 'Cast':
    case 'Parenthesized':
    case 'Point':
    case 'Circle':
    case 'Box':
    case 'Polygon':
    case 'Region':
    case 'UdfCall':
    case 'ScalarSubquery':
      return;
    case 'FunctionCall':
      if (e.name === 'CENTROID' || e.name === 'COALESCE') return;
      break;
    default:
      break;
  }
  p.failAt(
    `${fn} expects a geometry here (POINT, CIRCLE, BOX, POLYGON, REGION, CENTROID, a column or a function), found ${describeExpression(e)}`,
    e.span,
  );
}

/** <coord_value> ::= <point_value> | <column_reference>; <point_value> ::= <point> | <centroid> | UDF. */
function isCoordValue(e: Expression): boolean {
  return (
    e.kind === 'ColumnRef' ||
    e.kind === 'Point' ||
    e.kind === 'UdfCall' ||
    (e.kind === 'FunctionCall' && e.name === 'CENTROID')
  );
}

function requireCoordValue(p: ParserState, fn: string, e: Expression): void {
  if (!isCoordValue(e)) {
    p.failAt(
      `${fn} expects a point here (POINT(...), CENTROID(...), a column or a function), found ${describeExpression(e)}`,
      e.span,
    );
  }
}

export function describeExpression(e: Expression): string {
  switch (e.kind) {
    case 'Number':
      return `the number ${e.text}`;
    case 'String':
      return 'a string';
    case 'Null':
      return 'NULL';
    case 'FunctionCall':
      return `${e.name}(...)`;
    case 'Binary':
      return e.op === '||' ? 'a string concatenation' : `an arithmetic expression ('${e.op}')`;
    case 'Unary':
      return 'a signed value';
    default:
      return `a ${e.kind.toLowerCase()}`;
  }
}

/**
 * The deprecated ADQL 2.0 coordinate-system argument (BNF <coord_sys> ::= <character_string_literal>; DaCHS and
 * VOLLT also accept NULL): kept in the AST, reported as a warning (ADQL 2.1 §4.2: "deprecated").
 */
function takeCoordSys(p: ParserState, fn: string, args: Expression[], withSys: boolean): CoordSys {
  if (!withSys) {
    if (p.v20)
      p.report(
        'ADQL_NOT_IN_VERSION',
        `ADQL 2.0 requires a coordinate system as the first argument of ${fn}, e.g. ${fn}('ICRS', ...)`,
        args[0]?.span ?? p.spanFrom(p.peek().start),
      );
    return null;
  }
  const first = args.shift() as Expression;
  if (first.kind !== 'String' && first.kind !== 'Null') {
    p.failAt(
      `the first of these arguments of ${fn} is the coordinate system and must be a string literal such as 'ICRS' (or leave it out: it is deprecated in ADQL 2.1)`,
      first.span,
    );
  }
  return first;
}

function coordinates(x: Expression, y: Expression): Coordinates {
  return { kind: 'Coordinates', x, y, span: { start: x.span.start, end: y.span.end } };
}

const startsWithSys = (args: readonly Expression[]) =>
  args.length > 0 && (args[0].kind === 'String' || args[0].kind === 'Null');

/** <point> ::= POINT ( [ <coord_sys> , ] <coordinates> ) */
function parsePoint(p: ParserState, all: Expression[], span: Span): Expression {
  if (all.length !== 2 && all.length !== 3) {
    p.failAt(
      `POINT takes 2 coordinates (longitude, latitude), optionally after a coordinate system; found ${plural(all.length)}`,
      spanOf(all, span),
    );
  }
  const args = [...all];
  const coordSys = takeCoordSys(p, 'POINT', args, all.length === 3);
  for (const a of args) requireNumeric(p, 'POINT', a);
  return { kind: 'Point', coordSys, x: args[0], y: args[1], span };
}

/**
 * <circle> ::= CIRCLE ( [ <coord_sys> , ] <circle_center> , <radius> ),
 * <box> ::= BOX ( [ <coord_sys> , ] <box_center> , width , height ); a centre is <coordinates> or a <coord_value>.
 */
function parseCircleOrBox(p: ParserState, fn: 'CIRCLE' | 'BOX', all: Expression[], span: Span): Expression {
  const sizes = fn === 'CIRCLE' ? 1 : 2;
  const what = fn === 'CIRCLE' ? 'a radius' : 'a width and a height';
  const n = all.length;
  // With a leading string literal the form is ambiguous only in count; a string is never a coordinate.
  const withSys = startsWithSys(all) && (n === sizes + 2 || n === sizes + 3);
  const rest = n - (withSys ? 1 : 0);
  if (rest !== sizes + 1 && rest !== sizes + 2) {
    p.failAt(
      `${fn} takes a centre (a point, or 2 coordinates) and ${what}, optionally after a coordinate system; found ${plural(n)}`,
      spanOf(all, span),
    );
  }
  const args = [...all];
  const coordSys = takeCoordSys(p, fn, args, withSys);
  let center: Position;
  if (rest === sizes + 2) {
    requireNumeric(p, fn, args[0]);
    requireNumeric(p, fn, args[1]);
    center = coordinates(args[0], args[1]);
    args.splice(0, 2);
  } else {
    requireCoordValue(p, `the centre of ${fn}`, args[0]);
    p.requires21(`${fn} with a point as its centre`, args[0].span);
    center = args[0];
    args.splice(0, 1);
  }
  for (const a of args) requireNumeric(p, fn, a);
  if (fn === 'CIRCLE') return { kind: 'Circle', coordSys, center, radius: args[0], span };
  return { kind: 'Box', coordSys, center, width: args[0], height: args[1], span };
}

/** <polygon> ::= POLYGON ( [ <coord_sys> , ] <polygon_vertices> ): 3+ coordinate pairs or 3+ <coord_value>s. */
function parsePolygon(p: ParserState, all: Expression[], span: Span): Expression {
  const args = [...all];
  const coordSys = takeCoordSys(p, 'POLYGON', args, startsWithSys(all));
  const allPoints =
    args.length >= 3 && args.every((a) => a.kind === 'Point' || (a.kind === 'FunctionCall' && a.name === 'CENTROID'));
  const allCoordValues = args.length >= 3 && args.every(isCoordValue);
  // An even count of columns is read as coordinate pairs (POLYGON(ra1, dec1, ...)), an odd one as point columns.
  if (allPoints || (allCoordValues && args.length % 2 === 1)) {
    p.requires21('POLYGON with points as vertices', span);
    return { kind: 'Polygon', coordSys, vertices: args, span };
  }
  if (args.length < 6 || args.length % 2 !== 0) {
    p.failAt(
      `POLYGON takes at least 3 vertices: 6 or more coordinates in pairs, or 3 or more points; found ${plural(args.length)}${coordSys ? ' after the coordinate system' : ''}`,
      spanOf(all, span),
    );
  }
  const vertices: Position[] = [];
  for (let i = 0; i < args.length; i += 2) {
    requireNumeric(p, 'POLYGON', args[i]);
    requireNumeric(p, 'POLYGON', args[i + 1]);
    vertices.push(coordinates(args[i], args[i + 1]));
  }
  return { kind: 'Polygon', coordSys, vertices, span };
}

/** <set_function_specification> ::= COUNT(*) | <set_function_type> ( [DISTINCT|ALL] <value_expression> ) */
function parseAggregate(p: ParserState, name: 'AVG' | 'MAX' | 'MIN' | 'SUM' | 'COUNT', start: number): Expression {
  p.expectOp('(', `'(' after ${name}`);
  if (p.isOp('*')) {
    const star = p.next();
    if (name !== 'COUNT') p.fail(`only COUNT accepts '*'; ${name} needs a column or an expression`, star);
    p.expectOp(')', "')' after COUNT(*");
    return { kind: 'Aggregate', name, quantifier: null, arg: null, span: p.spanFrom(start) };
  }
  const q = p.eatKeyword('DISTINCT') ?? p.eatKeyword('ALL');
  if (p.isOp(')')) p.fail(`${name} takes 1 argument, found none`);
  const arg = parseValueExpression(p);
  p.expectOp(')', `')' to close ${name}(`);
  return {
    kind: 'Aggregate',
    name,
    quantifier: (q?.value as 'ALL' | 'DISTINCT' | undefined) ?? null,
    arg,
    span: p.spanFrom(start),
  };
}

/** ADQL 2.1 BNF <cast_target>: CHAR[(n)], VARCHAR[(n)], SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION,
 * TIMESTAMP, POINT, CIRCLE, POLYGON. */
const CAST_TYPES = new Set([
  'CHAR',
  'VARCHAR',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'REAL',
  'DOUBLE',
  'TIMESTAMP',
  'POINT',
  'CIRCLE',
  'POLYGON',
]);

function parseCast(p: ParserState, start: number): Expression {
  const castToken = p.previous();
  if (castToken) p.requires21('CAST', p.tokenSpan(castToken));
  p.expectOp('(', "'(' after CAST");
  const expr = parseValueExpression(p);
  p.expectKeyword('AS', 'AS and a type in CAST(value AS type)');
  const t = p.peek();
  const word = t.type === 'keyword' || t.type === 'identifier' ? t.value.toUpperCase() : '';
  if (!CAST_TYPES.has(word)) {
    p.fail(
      `${p.describe(t)} is not a type CAST accepts: use CHAR, VARCHAR, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, TIMESTAMP, POINT, CIRCLE or POLYGON`,
      t,
    );
  }
  p.next();
  let type = word as CastTypeName;
  if (word === 'DOUBLE') {
    p.expectKeyword('PRECISION', 'PRECISION after DOUBLE');
    type = 'DOUBLE PRECISION';
  }
  let length: number | null = null;
  if ((type === 'CHAR' || type === 'VARCHAR') && p.eatOp('(')) {
    const n = p.peek();
    if (n.type !== 'number' || n.numberForm !== 'integer')
      p.fail(`expected the length of ${type} (an integer), found ${p.describe(n)}`);
    p.next();
    length = Number(n.value);
    p.expectOp(')', `')' after the length of ${type}`);
  }
  p.expectOp(')', "')' to close CAST(");
  return { kind: 'Cast', expr, type, length, span: p.spanFrom(start) };
}
