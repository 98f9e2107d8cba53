// The thin per-dialect hooks the SQL generator calls (DESIGN.md "ADQL dialects"): everything that differs between
// SQLite and PostgreSQL+pgSphere is one of these, implemented in sqlite.ts and postgres.ts.
import type { Region } from '@obscura/sky';
import type { BuiltinFunctionName, CastTypeName, Expression } from '../ast.ts';
import type { CatalogTable, UdfDeclaration } from '../catalog.ts';
import type { Binding } from '../checker.ts';
import type { GeometryKind, ValueKindName } from '../result-type.ts';
import type { CrossMatch } from './crossmatch.ts';

/** A compiled geometry operand. */
export interface Geo {
  kind: GeometryKind | null;
  /** SQL of the value in the dialect's geometry representation. */
  sql: string;
  /** The shape, when every argument is a constant. */
  shape: Region | null;
  /** POINT(ra, dec) of a table's own position columns: the spatial index can serve it. */
  position?: { binding: Binding; ra: string; dec: string };
  /** Plain SQL coordinates of a POINT constructor (x, y). */
  coords?: [string, string];
  /** A stored footprint column (s_region) of a table with a spatial index. */
  region?: { binding: Binding; sql: string };
  /** A plain geometry column (DALI text as stored). */
  storedColumn?: string;
}

export interface Unsupported {
  unsupported: string;
}

export interface DialectHooks {
  readonly name: 'sqlite' | 'postgres';
  table(t: CatalogTable): string;
  /** LIMIT/OFFSET tail (with a leading newline), or ''. */
  limitOffset(limit: string | null, offset: string | null): string;
  /** Math and string functions with plain value arguments. */
  func(name: BuiltinFunctionName, args: string[], kinds: ValueKindName[]): string | Unsupported;
  cast(sql: string, type: CastTypeName, length: number | null, from: ValueKindName): string | Unsupported;
  like(sql: string, pattern: string, not: boolean, caseInsensitive: boolean, kind: ValueKindName): string;
  concat(l: string, r: string, lk: ValueKindName, rk: ValueKindName): string;
  binary(op: '&' | '|' | '^', l: string, r: string): string;
  /** A multiplication by a unit-conversion factor. */
  scale(sql: string, factor: number): string;
  /** Geometry constructors from compiled parts. */
  point(x: string, y: string, shape: Region | null, position: Geo['position']): Geo;
  circle(center: Geo, radius: string, shape: Region | null): Geo | Unsupported;
  polygon(vertices: [string, string][], shape: Region | null): Geo | Unsupported;
  box(center: Geo, width: string, height: string, shape: Region | null): Geo | Unsupported;
  region(shape: Region | null, text: string): Geo | Unsupported;
  /** A stored geometry column (footprint or DALI text). */
  geometryColumn(columnSql: string, kind: GeometryKind, binding: Binding, column: string): Geo | Unsupported;
  /** CONTAINS / INTERSECTS as a condition (negated for `= 0`). */
  predicate(op: 'CONTAINS' | 'INTERSECTS', a: Geo, b: Geo, negate: boolean): string | Unsupported;
  /** CONTAINS / INTERSECTS used as a value (0 or 1). */
  predicateValue(op: 'CONTAINS' | 'INTERSECTS', a: Geo, b: Geo): string | Unsupported;
  distance(a: Geo, b: Geo): string | Unsupported;
  /**
   * A "within r" condition served by the inner side's spatial index (crossmatch.ts), or null for the plain
   * predicate. `lateral` adds a FROM item beside the query's tables and returns its quoted alias; it is null where
   * the condition is not a top-level conjunct of an inner join's ON or of WHERE.
   */
  crossMatch(m: CrossMatch, lateral: ((item: string) => string) | null): string | null;
  /**
   * The same condition in a LEFT JOIN's ON, where the searched table is the join's right side (`innerTable`: its
   * physical name): a form that keeps the outer rows without a match, or null for crossMatch's.
   */
  crossMatchLeft(m: CrossMatch, innerTable: string): string | null;
  area(g: Geo): string | Unsupported;
  centroid(g: Geo): Geo | Unsupported;
  coord(g: Geo, which: 1 | 2): string | Unsupported;
  /** A geometry in the select list: its DALI text. */
  output(g: Geo): string | Unsupported;
  udf(decl: UdfDeclaration, args: string[], exprs: readonly Expression[]): string;
  setOperation(op: 'UNION' | 'EXCEPT' | 'INTERSECT', all: boolean): string | Unsupported;
}

export function isUnsupported(x: unknown): x is Unsupported {
  return typeof x === 'object' && x !== null && 'unsupported' in x;
}

/** SQL string literal: single quotes, embedded quotes doubled (SQL-92 §5.3; both backends, no backslash escapes). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A finite number as SQL text (shortest round-trip form). */
export function sqlNumber(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  return Object.is(v, -0) ? '0' : String(v);
}
