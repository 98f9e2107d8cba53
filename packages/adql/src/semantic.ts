// A small semantic layer that needs no table metadata: operand kinds (numeric / string / geometry), the argument
// kinds of the built-in functions, and whether user-defined functions are declared. The checker against
// TAP_SCHEMA builds on it. ADQL 2.1 §3 (type system) and §4.2, §4.3.
import type { Condition, Expression, FromItem, Node, Query, QueryBody, SelectItem } from './ast.ts';
import { type Diagnostic, diagnostic } from './diagnostics.ts';

export type ValueKind = 'numeric' | 'string' | 'geometry' | 'unknown';

export interface SemanticOptions {
  /**
   * Which user-defined functions exist: a list of names (case-insensitive; `name(args) -> type` signatures are
   * accepted and cut at the parenthesis), 'prefixed' (any `prefix_name`, the form ADQL 2.1 §2.4 recommends), or
   * 'any'. Default 'any'.
   */
  udfs?: readonly string[] | 'prefixed' | 'any';
}

const GEOMETRY_FUNCTIONS = new Set(['CENTROID']);

/** Checks a parsed query and returns the problems found (errors only; no table metadata needed). */
export function checkSemantics(ast: Node, options: SemanticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const udfs = options.udfs ?? 'any';
  const declared = Array.isArray(udfs) ? new Set(udfs.map((u) => u.replace(/\(.*$/s, '').trim().toLowerCase())) : null;

  const kindOf = (e: Expression): ValueKind => {
    switch (e.kind) {
      case 'Number':
        return 'numeric';
      case 'String':
        return 'string';
      case 'Null':
      case 'ColumnRef':
      case 'UdfCall':
      case 'ScalarSubquery':
        return 'unknown';
      case 'Unary':
        return 'numeric';
      case 'Binary':
        return e.op === '||' ? 'string' : 'numeric';
      case 'Parenthesized':
        return kindOf(e.expr);
      case 'Aggregate':
        return e.name === 'COUNT' ? 'numeric' : e.arg ? kindOf(e.arg) : 'numeric';
      case 'Cast':
        if (e.type === 'CHAR' || e.type === 'VARCHAR' || e.type === 'TIMESTAMP') return 'string';
        if (e.type === 'POINT' || e.type === 'CIRCLE' || e.type === 'POLYGON') return 'geometry';
        return 'numeric';
      case 'Point':
      case 'Circle':
      case 'Box':
      case 'Polygon':
      case 'Region':
        return 'geometry';
      case 'FunctionCall':
        if (GEOMETRY_FUNCTIONS.has(e.name)) return 'geometry';
        if (e.name === 'LOWER' || e.name === 'UPPER' || e.name === 'COORDSYS') return 'string';
        if (e.name === 'COALESCE') return e.args.map(kindOf).find((k) => k !== 'unknown') ?? 'unknown';
        return 'numeric';
    }
  };

  const expect = (e: Expression, allowed: readonly ValueKind[], what: string) => {
    const k = kindOf(e);
    if (k !== 'unknown' && !allowed.includes(k)) {
      out.push(
        diagnostic('ADQL_TYPE_MISMATCH', `${what}, but this is a ${k === 'numeric' ? 'number' : k} value`, e.span),
      );
    }
  };

  const visitExpr = (e: Expression): void => {
    switch (e.kind) {
      case 'Binary':
        if (e.op === '||') {
          // ADQL 2.1 §3: geometries are not strings; numbers and strings may be concatenated (lyonetia gavo).
          expect(e.left, ['string', 'numeric'], "'||' joins strings");
          expect(e.right, ['string', 'numeric'], "'||' joins strings");
        } else {
          expect(e.left, ['numeric', 'string'], `'${e.op}' works on numbers`);
          expect(e.right, ['numeric', 'string'], `'${e.op}' works on numbers`);
        }
        visitExpr(e.left);
        visitExpr(e.right);
        return;
      case 'Unary':
        expect(e.operand, ['numeric', 'string'], `'${e.op}' works on numbers`);
        visitExpr(e.operand);
        return;
      case 'Parenthesized':
        visitExpr(e.expr);
        return;
      case 'FunctionCall':
        checkBuiltin(e.name, e.args);
        for (const a of e.args) visitExpr(a);
        return;
      case 'UdfCall': {
        const name = e.name.name;
        const known =
          udfs === 'any' ||
          (udfs === 'prefixed'
            ? /^[a-z][a-z0-9]*_[a-z0-9_]+$/i.test(name)
            : (declared?.has(name.toLowerCase()) ?? false));
        if (!known) {
          out.push(
            diagnostic(
              'ADQL_UNKNOWN_FUNCTION',
              `'${name}' is neither an ADQL function nor a user-defined function of this service`,
              e.name.span,
            ),
          );
        }
        for (const a of e.args) visitExpr(a);
        return;
      }
      case 'Aggregate':
        if (e.arg) {
          if (e.name !== 'COUNT') expect(e.arg, ['numeric', 'string'], `${e.name} works on numbers or strings`);
          visitExpr(e.arg);
        }
        return;
      case 'Cast':
        visitExpr(e.expr);
        return;
      case 'Point':
        for (const a of [e.x, e.y]) {
          expect(a, ['numeric', 'string'], 'a coordinate must be a number');
          visitExpr(a);
        }
        return;
      case 'Circle':
      case 'Box':
      case 'Polygon': {
        const parts: Expression[] = [];
        const positions = e.kind === 'Polygon' ? e.vertices : [e.center];
        for (const p of positions) {
          if (p.kind === 'Coordinates') parts.push(p.x, p.y);
          else {
            visitExpr(p);
          }
        }
        if (e.kind === 'Circle') parts.push(e.radius);
        if (e.kind === 'Box') parts.push(e.width, e.height);
        for (const a of parts) {
          expect(a, ['numeric', 'string'], `${e.kind.toUpperCase()} takes numbers here`);
          visitExpr(a);
        }
        return;
      }
      case 'ScalarSubquery':
        visitQuery(e.query);
        return;
      default:
        return;
    }
  };

  const checkBuiltin = (name: string, args: readonly Expression[]) => {
    switch (name) {
      case 'LOWER':
      case 'UPPER':
        // ADQL 2.1 §4.3: <case_folding_function> takes a <character_value_expression>.
        expect(args[0], ['string'], `${name} takes a string`);
        return;
      case 'CONTAINS':
      case 'INTERSECTS':
      case 'AREA':
      case 'CENTROID':
      case 'COORDSYS':
      case 'COORD1':
      case 'COORD2':
        // The parser already restricts these arguments to geometry-capable forms; whether a column or a literal
        // really is a geometry needs the checker (lyonetia accepts CENTROID(3) at this level).
        return;
      case 'DISTANCE':
        if (args.length === 4) for (const a of args) expect(a, ['numeric', 'string'], 'DISTANCE takes numbers');
        return;
      case 'COALESCE':
      case 'IN_UNIT':
        return;
      default:
        // ADQL 2.1 §2.3: mathematical and trigonometrical functions take numbers.
        for (const a of args) expect(a, ['numeric', 'string'], `${name} takes numbers`);
    }
  };

  const visitCondition = (c: Condition): void => {
    switch (c.kind) {
      case 'Logical':
        visitCondition(c.left);
        visitCondition(c.right);
        return;
      case 'Not':
      case 'ParenthesizedCondition':
        visitCondition(c.condition);
        return;
      case 'Comparison':
        visitExpr(c.left);
        visitExpr(c.right);
        return;
      case 'Between':
        for (const e of [c.expr, c.low, c.high]) visitExpr(e);
        return;
      case 'In':
        visitExpr(c.expr);
        if (Array.isArray(c.values)) for (const v of c.values) visitExpr(v);
        else visitQuery(c.values as Query);
        return;
      case 'Like':
        expect(c.expr, ['string', 'numeric'], `${c.caseInsensitive ? 'ILIKE' : 'LIKE'} compares strings`);
        expect(c.pattern, ['string'], 'a LIKE pattern is a string');
        visitExpr(c.expr);
        visitExpr(c.pattern);
        return;
      case 'IsNull':
        visitExpr(c.expr);
        return;
      case 'Exists':
        visitQuery(c.query);
        return;
    }
  };

  const visitFrom = (f: FromItem): void => {
    if (f.kind === 'DerivedTable') visitQuery(f.query);
    else if (f.kind === 'ParenthesizedJoin') visitFrom(f.join);
    else if (f.kind === 'Join') {
      visitFrom(f.left);
      visitFrom(f.right);
      if (f.on) visitCondition(f.on);
    }
  };

  const visitItem = (i: SelectItem) => {
    if (i.kind === 'SelectColumn') visitExpr(i.expr);
  };

  const visitBody = (b: QueryBody): void => {
    if (b.kind === 'Query') {
      visitQuery(b);
      return;
    }
    if (b.kind === 'SetOperation') {
      visitBody(b.left);
      visitBody(b.right);
      return;
    }
    b.items.forEach(visitItem);
    b.from.forEach(visitFrom);
    if (b.where) visitCondition(b.where);
    b.groupBy.forEach(visitExpr);
    if (b.having) visitCondition(b.having);
  };

  const visitQuery = (q: Query): void => {
    for (const w of q.with) visitQuery(w.query);
    visitBody(q.body);
    for (const o of q.orderBy) visitExpr(o.expr);
  };

  switch (ast.kind) {
    case 'Query':
      visitQuery(ast);
      break;
    case 'Select':
    case 'SetOperation':
      visitBody(ast);
      break;
    case 'Logical':
    case 'Not':
    case 'ParenthesizedCondition':
    case 'Comparison':
    case 'Between':
    case 'In':
    case 'Like':
    case 'IsNull':
    case 'Exists':
      visitCondition(ast);
      break;
    default:
      break;
  }
  return out;
}
