// Rowid-range partitioning (SQLite only). The TAP service may read a big result with several workers, each
// running the same query restricted to a disjoint range of rowids of one table (the "partition table"), and
// concatenate what they return. That is exact only when the unsplit result is the disjoint union, as a multiset,
// of the restricted results, in any order: every result row must come from exactly one row of the partition table,
// and no clause may look across rows (ordering, de-duplication, grouping, limits). This module decides, from the
// checked AST, whether a query has that shape, and prints the restricted SQL. It is conservative: a query not
// known to split exactly is not split. The caller still checks the plan (EXPLAIN QUERY PLAN) and that the SQL
// prepares: a view or a WITHOUT ROWID table has no rowid to range over.
import type { FromItem, Query, Select, TableRef } from '../ast.ts';
import { quoteIdentifier } from '../catalog.ts';
import { type Analysis, type Binding, findAggregate } from '../checker.ts';
import { isSingleStatement } from '../safety.ts';
import { SqlGenerator } from './generator.ts';
import { sqliteHooks } from './sqlite.ts';

export interface RowidPartition {
  /**
   * The same SQL as `sql`, with `<alias>.<rowid> BETWEEN :obscura_lo AND :obscura_hi` AND-ed to the top-level
   * WHERE (added as a WHERE when there is none; the original condition parenthesised). Named parameters, bound by
   * the caller as an object after the positional params; both bounds inclusive, 64-bit (the caller binds BigInt).
   */
  sql: string;
  /** The table as the SQL names it in FROM (e.g. `"bench.sources"`), for `SELECT min(<rowid>), max(<rowid>) FROM <table>`. */
  table: string;
  /**
   * The rowid name used: `rowid`, else `_rowid_`, else `oid` — the first that is not a column name of that table
   * (case-insensitive); none free: not partitionable.
   */
  rowid: string;
  /**
   * The name EXPLAIN QUERY PLAN gives this table in its detail lines: the SQL alias, unquoted (e.g. `a`, or
   * `sources` for `FROM bench.sources`).
   */
  planName: string;
}

/** The named parameters of the range (bound as `{ obscura_lo, obscura_hi }`). */
const LO = ':obscura_lo';
const HI = ':obscura_hi';

/**
 * SQLite's three names for the rowid (sqlite.org/lang_createtable.html#rowid): a column declared with one of
 * these names hides it under that name only, so the first name that is not a column of the table is the rowid.
 */
const ROWID_NAMES = ['rowid', '_rowid_', 'oid'] as const;

/** The top-level SELECT, its partition table and the rowid name, or null when the query cannot be split. */
export function partitionTarget(
  q: Query,
  analysis: Analysis,
): { select: Select; binding: Binding; rowid: string } | null {
  // WITH: a common table expression is evaluated once for the whole query; the rules below would have to hold for
  // it too (and a WITH name is not a table with rowids). ORDER BY: concatenated ranges are not globally ordered.
  // OFFSET: skips rows of the whole result, not of each range.
  if (q.with.length > 0 || q.orderBy.length > 0 || q.offset) return null;
  // A set operation de-duplicates (UNION, INTERSECT, EXCEPT) or combines rows across both operands; a nested Query
  // `(SELECT ...)` could carry its own ORDER BY / OFFSET / TOP. Only a plain SELECT is split.
  const s = q.body;
  if (s.kind !== 'Select') return null;
  // DISTINCT removes duplicates that may come from different ranges; TOP limits the whole result (each range would
  // return up to n rows); GROUP BY / HAVING group rows across ranges.
  if (s.quantifier === 'DISTINCT' || s.top || s.groupBy.length > 0 || s.having) return null;
  // An aggregate in the select list makes the whole SELECT one group (one row, whatever the ranges). Subqueries are
  // searched too: an aggregate there whose argument reads only outer columns aggregates the outer query (SQL-92
  // §6.5, and SQLite does so), and telling those apart is not worth the risk.
  if (findAggregate(s.items, true)) return null;
  // Every JOIN of the FROM list must keep each row of its left side at most once per match and never add rows
  // without one: INNER / plain JOIN / CROSS, and LEFT (each left row at least once, unmatched with NULLs). With the
  // partition table leftmost, every result row then comes from exactly one of its rows, so filtering its rowid in
  // WHERE partitions the result. RIGHT and FULL joins add rows with no partition-table row (a NULL rowid, in no
  // range): not split. NATURAL and USING only choose the join columns.
  if (!s.from.every(joinsKeepLeftRows)) return null;
  // The partition table is the leftmost table of the first FROM item (a LEFT join keeps all of its rows).
  const first = s.from[0];
  const leftmost = first ? leftmostTable(first) : null;
  if (!leftmost) return null;
  // A base table of the catalog (TAP_UPLOAD tables included: they have a physical table), not a WITH name or a
  // subquery in FROM, which have no rowid of their own.
  const binding = analysis.tables.get(leftmost);
  if (!binding?.table) return null;
  const columns = new Set(binding.table.columns.map((c) => c.name.toLowerCase()));
  const rowid = ROWID_NAMES.find((n) => !columns.has(n));
  if (!rowid) return null;
  return { select: s, binding, rowid };
}

/** Whether every join in this FROM item is INNER, CROSS or LEFT (derived tables are whole subqueries: not searched). */
function joinsKeepLeftRows(f: FromItem): boolean {
  switch (f.kind) {
    case 'TableRef':
    case 'DerivedTable':
      return true;
    case 'ParenthesizedJoin':
      return joinsKeepLeftRows(f.join);
    case 'Join':
      return (
        (f.type === null || f.type === 'INNER' || f.type === 'CROSS' || f.type === 'LEFT') &&
        joinsKeepLeftRows(f.left) &&
        joinsKeepLeftRows(f.right)
      );
  }
}

/** The leftmost TableRef of a FROM item (through Join.left and parentheses), null when it is a subquery. */
function leftmostTable(f: FromItem): TableRef | null {
  switch (f.kind) {
    case 'TableRef':
      return f;
    case 'DerivedTable':
      return null;
    case 'ParenthesizedJoin':
      return leftmostTable(f.join);
    case 'Join':
      return leftmostTable(f.left);
  }
}

/**
 * The rowid-range form of a checked query for SQLite, or null when it cannot be split. The SQL is printed by the
 * same generator as the unsplit translation (the cross-match rewrites may add FROM items; the range always lands
 * in the top-level WHERE).
 */
export function rowidPartition(q: Query, analysis: Analysis): RowidPartition | null {
  const target = partitionTarget(q, analysis);
  if (!target) return null;
  const { select, binding, rowid } = target;
  const predicate = `${quoteIdentifier(binding.sqlAlias)}.${rowid} BETWEEN ${LO} AND ${HI}`;
  const gen = new SqlGenerator(sqliteHooks, analysis, { select, sql: predicate });
  let sql: string;
  try {
    sql = gen.query(q);
  } catch {
    return null;
  }
  if (gen.diagnostics.length > 0 || !isSingleStatement(sql)) return null;
  return { sql, table: sqliteHooks.table(binding.table!), rowid, planName: binding.sqlAlias };
}
