// The typed ADQL AST. Nodes are immutable plain objects with a `kind` discriminator and a source `span`.
// Names follow the ADQL 2.1 BNF where they can (query_expression, select_query, table_reference, ...).
import type { NumberForm } from './lexer.ts';
import type { Span } from './span.ts';

interface NodeBase {
  readonly span: Span;
}

// ---- names ------------------------------------------------------------------------------------------------------

/** ADQL 2.1 §2.1.3: a regular identifier (case-insensitive) or a delimited one ("Name", case-sensitive). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  /** As written (delimited: without the quotes, with "" turned into "). */
  readonly name: string;
  readonly delimited: boolean;
}

/** <table_name> ::= [ [catalog .] schema . ] table : 1 to 3 parts. */
export interface TableName extends NodeBase {
  readonly kind: 'TableName';
  readonly parts: readonly Identifier[];
}

/** <column_reference> ::= [ <qualifier> . ] <column_name> : 1 to 4 parts, the last is the column. */
export interface ColumnRef extends NodeBase {
  readonly kind: 'ColumnRef';
  readonly parts: readonly Identifier[];
}

// ---- queries ----------------------------------------------------------------------------------------------------

/** <query_specification> / <select_expression>: [WITH ...] set expression [ORDER BY ...] [OFFSET n]. */
export interface Query extends NodeBase {
  readonly kind: 'Query';
  /** Common table expressions (ADQL 2.1 §4.5); only the outermost query may have them. */
  readonly with: readonly WithQuery[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  /** ADQL 2.1 OFFSET <unsigned_decimal>. */
  readonly offset: NumberLiteral | null;
}

export interface WithQuery extends NodeBase {
  readonly kind: 'WithQuery';
  readonly name: Identifier;
  readonly query: Query;
}

export type QueryBody = Select | SetOperation | Query;

/** UNION / EXCEPT / INTERSECT [ALL] (ADQL 2.1 §4.4). A parenthesised operand is a nested Query. */
export interface SetOperation extends NodeBase {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'EXCEPT' | 'INTERSECT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

/** <select_query>. `from` is empty only for a select-clause fragment (parse(..., { entry: 'select' })). */
export interface Select extends NodeBase {
  readonly kind: 'Select';
  readonly quantifier: 'ALL' | 'DISTINCT' | null;
  readonly top: NumberLiteral | null;
  readonly items: readonly SelectItem[];
  readonly from: readonly FromItem[];
  readonly where: Condition | null;
  readonly groupBy: readonly Expression[];
  readonly having: Condition | null;
}

export type SelectItem = SelectAll | SelectAllOf | SelectColumn;

export interface SelectAll extends NodeBase {
  readonly kind: 'SelectAll';
}

/** `qualifier.*` */
export interface SelectAllOf extends NodeBase {
  readonly kind: 'SelectAllOf';
  readonly qualifier: TableName;
}

/** <derived_column> ::= <value_expression> [ [AS] <column_name> ] */
export interface SelectColumn extends NodeBase {
  readonly kind: 'SelectColumn';
  readonly expr: Expression;
  readonly alias: Identifier | null;
}

export interface OrderItem extends NodeBase {
  readonly kind: 'OrderItem';
  /** An unsigned integer literal here is a column ordinal (ADQL 2.1 BNF <order_by_expression>). */
  readonly expr: Expression;
  readonly direction: 'ASC' | 'DESC' | null;
}

export type FromItem = TableRef | DerivedTable | Join | ParenthesizedJoin;

export interface TableRef extends NodeBase {
  readonly kind: 'TableRef';
  readonly name: TableName;
  readonly alias: Identifier | null;
}

/** <derived_table> <correlation_specification>: a subquery in FROM; the alias is mandatory. */
export interface DerivedTable extends NodeBase {
  readonly kind: 'DerivedTable';
  readonly query: Query;
  readonly alias: Identifier;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** <qualified_join>. `type` null means a plain `JOIN` (an inner join); `outer` records an explicit OUTER. */
export interface Join extends NodeBase {
  readonly kind: 'Join';
  readonly natural: boolean;
  readonly type: JoinType | null;
  readonly outer: boolean;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on: Condition | null;
  readonly using: readonly Identifier[] | null;
}

/** <left_paren> <joined_table> <right_paren> */
export interface ParenthesizedJoin extends NodeBase {
  readonly kind: 'ParenthesizedJoin';
  readonly join: Join | ParenthesizedJoin;
}

// ---- conditions -------------------------------------------------------------------------------------------------

export type Condition =
  | LogicalCondition
  | NotCondition
  | ParenthesizedCondition
  | Comparison
  | Between
  | InPredicate
  | Like
  | IsNull
  | Exists;

export interface LogicalCondition extends NodeBase {
  readonly kind: 'Logical';
  readonly op: 'AND' | 'OR';
  readonly left: Condition;
  readonly right: Condition;
}

export interface NotCondition extends NodeBase {
  readonly kind: 'Not';
  readonly condition: Condition;
}

export interface ParenthesizedCondition extends NodeBase {
  readonly kind: 'ParenthesizedCondition';
  readonly condition: Condition;
}

/** `!=` is kept as `<>` (ADQL 2.1 BNF <not_equals_operator>: both spellings mean the same). */
export type ComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>=';

export interface Comparison extends NodeBase {
  readonly kind: 'Comparison';
  readonly op: ComparisonOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Between extends NodeBase {
  readonly kind: 'Between';
  readonly not: boolean;
  readonly expr: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

export interface InPredicate extends NodeBase {
  readonly kind: 'In';
  readonly not: boolean;
  readonly expr: Expression;
  readonly values: readonly Expression[] | Query;
}

/** LIKE, or ILIKE (case-insensitive, ADQL 2.1 §4.3). */
export interface Like extends NodeBase {
  readonly kind: 'Like';
  readonly not: boolean;
  readonly caseInsensitive: boolean;
  readonly expr: Expression;
  readonly pattern: Expression;
}

export interface IsNull extends NodeBase {
  readonly kind: 'IsNull';
  readonly not: boolean;
  readonly expr: Expression;
}

export interface Exists extends NodeBase {
  readonly kind: 'Exists';
  readonly query: Query;
}

// ---- value expressions ------------------------------------------------------------------------------------------

export type Expression =
  | NumberLiteral
  | StringLiteral
  | NullLiteral
  | ColumnRef
  | Unary
  | Binary
  | Parenthesized
  | FunctionCall
  | UdfCall
  | Aggregate
  | Cast
  | Point
  | Circle
  | Box
  | Polygon
  | Region
  | ScalarSubquery;

export interface NumberLiteral extends NodeBase {
  readonly kind: 'Number';
  /** The literal as written (`1.5E-3`, `0x1F`). */
  readonly text: string;
  readonly form: NumberForm;
  readonly value: number;
}

export interface StringLiteral extends NodeBase {
  readonly kind: 'String';
  /** The value: quotes removed, '' unescaped, adjacent pieces joined. */
  readonly value: string;
}

export interface NullLiteral extends NodeBase {
  readonly kind: 'Null';
}

/** Unary sign (ADQL 2.1 BNF <factor>) or bitwise NOT `~` (extension). */
export interface Unary extends NodeBase {
  readonly kind: 'Unary';
  readonly op: '+' | '-' | '~';
  readonly operand: Expression;
}

/** Arithmetic, concatenation `||`, and the bitwise operators `&`, `|`, `^` (extension). */
export type BinaryOperator = '+' | '-' | '*' | '/' | '||' | '&' | '|' | '^';

export interface Binary extends NodeBase {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface Parenthesized extends NodeBase {
  readonly kind: 'Parenthesized';
  readonly expr: Expression;
}

/** The built-in functions that take plain value arguments. */
export type BuiltinFunctionName =
  // ADQL 2.1 §2.3 mathematical and trigonometrical functions
  | 'ABS'
  | 'CEILING'
  | 'DEGREES'
  | 'EXP'
  | 'FLOOR'
  | 'LOG'
  | 'LOG10'
  | 'MOD'
  | 'PI'
  | 'POWER'
  | 'RADIANS'
  | 'RAND'
  | 'ROUND'
  | 'SQRT'
  | 'TRUNCATE'
  | 'ACOS'
  | 'ASIN'
  | 'ATAN'
  | 'ATAN2'
  | 'COS'
  | 'COT'
  | 'SIN'
  | 'TAN'
  // ADQL 2.1 §4.3 string functions, §4.7 COALESCE, §4.8 IN_UNIT
  | 'LOWER'
  | 'UPPER'
  | 'COALESCE'
  | 'IN_UNIT'
  // ADQL 2.1 §4.2 geometry functions that are not constructors
  | 'CONTAINS'
  | 'INTERSECTS'
  | 'DISTANCE'
  | 'AREA'
  | 'CENTROID'
  | 'COORD1'
  | 'COORD2'
  | 'COORDSYS';

export interface FunctionCall extends NodeBase {
  readonly kind: 'FunctionCall';
  readonly name: BuiltinFunctionName;
  readonly args: readonly Expression[];
}

/** <user_defined_function>: any regular identifier called like a function; the checker resolves it. */
export interface UdfCall extends NodeBase {
  readonly kind: 'UdfCall';
  readonly name: Identifier;
  readonly args: readonly Expression[];
}

/** <set_function_specification>: COUNT(*), or AVG/MAX/MIN/SUM/COUNT([DISTINCT|ALL] expr). */
export interface Aggregate extends NodeBase {
  readonly kind: 'Aggregate';
  readonly name: 'AVG' | 'MAX' | 'MIN' | 'SUM' | 'COUNT';
  readonly quantifier: 'ALL' | 'DISTINCT' | null;
  /** null for COUNT(*). */
  readonly arg: Expression | null;
}

export type CastTypeName =
  | 'CHAR'
  | 'VARCHAR'
  | 'SMALLINT'
  | 'INTEGER'
  | 'BIGINT'
  | 'REAL'
  | 'DOUBLE PRECISION'
  | 'TIMESTAMP'
  | 'POINT'
  | 'CIRCLE'
  | 'POLYGON';

/** ADQL 2.1 §4.6 CAST(expr AS type). */
export interface Cast extends NodeBase {
  readonly kind: 'Cast';
  readonly expr: Expression;
  readonly type: CastTypeName;
  readonly length: number | null;
}

/** A pair of numeric coordinates written inline (<coordinates> ::= <coordinate1> , <coordinate2>). */
export interface Coordinates extends NodeBase {
  readonly kind: 'Coordinates';
  readonly x: Expression;
  readonly y: Expression;
}

/** A position given either as inline coordinates or as a <coord_value> (a point expression or a column). */
export type Position = Coordinates | Expression;

/**
 * The coordinate-system argument that ADQL 2.0 required and ADQL 2.1 deprecates (§4.2.1): a string literal or
 * NULL, kept so the translation can honour or ignore it; null when absent.
 */
export type CoordSys = StringLiteral | NullLiteral | null;

export interface Point extends NodeBase {
  readonly kind: 'Point';
  readonly coordSys: CoordSys;
  readonly x: Expression;
  readonly y: Expression;
}

export interface Circle extends NodeBase {
  readonly kind: 'Circle';
  readonly coordSys: CoordSys;
  readonly center: Position;
  readonly radius: Expression;
}

export interface Box extends NodeBase {
  readonly kind: 'Box';
  readonly coordSys: CoordSys;
  readonly center: Position;
  readonly width: Expression;
  readonly height: Expression;
}

export interface Polygon extends NodeBase {
  readonly kind: 'Polygon';
  readonly coordSys: CoordSys;
  /** At least 3 vertices. */
  readonly vertices: readonly Position[];
}

/** REGION('STC-S text') — ADQL 2.1 keeps it with a string literal argument. */
export interface Region extends NodeBase {
  readonly kind: 'Region';
  readonly arg: StringLiteral;
}

/** `(SELECT ...)` used as a value, e.g. `x = (SELECT MAX(y) FROM t)` (extension: not in the ADQL 2.1 BNF). */
export interface ScalarSubquery extends NodeBase {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
}

export type Node =
  | Query
  | WithQuery
  | Select
  | SetOperation
  | SelectItem
  | OrderItem
  | FromItem
  | Condition
  | Expression
  | Coordinates
  | Identifier
  | TableName;
