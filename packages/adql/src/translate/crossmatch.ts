// Named rewrite "cross-match as an index join". A join (or WHERE) condition that says "these two positions are
// within r of each other" is recognised in its three ADQL spellings (ADQL 2.1 §4.2.3 CONTAINS, §4.2.5 DISTANCE):
//   CONTAINS(POINT(a.ra, a.dec), CIRCLE(b.ra, b.dec, r)) = 1      (or 1 = CONTAINS(...), INTERSECTS of a point)
//   DISTANCE(POINT(a.ra, a.dec), POINT(b.ra, b.dec)) < r           (<=, and r > DISTANCE(...), either point order)
//   DISTANCE(a.ra, a.dec, b.ra, b.dec) < r
// Point-in-circle is symmetric (|ab| ≤ r either way round), so one side is chosen as the *inner* table, searched
// through its spatial index once per row of the other (*outer*) side: the inner side must have a spatial index on
// exactly those columns, and neither the outer point nor the radius may read the inner table. Preference: an
// uploaded table drives (TAP_UPLOAD is small, the catalogue is big), else the table with fewer rows when the
// catalog knows it, else the table the ADQL wrote first is searched. A constant outer point is a cone (the same
// path gives DISTANCE(...) < r its index). The dialects print the chosen form (sqlite.ts: a HEALPix covering table
// function joined per outer row; postgres.ts: the pgSphere GiST `@ scircle`).
import type { Comparison, Expression, FunctionCall } from '../ast.ts';
import type { Analysis, Binding } from '../checker.ts';
import type { Geo } from './dialect.ts';

export interface CrossMatch {
  /** The indexed position searched per outer row. */
  inner: NonNullable<Geo['position']> & { geo: Geo };
  /** The other point (columns of other tables, or a constant). */
  outer: Geo & { coords: [string, string] };
  /** Radius SQL (degrees), and its value when it is a constant. */
  radius: string;
  radiusValue: number | null;
  /** CONTAINS and <= include the boundary; < does not. */
  inclusive: boolean;
  /** Written as DISTANCE (the exact test is a distance) or CONTAINS (the dialect's containment). */
  form: 'contains' | 'distance';
}

/** The pieces of a recognised condition before a side is chosen. */
export interface MatchParts {
  p1: { geo: Geo; exprs: Expression[] };
  p2: { geo: Geo; exprs: Expression[] };
  radius: Expression;
  inclusive: boolean;
  form: 'contains' | 'distance';
}

const isOne = (e: Expression) => e.kind === 'Number' && e.value === 1;

/**
 * The two points and the radius of a comparison that is a "within r" condition, or null. `point` compiles a
 * POINT (the generator's method).
 */
export function matchParts(c: Comparison, compile: { point(x: Expression, y: Expression): Geo }): MatchParts | null {
  // CONTAINS(POINT, CIRCLE) = 1 / 1 = CONTAINS(...) (INTERSECTS of a point and a circle is the same, §4.2.10).
  if (c.op === '=') {
    const fn = isPred(c.left) && isOne(c.right) ? c.left : isPred(c.right) && isOne(c.left) ? c.right : null;
    if (fn) {
      let [pt, circle] = fn.args;
      if (fn.name === 'INTERSECTS' && unwrap(pt).kind === 'Circle') [pt, circle] = [circle, pt];
      pt = unwrap(pt);
      circle = unwrap(circle);
      if (pt.kind !== 'Point' || circle.kind !== 'Circle') return null;
      const center =
        circle.center.kind === 'Coordinates' ? [circle.center.x, circle.center.y] : pointArgs(circle.center);
      if (!center) return null;
      return {
        p1: { geo: compile.point(pt.x, pt.y), exprs: [pt.x, pt.y] },
        p2: { geo: compile.point(center[0], center[1]), exprs: center },
        radius: circle.radius,
        inclusive: true,
        form: 'contains',
      };
    }
    return null;
  }
  // DISTANCE(...) < r, <= r, r > DISTANCE(...), r >= DISTANCE(...).
  let fn: Expression | null = null;
  let radius: Expression | null = null;
  let inclusive = false;
  if ((c.op === '<' || c.op === '<=') && isDistance(c.left)) [fn, radius, inclusive] = [c.left, c.right, c.op === '<='];
  else if ((c.op === '>' || c.op === '>=') && isDistance(c.right))
    [fn, radius, inclusive] = [c.right, c.left, c.op === '>='];
  if (!fn || !radius || fn.kind !== 'FunctionCall') return null;
  const a = fn.args;
  const pts: Expression[][] | null =
    a.length === 4
      ? [
          [a[0], a[1]],
          [a[2], a[3]],
        ]
      : pointArgsPair(a[0], a[1]);
  if (!pts) return null;
  return {
    p1: { geo: compile.point(pts[0][0], pts[0][1]), exprs: pts[0] },
    p2: { geo: compile.point(pts[1][0], pts[1][1]), exprs: pts[1] },
    radius,
    inclusive,
    form: 'distance',
  };
}

function isPred(e: Expression): e is FunctionCall {
  return e.kind === 'FunctionCall' && (e.name === 'CONTAINS' || e.name === 'INTERSECTS');
}

function isDistance(e: Expression): boolean {
  return e.kind === 'FunctionCall' && e.name === 'DISTANCE';
}

function unwrap(e: Expression): Expression {
  return e.kind === 'Parenthesized' ? unwrap(e.expr) : e;
}

function pointArgs(e: Expression): Expression[] | null {
  const p = unwrap(e);
  return p.kind === 'Point' ? [p.x, p.y] : null;
}

function pointArgsPair(a: Expression, b: Expression): Expression[][] | null {
  const pa = pointArgs(a);
  const pb = pointArgs(b);
  return pa && pb ? [pa, pb] : null;
}

/** The tables an expression reads (null when it reads something else: a select-list alias). */
export function bindingsRead(e: Expression, analysis: Analysis): Set<Binding> | null {
  const out = new Set<Binding>();
  let ok = true;
  const visit = (node: unknown): void => {
    if (!ok || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as { kind?: string };
    if (n.kind === 'ColumnRef') {
      const r = analysis.columns.get(node as Extract<Expression, { kind: 'ColumnRef' }>);
      if (r?.kind === 'column') out.add(r.binding);
      else ok = false;
      return;
    }
    if (n.kind === 'ScalarSubquery') {
      ok = false;
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span') visit(v);
  };
  visit(e);
  return ok ? out : null;
}

/** The value of a constant numeric expression (numbers, + - * /, parentheses), else null. */
export function constantValue(e: Expression): number | null {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'Parenthesized':
      return constantValue(e.expr);
    case 'Unary': {
      const v = constantValue(e.operand);
      return v === null ? null : e.op === '-' ? -v : e.op === '+' ? v : null;
    }
    case 'Binary': {
      const l = constantValue(e.left);
      const r = constantValue(e.right);
      if (l === null || r === null) return null;
      const v = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : e.op === '/' ? l / r : Number.NaN;
      return Number.isFinite(v) ? v : null;
    }
    default:
      return null;
  }
}

/**
 * Chooses the inner (index-searched) side of a recognised condition, or null when neither side can be: no
 * spatial index on the point's table, or the other side (or the radius) reads that same table.
 */
export function chooseSides(
  m: MatchParts,
  analysis: Analysis,
  radiusSql: string,
  /** The side that must be searched (a LEFT JOIN's right table), when it can be. */
  inner?: Binding,
): CrossMatch | null {
  const radiusReads = bindingsRead(m.radius, analysis);
  if (!radiusReads) return null;
  const candidate = (inner: MatchParts['p1'], outer: MatchParts['p1']): CrossMatch | null => {
    const pos = inner.geo.position;
    if (!pos || !outer.geo.coords) return null;
    const outerReads = new Set<Binding>();
    for (const e of outer.exprs) {
      const r = bindingsRead(e, analysis);
      if (!r) return null;
      for (const b of r) outerReads.add(b);
    }
    if (outerReads.has(pos.binding) || radiusReads.has(pos.binding)) return null;
    return {
      inner: { ...pos, geo: inner.geo },
      outer: outer.geo as CrossMatch['outer'],
      radius: radiusSql,
      radiusValue: constantValue(m.radius),
      inclusive: m.inclusive,
      form: m.form,
    };
  };
  const first = candidate(m.p1, m.p2);
  const second = candidate(m.p2, m.p1);
  if (!first || !second) return first ?? second;
  if (inner && second.inner.binding === inner) return second;
  if (inner && first.inner.binding === inner) return first;
  return drivingScore(second.inner.binding) < drivingScore(first.inner.binding) ? second : first;
}

/**
 * How good a table is as the inner (searched) side: lower is better. An upload should drive the join rather than
 * be searched; otherwise the bigger table is searched.
 */
function drivingScore(b: Binding): number {
  if (b.table?.schema.toUpperCase() === 'TAP_UPLOAD') return Number.POSITIVE_INFINITY;
  const rows = b.table?.rows;
  return rows === undefined ? 0 : -rows;
}
