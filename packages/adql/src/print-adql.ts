// AST -> normalised ADQL text: keywords in upper case, one space around operators, one clause per line.
// parse(print(ast)) gives the same AST (spans aside); print-adql.test.ts checks this over the whole corpus.
import type {
  Condition,
  CoordSys,
  Expression,
  FromItem,
  Identifier,
  Node,
  OrderItem,
  Position,
  Query,
  QueryBody,
  SelectItem,
  TableName,
} from './ast.ts';

export function printAdql(node: Node): string {
  switch (node.kind) {
    case 'Query':
      return printQuery(node);
    case 'Select':
    case 'SetOperation':
      return printBody(node);
    case 'WithQuery':
      return `${ident(node.name)} AS (${printQuery(node.query)})`;
    case 'SelectAll':
    case 'SelectAllOf':
    case 'SelectColumn':
      return printSelectItem(node);
    case 'OrderItem':
      return printOrderItem(node);
    case 'TableRef':
    case 'DerivedTable':
    case 'Join':
    case 'ParenthesizedJoin':
      return printFrom(node);
    case 'Identifier':
      return ident(node);
    case 'TableName':
      return tableName(node);
    case 'Coordinates':
      return `${expr(node.x)}, ${expr(node.y)}`;
    case 'Logical':
    case 'Not':
    case 'ParenthesizedCondition':
    case 'Comparison':
    case 'Between':
    case 'In':
    case 'Like':
    case 'IsNull':
    case 'Exists':
      return cond(node);
    default:
      return expr(node);
  }
}

/** ADQL 2.1 §2.1.3: a delimited identifier is written in double quotes with " doubled. */
function ident(id: Identifier): string {
  return id.delimited ? `"${id.name.replace(/"/g, '""')}"` : id.name;
}

function tableName(t: TableName): string {
  return t.parts.map(ident).join('.');
}

function printQuery(q: Query): string {
  let s = '';
  if (q.with.length > 0) s += `WITH ${q.with.map((w) => `${ident(w.name)} AS (${printQuery(w.query)})`).join(', ')}\n`;
  s += printBody(q.body);
  if (q.orderBy.length > 0) s += `\nORDER BY ${q.orderBy.map(printOrderItem).join(', ')}`;
  if (q.offset) s += `\nOFFSET ${q.offset.text}`;
  return s;
}

function printBody(b: QueryBody): string {
  switch (b.kind) {
    case 'Query':
      return `(${printQuery(b)})`;
    case 'SetOperation':
      return `${printBody(b.left)}\n${b.op}${b.all ? ' ALL' : ''}\n${printBody(b.right)}`;
    case 'Select': {
      let s = 'SELECT ';
      if (b.quantifier) s += `${b.quantifier} `;
      if (b.top) s += `TOP ${b.top.text} `;
      s += b.items.map(printSelectItem).join(', ');
      if (b.from.length > 0) s += `\nFROM ${b.from.map(printFrom).join(', ')}`;
      if (b.where) s += `\nWHERE ${cond(b.where)}`;
      if (b.groupBy.length > 0) s += `\nGROUP BY ${b.groupBy.map(expr).join(', ')}`;
      if (b.having) s += `\nHAVING ${cond(b.having)}`;
      return s;
    }
  }
}

function printSelectItem(i: SelectItem): string {
  switch (i.kind) {
    case 'SelectAll':
      return '*';
    case 'SelectAllOf':
      return `${tableName(i.qualifier)}.*`;
    case 'SelectColumn':
      return i.alias ? `${expr(i.expr)} AS ${ident(i.alias)}` : expr(i.expr);
  }
}

function printOrderItem(o: OrderItem): string {
  return o.direction ? `${expr(o.expr)} ${o.direction}` : expr(o.expr);
}

function printFrom(f: FromItem): string {
  switch (f.kind) {
    case 'TableRef':
      return f.alias ? `${tableName(f.name)} AS ${ident(f.alias)}` : tableName(f.name);
    case 'DerivedTable':
      return `(${printQuery(f.query)}) AS ${ident(f.alias)}`;
    case 'ParenthesizedJoin':
      return `(${printFrom(f.join)})`;
    case 'Join': {
      let s = `${printFrom(f.left)} `;
      if (f.natural) s += 'NATURAL ';
      if (f.type) s += `${f.type} `;
      if (f.outer) s += 'OUTER ';
      s += `JOIN ${printFrom(f.right)}`;
      if (f.on) s += ` ON ${cond(f.on)}`;
      if (f.using) s += ` USING (${f.using.map(ident).join(', ')})`;
      return s;
    }
  }
}

function cond(c: Condition): string {
  switch (c.kind) {
    case 'Logical':
      return `${cond(c.left)} ${c.op} ${cond(c.right)}`;
    case 'Not':
      return `NOT ${cond(c.condition)}`;
    case 'ParenthesizedCondition':
      return `(${cond(c.condition)})`;
    case 'Comparison':
      return `${expr(c.left)} ${c.op} ${expr(c.right)}`;
    case 'Between':
      return `${expr(c.expr)} ${c.not ? 'NOT ' : ''}BETWEEN ${expr(c.low)} AND ${expr(c.high)}`;
    case 'In':
      return `${expr(c.expr)} ${c.not ? 'NOT ' : ''}IN (${Array.isArray(c.values) ? c.values.map(expr).join(', ') : printQuery(c.values as Query)})`;
    case 'Like':
      return `${expr(c.expr)} ${c.not ? 'NOT ' : ''}${c.caseInsensitive ? 'ILIKE' : 'LIKE'} ${expr(c.pattern)}`;
    case 'IsNull':
      return `${expr(c.expr)} IS ${c.not ? 'NOT ' : ''}NULL`;
    case 'Exists':
      return `EXISTS (${printQuery(c.query)})`;
  }
}

function string(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function position(p: Position): string {
  return p.kind === 'Coordinates' ? `${expr(p.x)}, ${expr(p.y)}` : expr(p);
}

function geometry(name: string, sys: CoordSys, args: string[]): string {
  return `${name}(${sys ? [expr(sys), ...args].join(', ') : args.join(', ')})`;
}

function expr(e: Expression): string {
  switch (e.kind) {
    case 'Number':
      return e.text;
    case 'String':
      return string(e.value);
    case 'Null':
      return 'NULL';
    case 'ColumnRef':
      return e.parts.map(ident).join('.');
    case 'Unary':
      return `${e.op}${expr(e.operand)}`;
    case 'Binary':
      return `${expr(e.left)} ${e.op} ${expr(e.right)}`;
    case 'Parenthesized':
      return `(${expr(e.expr)})`;
    case 'FunctionCall':
      return `${e.name}(${e.args.map(expr).join(', ')})`;
    case 'UdfCall':
      return `${e.name.name}(${e.args.map(expr).join(', ')})`;
    case 'Aggregate':
      return e.arg ? `${e.name}(${e.quantifier ? `${e.quantifier} ` : ''}${expr(e.arg)})` : `${e.name}(*)`;
    case 'Cast':
      return `CAST(${expr(e.expr)} AS ${e.type}${e.length !== null ? `(${e.length})` : ''})`;
    case 'Point':
      return geometry('POINT', e.coordSys, [expr(e.x), expr(e.y)]);
    case 'Circle':
      return geometry('CIRCLE', e.coordSys, [position(e.center), expr(e.radius)]);
    case 'Box':
      return geometry('BOX', e.coordSys, [position(e.center), expr(e.width), expr(e.height)]);
    case 'Polygon':
      return geometry('POLYGON', e.coordSys, e.vertices.map(position));
    case 'Region':
      return `REGION(${string(e.arg.value)})`;
    case 'ScalarSubquery':
      return `(${printQuery(e.query)})`;
  }
}
