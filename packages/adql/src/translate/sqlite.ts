// SQLite hooks. Geometry is text handled by the functions registerSqliteFunctions() adds to the connection (JS,
// with @obscura/sky); a CONTAINS of a table's own position in a constant circle or polygon is rewritten to a
// HEALPix range scan on `obscura_hpx` plus the exact test. LIKE is made case-sensitive by the same function
// (PRAGMA case_sensitive_like), so ADQL LIKE keeps its meaning and ILIKE becomes LOWER() LIKE LOWER().
import { HEALPIX_COLUMN, physicalTableName, quoteIdentifier } from '../catalog.ts';
import { COVER_FUNCTION } from './cover-table.ts';
import type { DialectHooks, Geo } from './dialect.ts';
import { sqlNumber, sqlString } from './dialect.ts';
import { encodeShape } from './geometry-values.ts';
import { coveringRanges, rangesSql } from './healpix-ranges.ts';

const geoFrom = (kind: Geo['kind'], sql: string, shape: Geo['shape']): Geo => ({ kind, sql, shape });

export const sqliteHooks: DialectHooks = {
  name: 'sqlite',
  table: (t) => physicalTableName(t, 'sqlite'),
  limitOffset(limit, offset) {
    if (limit === null && offset === null) return '';
    // SQLite needs a LIMIT before OFFSET; -1 means no limit (sqlite.org/lang_select.html#limitoffset).
    return `\nLIMIT ${limit ?? '-1'}${offset !== null ? ` OFFSET ${offset}` : ''}`;
  },
  func(name, args, kinds) {
    switch (name) {
      case 'LOG':
        return `ln(${args[0]})`; // ADQL LOG is the natural logarithm; SQLite's log() is base 10
      case 'LOG10':
        return `log10(${args[0]})`;
      case 'CEILING':
        return `ceiling(${args[0]})`;
      case 'MOD':
        return kinds[0] === 'integer' && kinds[1] === 'integer'
          ? `(${args[0]} % ${args[1]})`
          : `mod(${args[0]}, ${args[1]})`;
      case 'ROUND':
        return args.length === 2 ? `round(${args[0]}, ${args[1]})` : `round(${args[0]})`;
      case 'TRUNCATE':
        return `adql_truncate(${args[0]}, ${args[1] ?? '0'})`;
      case 'RAND':
        if (args.length > 0) return { unsupported: 'RAND(seed)' };
        return 'adql_rand()';
      case 'COT':
        return `adql_cot(${args[0]})`;
      default:
        return `${name.toLowerCase()}(${args.join(', ')})`;
    }
  },
  cast(sql, type, length) {
    switch (type) {
      case 'CHAR':
      case 'VARCHAR':
        return length ? `substr(CAST(${sql} AS TEXT), 1, ${length})` : `CAST(${sql} AS TEXT)`;
      case 'SMALLINT':
      case 'INTEGER':
      case 'BIGINT':
        return `CAST(${sql} AS INTEGER)`;
      case 'REAL':
        return `adql_float(${sql})`; // single precision (ADQL REAL), as Math.fround
      case 'DOUBLE PRECISION':
        return `CAST(${sql} AS REAL)`;
      case 'TIMESTAMP':
        return `adql_timestamp(${sql})`;
      default:
        return { unsupported: `CAST(... AS ${type})` };
    }
  },
  like(sql, pattern, not, ci) {
    const n = not ? 'NOT ' : '';
    return ci ? `lower(${sql}) ${n}LIKE lower(${pattern})` : `${sql} ${n}LIKE ${pattern}`;
  },
  concat: (l, r) => `${l} || ${r}`,
  binary(op, l, r) {
    // SQLite has no XOR operator: a ^ b = (a | b) - (a & b).
    return op === '^' ? `((${l} | ${r}) - (${l} & ${r}))` : `${l} ${op} ${r}`;
  },
  scale: (sql, factor) => (factor === 1 ? `(${sql})` : `(${sql} * ${sqlNumber(factor)})`),
  point(x, y, shape, position) {
    if (shape) return { kind: 'point', sql: sqlString(encodeShape(shape as never)), shape, coords: [x, y], position };
    return { kind: 'point', sql: `adql_point(${x}, ${y})`, shape: null, coords: [x, y], position };
  },
  circle(center, radius, shape) {
    if (shape) return geoFrom('circle', sqlString(encodeShape(shape as never)), shape);
    return geoFrom('circle', `adql_circle(${center.sql}, ${radius})`, null);
  },
  polygon(vertices, shape) {
    if (shape) return geoFrom('polygon', sqlString(encodeShape(shape as never)), shape);
    return geoFrom('polygon', `adql_polygon(${vertices.flat().join(', ')})`, null);
  },
  box(center, width, height, shape) {
    if (shape) return geoFrom('polygon', sqlString(encodeShape(shape as never)), shape);
    return geoFrom('polygon', `adql_box(${center.sql}, ${width}, ${height})`, null);
  },
  region(shape, text) {
    if (
      shape &&
      (shape.type === 'point' || shape.type === 'circle' || shape.type === 'polygon' || shape.type === 'box')
    ) {
      return geoFrom(shape.type === 'box' ? 'polygon' : shape.type, sqlString(encodeShape(shape)), shape);
    }
    return geoFrom('region', sqlString(text), shape);
  },
  geometryColumn(columnSql, kind) {
    return geoFrom(kind, columnSql, null);
  },
  predicate(op, a, b, negate) {
    if (op === 'CONTAINS' && a.kind === 'point' && a.coords) {
      const exact = `adql_point_in(${a.coords[0]}, ${a.coords[1]}, ${b.sql})`;
      if (negate) return `NOT ${exact}`;
      // Named rewrite "healpix range scan": the table's own position in a constant circle/polygon.
      const ranges = a.position && b.shape ? coveringRanges(b.shape) : null;
      if (a.position && ranges) {
        const hpx = `${quoteIdentifier(a.position.binding.sqlAlias)}.${quoteIdentifier(HEALPIX_COLUMN)}`;
        return `(${rangesSql(hpx, ranges)} AND ${exact})`;
      }
      return exact;
    }
    const fn = op === 'CONTAINS' ? 'adql_contains' : 'adql_intersects';
    return `${negate ? 'NOT ' : ''}${fn}(${a.sql}, ${b.sql})`;
  },
  predicateValue(op, a, b) {
    if (op === 'CONTAINS' && a.kind === 'point' && a.coords)
      return `adql_point_in(${a.coords[0]}, ${a.coords[1]}, ${b.sql})`;
    return `${op === 'CONTAINS' ? 'adql_contains' : 'adql_intersects'}(${a.sql}, ${b.sql})`;
  },
  distance(a, b) {
    if (a.coords && b.coords) return `adql_distance(${a.coords[0]}, ${a.coords[1]}, ${b.coords[0]}, ${b.coords[1]})`;
    return `adql_distance_g(${a.sql}, ${b.sql})`;
  },
  crossMatch(m, lateral) {
    const [ix, iy] = m.inner.geo.coords!;
    const [ox, oy] = m.outer.coords;
    const exact = `adql_distance(${ox}, ${oy}, ${ix}, ${iy}) ${m.inclusive ? '<=' : '<'} ${m.radius}`;
    const hpx = `${quoteIdentifier(m.inner.binding.sqlAlias)}.${quoteIdentifier(HEALPIX_COLUMN)}`;
    const center = m.outer.shape;
    if (center?.type === 'point') {
      // A cone: the constant circle's covering ranges (as for CONTAINS with a constant circle).
      const ranges =
        m.radiusValue === null
          ? null
          : coveringRanges({ type: 'circle', ra: center.ra, dec: center.dec, radius: m.radiusValue });
      return ranges ? `(${rangesSql(hpx, ranges)} AND ${exact})` : null;
    }
    if (!lateral) return null;
    // Named rewrite "HEALPix index join": per outer row, the table function lists the order-29 ranges covering the
    // circle around it, and the inner table is range-searched on its obscura_hpx index for each.
    const cover = lateral(`${COVER_FUNCTION}(${ox}, ${oy}, ${m.radius})`);
    return `(${hpx} BETWEEN ${cover}."lo" AND ${cover}."hi" AND ${exact})`;
  },
  crossMatchLeft(m, innerTable) {
    // LEFT JOIN: the inner row's rowid among the matches of a correlated subquery (the cover join on a second
    // reference to the inner table): SQLite evaluates it once per outer row and looks the rows up by rowid, and an
    // outer row without a match keeps its NULLs (a cover in the FROM list would repeat it once per range).
    const center = m.outer.shape;
    if (center?.type === 'point') return null;
    const si = m.inner.binding.table?.spatialIndex;
    if (!si) return null;
    const [ox, oy] = m.outer.coords;
    // Correlation names from the inner alias (unique in the query; ADQL regular identifiers cannot start with _).
    const cover = quoteIdentifier(`_xl_${m.inner.binding.sqlAlias}`);
    const copy = quoteIdentifier(`_xb_${m.inner.binding.sqlAlias}`);
    const col = (c: string) => `${copy}.${quoteIdentifier(c)}`;
    const exact = `adql_distance(${ox}, ${oy}, ${col(si.ra)}, ${col(si.dec)}) ${m.inclusive ? '<=' : '<'} ${m.radius}`;
    return (
      `${quoteIdentifier(m.inner.binding.sqlAlias)}.rowid IN (SELECT ${copy}.rowid FROM ` +
      `${COVER_FUNCTION}(${ox}, ${oy}, ${m.radius}) AS ${cover} JOIN ${innerTable} AS ${copy} ` +
      `ON ${col(HEALPIX_COLUMN)} BETWEEN ${cover}."lo" AND ${cover}."hi" WHERE ${exact})`
    );
  },
  area: (g) => `adql_area(${g.sql})`,
  centroid: (g) => ({ kind: 'point', sql: `adql_centroid(${g.sql})`, shape: null }),
  coord(g, which) {
    return `adql_coord${which}(${g.sql})`;
  },
  output: (g) => `adql_dali(${g.sql})`,
  udf(decl, args) {
    return `${decl.name}(${args.join(', ')})`;
  },
  setOperation(op, all) {
    if (all && op !== 'UNION') return { unsupported: `${op} ALL (SQLite has ${op} without ALL only)` };
    return all ? `${op} ALL` : op;
  },
};
