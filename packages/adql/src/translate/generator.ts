// The SQL generator: walks a checked AST and prints SQL through a dialect's hooks. Every identifier is quoted and
// every column is qualified with its table's correlation name (as the checker resolved it); every literal is
// escaped; `SELECT *` is expanded to the published columns (the spatial index columns never leak). Rewrites that
// need no dialect knowledge happen here, each in a named method: TOP → LIMIT, `CONTAINS(...) = 1/0` → predicate,
// INTERSECTS with a point → CONTAINS, IN_UNIT → a factor, set-operation operands with TOP/ORDER BY → subqueries.
import type {
  Comparison,
  Condition,
  Expression,
  FromItem,
  FunctionCall,
  Position,
  Query,
  QueryBody,
  Select,
} from '../ast.ts';
import { quoteIdentifier } from '../catalog.ts';
import type { Analysis, Binding, SelectOutput } from '../checker.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { geometryKindOf, kindOf, T_UNKNOWN, type ValueKindName } from '../result-type.ts';
import type { Span } from '../span.ts';
import { chooseSides, matchParts } from './crossmatch.ts';
import { type DialectHooks, type Geo, isUnsupported, sqlNumber, sqlString, type Unsupported } from './dialect.ts';
import { constantShape } from './geometry-values.ts';

export class SqlGenerator {
  readonly diagnostics: Diagnostic[] = [];
  private subqueryCounter = 0;

  constructor(
    readonly hooks: DialectHooks,
    readonly analysis: Analysis,
    /** A condition AND-ed to the WHERE of one SELECT (the rowid range of rowid-partition.ts), SQL as given. */
    readonly extraWhere: { select: Select; sql: string } | null = null,
  ) {}

  unsupported(what: string, span: Span): string {
    this.diagnostics.push(
      diagnostic(
        'ADQL_UNSUPPORTED_IN_DIALECT',
        `${what} cannot be translated for ${this.hooks.name === 'sqlite' ? 'SQLite' : 'PostgreSQL + pgSphere'}`,
        span,
      ),
    );
    return 'NULL';
  }

  orUnsupported<T>(x: T | Unsupported, span: Span, fallback: T): T {
    if (isUnsupported(x)) {
      this.unsupported(x.unsupported, span);
      return fallback;
    }
    return x;
  }

  // ---- queries ------------------------------------------------------------------------------------------------

  query(q: Query): string {
    let sql = '';
    if (q.with.length > 0) {
      const parts = q.with.map((w) => {
        const info = this.analysis.ctes.get(w);
        return `${quoteIdentifier(info?.sqlName ?? w.name.name)} AS (${this.query(w.query)})`;
      });
      sql += `WITH ${parts.join(', ')}\n`;
    }
    const body = q.body;
    // TOP n → LIMIT n after ORDER BY (ADQL 2.1 §2.2.1: TOP applies to the ordered result).
    const top = body.kind === 'Select' ? body.top : null;
    sql += this.body(body, true);
    if (q.orderBy.length > 0) {
      const outputs = this.analysis.outputs.get(q) ?? [];
      sql += `\nORDER BY ${q.orderBy
        .map((o) => {
          const e = o.expr;
          const target =
            e.kind === 'Number' ? quoteIdentifier(outputs[e.value - 1]?.name ?? String(e.value)) : this.expr(e);
          return o.direction ? `${target} ${o.direction}` : target;
        })
        .join(', ')}`;
    }
    sql += this.hooks.limitOffset(top ? sqlNumber(top.value) : null, q.offset ? sqlNumber(q.offset.value) : null);
    return sql;
  }

  /** A set-operation operand that is not a plain SELECT (or has TOP / ORDER BY) becomes `SELECT * FROM (...)`. */
  operand(b: QueryBody): string {
    const plain = b.kind === 'Select' && !b.top;
    if (plain) return this.body(b, false);
    const inner =
      b.kind === 'Query' ? this.query(b) : b.kind === 'Select' ? this.selectWithTop(b) : this.body(b, false);
    return `SELECT * FROM (${inner}) AS ${quoteIdentifier(`_s${++this.subqueryCounter}`)}`;
  }

  selectWithTop(s: Select): string {
    return this.select(s) + this.hooks.limitOffset(s.top ? sqlNumber(s.top.value) : null, null);
  }

  body(b: QueryBody, topHandled: boolean): string {
    if (b.kind === 'Query') return this.query(b);
    if (b.kind === 'Select') return topHandled ? this.select(b) : this.selectWithTop(b);
    const op = this.orUnsupported(this.hooks.setOperation(b.op, b.all), b.span, b.op);
    return `${this.operand(b.left)}\n${op}\n${this.operand(b.right)}`;
  }

  select(s: Select): string {
    const outputs = this.analysis.outputs.get(s) ?? [];
    const items = outputs.map((o) => `${this.outputItem(o)} AS ${quoteIdentifier(o.name)}`);
    let sql = `SELECT ${s.quantifier === 'DISTINCT' ? 'DISTINCT ' : ''}${items.join(', ')}`;
    const from = s.from.map((f) => this.from(f));
    // A cross-match in WHERE may add a FROM item after the tables (the SQLite HEALPix cover, crossmatch.ts).
    const extras: string[] = [];
    let where = s.where ? this.condTop(s.where, from.length > 0 ? extras : null) : null;
    if (this.extraWhere?.select === s)
      where = where === null ? this.extraWhere.sql : `(${where}) AND ${this.extraWhere.sql}`;
    if (from.length > 0) sql += `\nFROM ${[...from, ...extras].join(', ')}`;
    if (where !== null) sql += `\nWHERE ${where}`;
    if (s.groupBy.length > 0) sql += `\nGROUP BY ${s.groupBy.map((g) => this.expr(g)).join(', ')}`;
    if (s.having) sql += `\nHAVING ${this.cond(s.having)}`;
    return sql;
  }

  outputItem(o: SelectOutput): string {
    if (!o.expr) return this.columnSql(o.binding!, o.column!.name);
    // A stored column is returned as stored (a footprint stays its DALI text), whatever its type.
    if (o.expr.kind === 'ColumnRef') return this.expr(o.expr);
    const t = this.analysis.types.get(o.expr) ?? T_UNKNOWN;
    if (geometryKindOf(t)) {
      const g = this.geo(o.expr);
      if (g.storedColumn) return g.storedColumn;
      return this.orUnsupported(this.hooks.output(g), o.expr.span, 'NULL');
    }
    return this.expr(o.expr);
  }

  columnSql(b: Binding, column: string): string {
    return `${quoteIdentifier(b.sqlAlias)}.${quoteIdentifier(column)}`;
  }

  from(f: FromItem): string {
    switch (f.kind) {
      case 'TableRef': {
        const b = this.analysis.tables.get(f)!;
        const source = b.table ? this.hooks.table(b.table) : quoteIdentifier(b.cte!.sqlName);
        return `${source} AS ${quoteIdentifier(b.sqlAlias)}`;
      }
      case 'DerivedTable': {
        const b = this.analysis.derived.get(f)!;
        return `(${this.query(f.query)}) AS ${quoteIdentifier(b.sqlAlias)}`;
      }
      case 'ParenthesizedJoin':
        return `(${this.from(f.join)})`;
      case 'Join': {
        const type = f.type === 'CROSS' ? 'CROSS' : f.type ? `${f.type}${f.type === 'INNER' ? '' : ' OUTER'}` : 'INNER';
        let sql = `${this.from(f.left)}\n${type} JOIN ${this.from(f.right)}`;
        // Rewrite "natural join": NATURAL would also match the hidden spatial index columns (obscura_hpx, ...), so
        // it becomes USING over the published columns both sides share.
        const natural = f.natural ? this.sharedColumns(f) : null;
        if (natural) sql += natural.length ? ` USING (${natural.map(quoteIdentifier).join(', ')})` : ' ON 1 = 1';
        else if (f.on && type === 'INNER') {
          // An inner join's ON may be a cross-match that adds a FROM item after both sides (crossmatch.ts).
          const extras: string[] = [];
          const on = this.condTop(f.on, extras);
          sql += `${extras.map((x) => `\nINNER JOIN ${x}`).join('')} ON ${on}`;
        } else if (f.on && type === 'LEFT OUTER' && f.right.kind === 'TableRef') {
          sql += ` ON ${this.condLeft(f.on, this.analysis.tables.get(f.right)!)}`;
        } else if (f.on) sql += ` ON ${this.cond(f.on)}`;
        else if (f.using)
          sql += ` USING (${f.using.map((u) => quoteIdentifier(this.usingName(f, u.name))).join(', ')})`;
        else if (!f.natural && f.type !== 'CROSS') sql += ' ON 1 = 1';
        return sql;
      }
    }
  }

  /** Published column names that both sides of a join have (case-insensitive), in the left side's order. */
  sharedColumns(f: Extract<FromItem, { kind: 'Join' }>): string[] {
    const names = (x: FromItem): string[] => {
      if (x.kind === 'TableRef') return this.analysis.tables.get(x)?.columns.map((c) => c.name) ?? [];
      if (x.kind === 'DerivedTable') return this.analysis.derived.get(x)?.columns.map((c) => c.name) ?? [];
      if (x.kind === 'ParenthesizedJoin') return names(x.join);
      return [...names(x.left), ...names(x.right)];
    };
    const right = new Set(names(f.right).map((n) => n.toLowerCase()));
    return [...new Set(names(f.left).filter((n) => right.has(n.toLowerCase())))];
  }

  /** The catalog spelling of a USING column (case rules applied by the checker). */
  usingName(f: Extract<FromItem, { kind: 'Join' }>, written: string): string {
    const find = (x: FromItem): string | null => {
      if (x.kind === 'TableRef') {
        const b = this.analysis.tables.get(x);
        return b?.columns.find((c) => c.name.toLowerCase() === written.toLowerCase())?.name ?? null;
      }
      if (x.kind === 'DerivedTable') {
        const b = this.analysis.derived.get(x);
        return b?.columns.find((c) => c.name.toLowerCase() === written.toLowerCase())?.name ?? null;
      }
      if (x.kind === 'ParenthesizedJoin') return find(x.join);
      return find(x.left) ?? find(x.right);
    };
    return find(f.left) ?? written;
  }

  // ---- conditions ---------------------------------------------------------------------------------------------

  /**
   * WHERE or an inner join's ON: its top-level AND terms may be cross-matches joined through a FROM item of their
   * own (`extras`, null when the query has no FROM to add to); anything under OR / NOT is compiled by cond().
   */
  condTop(c: Condition, extras: string[] | null): string {
    if (c.kind === 'Logical' && c.op === 'AND')
      return `${this.condTop(c.left, extras)} AND ${this.condTop(c.right, extras)}`;
    if (c.kind === 'ParenthesizedCondition') return `(${this.condTop(c.condition, extras)})`;
    if (c.kind === 'Comparison' && extras) {
      const lateral = (item: string) => {
        const alias = quoteIdentifier(`_xm${++this.subqueryCounter}`);
        extras.push(`${item} AS ${alias}`);
        return alias;
      };
      const xm = this.crossMatch(c, lateral);
      if (xm !== null) return xm;
    }
    return this.cond(c);
  }

  /**
   * A LEFT JOIN's ON: a top-level cross-match that searches the right-side table (`right`) takes the dialect's
   * LEFT JOIN form (crossMatchLeft), or its plain cross-match form where that needs no FROM item.
   */
  condLeft(c: Condition, right: Binding): string {
    if (c.kind === 'Logical' && c.op === 'AND')
      return `${this.condLeft(c.left, right)} AND ${this.condLeft(c.right, right)}`;
    if (c.kind === 'ParenthesizedCondition') return `(${this.condLeft(c.condition, right)})`;
    if (c.kind === 'Comparison' && right.table) {
      const parts = matchParts(c, { point: (x, y) => this.pointOf(x, y) });
      const m = parts ? chooseSides(parts, this.analysis, this.expr(parts.radius), right) : null;
      if (m && m.inner.binding === right) {
        const sql = this.hooks.crossMatchLeft(m, this.hooks.table(right.table)) ?? this.hooks.crossMatch(m, null);
        if (sql !== null) return sql;
      }
    }
    return this.cond(c);
  }

  /** Rewrite "cross-match as an index join" (crossmatch.ts), or null when the comparison is not one. */
  crossMatch(c: Comparison, lateral: ((item: string) => string) | null): string | null {
    const parts = matchParts(c, { point: (x, y) => this.pointOf(x, y) });
    if (!parts) return null;
    const m = chooseSides(parts, this.analysis, this.expr(parts.radius));
    return m ? this.hooks.crossMatch(m, lateral) : null;
  }

  cond(c: Condition): string {
    switch (c.kind) {
      case 'Logical':
        return `${this.cond(c.left)} ${c.op} ${this.cond(c.right)}`;
      case 'Not':
        return `NOT ${this.cond(c.condition)}`;
      case 'ParenthesizedCondition':
        return `(${this.cond(c.condition)})`;
      case 'Comparison': {
        const xm = this.crossMatch(c, null);
        if (xm !== null) return xm;
        const pred = this.geometryPredicate(c);
        if (pred !== null) return pred;
        return `${this.expr(c.left)} ${c.op} ${this.expr(c.right)}`;
      }
      case 'Between':
        return `${this.expr(c.expr)} ${c.not ? 'NOT ' : ''}BETWEEN ${this.expr(c.low)} AND ${this.expr(c.high)}`;
      case 'In': {
        const values = Array.isArray(c.values)
          ? (c.values as Expression[]).map((v) => this.expr(v)).join(', ')
          : this.query(c.values as Query);
        return `${this.expr(c.expr)} ${c.not ? 'NOT ' : ''}IN (${values})`;
      }
      case 'Like':
        return this.hooks.like(this.expr(c.expr), this.expr(c.pattern), c.not, c.caseInsensitive, this.kind(c.expr));
      case 'IsNull':
        return `${this.expr(c.expr)} IS ${c.not ? 'NOT ' : ''}NULL`;
      case 'Exists':
        return `EXISTS (${this.query(c.query)})`;
    }
  }

  /**
   * Rewrite: `CONTAINS(a, b) = 1` (or `1 = ...`, `= 0`, `<> 1`) becomes the dialect's spatial predicate (ADQL 2.1
   * §4.2.3: the functions return 1 or 0, so the comparison is the predicate or its negation).
   */
  geometryPredicate(c: Comparison): string | null {
    if (c.op !== '=' && c.op !== '<>') return null;
    const isPred = (e: Expression): e is FunctionCall =>
      e.kind === 'FunctionCall' && (e.name === 'CONTAINS' || e.name === 'INTERSECTS');
    const isBit = (e: Expression) => e.kind === 'Number' && (e.value === 0 || e.value === 1);
    let fn: FunctionCall | null = null;
    let bit: Expression | null = null;
    if (isPred(c.left) && isBit(c.right)) [fn, bit] = [c.left, c.right];
    else if (isPred(c.right) && isBit(c.left)) [fn, bit] = [c.right, c.left];
    if (!fn || !bit || bit.kind !== 'Number') return null;
    const negate = (bit.value === 0) !== (c.op === '<>');
    const [op, a, b] = this.normalizePredicate(fn);
    return this.orUnsupported(this.hooks.predicate(op, a, b, negate), fn.span, 'NULL');
  }

  /** Rewrite: INTERSECTS with a point is CONTAINS of that point (ADQL 2.1 §4.2.10). */
  normalizePredicate(fn: FunctionCall): ['CONTAINS' | 'INTERSECTS', Geo, Geo] {
    const a = this.geo(fn.args[0]);
    const b = this.geo(fn.args[1]);
    if (fn.name === 'INTERSECTS') {
      if (a.kind === 'point') return ['CONTAINS', a, b];
      if (b.kind === 'point') return ['CONTAINS', b, a];
      return ['INTERSECTS', a, b];
    }
    return ['CONTAINS', a, b];
  }

  // ---- expressions --------------------------------------------------------------------------------------------

  kind(e: Expression): ValueKindName {
    return kindOf(this.analysis.types.get(e) ?? T_UNKNOWN);
  }

  expr(e: Expression): string {
    switch (e.kind) {
      case 'Number':
        // Hex literals (an extension) become decimal: PostgreSQL 15 has no 0x form.
        return e.form === 'hex' ? sqlNumber(e.value) : e.text;
      case 'String':
        return sqlString(e.value);
      case 'Null':
        return 'NULL';
      case 'ColumnRef': {
        const r = this.analysis.columns.get(e);
        if (!r) return this.unsupported('an unresolved column', e.span);
        if (r.kind === 'output') return quoteIdentifier(r.name);
        return this.columnSql(r.binding, r.column.name);
      }
      case 'Parenthesized':
        return `(${this.expr(e.expr)})`;
      case 'Unary':
        if (e.op === '~') return `~${this.expr(e.operand)}`;
        return `${e.op}${this.expr(e.operand)}`;
      case 'Binary': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        if (e.op === '||') return this.hooks.concat(l, r, this.kind(e.left), this.kind(e.right));
        if (e.op === '&' || e.op === '|' || e.op === '^') return this.hooks.binary(e.op, l, r);
        return `${l} ${e.op} ${r}`;
      }
      case 'Aggregate': {
        if (!e.arg) return 'COUNT(*)';
        return `${e.name}(${e.quantifier ? `${e.quantifier} ` : ''}${this.expr(e.arg)})`;
      }
      case 'Cast':
        return this.orUnsupported(
          this.hooks.cast(this.expr(e.expr), e.type, e.length, this.kind(e.expr)),
          e.span,
          'NULL',
        );
      case 'ScalarSubquery':
        return `(${this.query(e.query)})`;
      case 'UdfCall': {
        const decl = this.analysis.udfs.get(e);
        if (!decl) return this.unsupported(`the undeclared function ${e.name.name}`, e.span);
        return this.hooks.udf(
          decl,
          e.args.map((a) => this.expr(a)),
          e.args,
        );
      }
      case 'Point':
      case 'Circle':
      case 'Box':
      case 'Polygon':
      case 'Region':
        return this.geo(e).sql;
      case 'FunctionCall':
        return this.func(e);
    }
  }

  func(e: FunctionCall): string {
    const a = e.args;
    switch (e.name) {
      case 'CONTAINS':
      case 'INTERSECTS': {
        const [op, g1, g2] = this.normalizePredicate(e);
        return this.orUnsupported(this.hooks.predicateValue(op, g1, g2), e.span, 'NULL');
      }
      case 'DISTANCE': {
        const [p1, p2] =
          a.length === 4 ? [this.pointOf(a[0], a[1]), this.pointOf(a[2], a[3])] : [this.geo(a[0]), this.geo(a[1])];
        return this.orUnsupported(this.hooks.distance(p1, p2), e.span, 'NULL');
      }
      case 'AREA':
        return this.orUnsupported(this.hooks.area(this.geo(a[0])), e.span, 'NULL');
      case 'CENTROID':
        return this.geo(e).sql;
      case 'COORD1':
      case 'COORD2':
        return this.orUnsupported(this.hooks.coord(this.geo(a[0]), e.name === 'COORD1' ? 1 : 2), e.span, 'NULL');
      case 'COORDSYS':
        // Obscura stores ICRS only; ADQL 2.1 §4.2.7 returns the system of the geometry.
        return sqlString('ICRS');
      case 'IN_UNIT': {
        const factor = this.analysis.unitFactors.get(e);
        if (factor === undefined) return this.unsupported('IN_UNIT without a known source unit', e.span);
        return this.hooks.scale(this.expr(a[0]), factor);
      }
      default: {
        const out = this.hooks.func(
          e.name,
          a.map((x) => this.expr(x)),
          a.map((x) => this.kind(x)),
        );
        return this.orUnsupported(out, e.span, 'NULL');
      }
    }
  }

  pointOf(x: Expression, y: Expression): Geo {
    const xs = this.expr(x);
    const ys = this.expr(y);
    const shape =
      x.kind === 'Number' && y.kind === 'Number' ? ({ type: 'point', ra: x.value, dec: y.value } as const) : null;
    return this.hooks.point(xs, ys, shape, this.position(x, y));
  }

  /** POINT(t.ra, t.dec) on the position columns of a table with a spatial index. */
  position(x: Expression, y: Expression): Geo['position'] {
    if (x.kind !== 'ColumnRef' || y.kind !== 'ColumnRef') return undefined;
    const rx = this.analysis.columns.get(x);
    const ry = this.analysis.columns.get(y);
    if (rx?.kind !== 'column' || ry?.kind !== 'column' || rx.binding !== ry.binding) return undefined;
    const si = rx.binding.table?.spatialIndex;
    if (!si || si.ra !== rx.column.name || si.dec !== ry.column.name) return undefined;
    return { binding: rx.binding, ra: this.expr(x), dec: this.expr(y) };
  }

  positionGeo(p: Position): Geo {
    if (p.kind === 'Coordinates') return this.pointOf(p.x, p.y);
    return this.geo(p);
  }

  /** Compiles a geometry-valued expression. */
  geo(e: Expression): Geo {
    const none: Geo = { kind: null, sql: 'NULL', shape: null };
    switch (e.kind) {
      case 'Parenthesized':
        return this.geo(e.expr);
      case 'Point':
        return this.pointOf(e.x, e.y);
      case 'Circle': {
        const center = this.positionGeo(e.center);
        return this.orUnsupported(this.hooks.circle(center, this.expr(e.radius), constantShape(e)), e.span, none);
      }
      case 'Box': {
        const center = this.positionGeo(e.center);
        return this.orUnsupported(
          this.hooks.box(center, this.expr(e.width), this.expr(e.height), constantShape(e)),
          e.span,
          none,
        );
      }
      case 'Polygon': {
        const vertices = e.vertices.map((v): [string, string] => {
          if (v.kind === 'Coordinates') return [this.expr(v.x), this.expr(v.y)];
          const g = this.geo(v);
          if (g.coords) return g.coords;
          const c1 = this.orUnsupported(this.hooks.coord(g, 1), v.span, 'NULL');
          const c2 = this.orUnsupported(this.hooks.coord(g, 2), v.span, 'NULL');
          return [c1, c2];
        });
        return this.orUnsupported(this.hooks.polygon(vertices, constantShape(e)), e.span, none);
      }
      case 'Region': {
        const shape = constantShape(e);
        if (!shape) {
          this.diagnostics.push(
            diagnostic(
              'ADQL_BAD_ARGUMENTS',
              `REGION: '${e.arg.value}' is not an STC-S region Obscura understands`,
              e.arg.span,
            ),
          );
          return none;
        }
        return this.orUnsupported(this.hooks.region(shape, e.arg.value), e.span, none);
      }
      case 'ColumnRef': {
        const r = this.analysis.columns.get(e);
        const t = this.analysis.types.get(e);
        const g = t ? geometryKindOf(t) : null;
        if (r?.kind !== 'column' || !g) {
          this.unsupported('a value that is not a geometry', e.span);
          return none;
        }
        const sql = this.columnSql(r.binding, r.column.name);
        const out = this.orUnsupported(this.hooks.geometryColumn(sql, g, r.binding, r.column.name), e.span, none);
        return { ...out, storedColumn: sql };
      }
      case 'FunctionCall':
        if (e.name === 'CENTROID') {
          return this.orUnsupported(this.hooks.centroid(this.geo(e.args[0])), e.span, none);
        }
        this.unsupported(`${e.name} as a geometry`, e.span);
        return none;
      case 'Cast':
        this.unsupported(`CAST(... AS ${e.type})`, e.span);
        return none;
      default:
        this.unsupported('this expression as a geometry', e.span);
        return none;
    }
  }
}
