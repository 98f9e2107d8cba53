// The table metadata and parser configuration VOLLT's tests run their queries with (gmantele/vollt, branch adql2.1,
// ADQLLib/test/adql/**), as SchemaCatalogs, so the corpus cases that need them (`context` in all_cases.jsonl) are
// checked the way their authors did. Each setup cites the test class and method it comes from; which one applies
// is chosen by the case's line in the Java source.
import type { CatalogColumn, CatalogTable, SchemaCatalog, UdfDeclaration } from './catalog.ts';
import type { CorpusCase } from './corpus-cases.ts';

export interface VolltSetup {
  /** The DBChecker's tables and FunctionDefs; null when the test runs the parser alone (no query checker). */
  catalog: SchemaCatalog | null;
  /** Without a checker: the UDFs the parser accepts (`any` = VOLLT's allowAnyUdf(true)). */
  udfs?: readonly string[] | 'any';
}

/** VOLLT DBType → VOTable datatype (adql.db.DBType.DBDatatype, as VOLLT's TAP library maps them). */
function col(name: string, type: 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'REAL' | 'POINT'): CatalogColumn {
  switch (type) {
    case 'VARCHAR':
      return { name, datatype: 'char', arraysize: '*' };
    case 'INTEGER':
      return { name, datatype: 'int' };
    case 'BIGINT':
      return { name, datatype: 'long' };
    case 'DOUBLE':
      return { name, datatype: 'double' };
    case 'REAL':
      return { name, datatype: 'float' };
    case 'POINT':
      return { name, datatype: 'double', arraysize: '2', xtype: 'point', unit: 'deg' };
  }
}

/** A VOLLT table name given without a schema (`new DefaultDBTable(null, null, "foo2")`) is in no schema. */
const NO_SCHEMA = '';

function table(schema: string, name: string, columns: CatalogColumn[]): CatalogTable {
  return { schema, name, columns };
}

/**
 * TestDBChecker.setUpBeforeClass: aschema.foo("colS" VARCHAR — delimited, so case-sensitive —, colI INTEGER,
 * colG POINT) and foo2(oid BIGINT) in no schema.
 */
const DBCHECKER_TABLES: CatalogTable[] = [
  table('aschema', 'foo', [col('colS', 'VARCHAR'), col('colI', 'INTEGER'), col('colG', 'POINT')]),
  table(NO_SCHEMA, 'foo2', [col('oid', 'BIGINT')]),
];

/** FunctionDef(name, returnType, params...) as a declaration. */
function udf(
  name: string,
  returns: UdfDeclaration['returns'],
  args: UdfDeclaration['args'] = [],
  argTypes: readonly string[] = [],
): UdfDeclaration {
  const ret = { char: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', double: 'DOUBLE', point: 'POINT', region: 'REGION' };
  return {
    name,
    signature: `${name}(${argTypes.join(', ')}) -> ${ret[returns]}`,
    description: 'VOLLT test UDF',
    args,
    returns,
  };
}

const foo = (udfs: UdfDeclaration[]): SchemaCatalog => ({ tables: DBCHECKER_TABLES, udfs });

/**
 * TestIdentifierCaseSensitivity (its source is not in the searchable index; the tables are inferred from its
 * queries and VOLLT's naming rule that a quoted DBTable/DBColumn name is case-sensitive): ncs_adqltable and
 * "CS_ADQLTable"; adqltable(ncs_adqlcolumn, "CS_ADQLColumn"); table1(col1, col2), "Table2", table3, table4.
 */
const CASE_SENSITIVITY: SchemaCatalog = {
  tables: [
    table(NO_SCHEMA, 'ncs_adqltable', [col('id', 'INTEGER')]),
    table(NO_SCHEMA, 'CS_ADQLTable', [col('id', 'INTEGER')]),
    table(NO_SCHEMA, 'adqltable', [col('ncs_adqlcolumn', 'VARCHAR'), col('CS_ADQLColumn', 'VARCHAR')]),
    table(NO_SCHEMA, 'table1', [col('col1', 'INTEGER'), col('col2', 'VARCHAR')]),
    table(NO_SCHEMA, 'Table2', [col('col1', 'INTEGER')]),
    table(NO_SCHEMA, 'table3', [col('col1', 'INTEGER')]),
    table(NO_SCHEMA, 'table4', [col('col1', 'INTEGER')]),
  ],
  udfs: [],
};

/** TestSubQueries.setUp: public.table1, table2, table3 (createTable1..3). */
const SUBQUERIES: SchemaCatalog = {
  tables: [
    table('public', 'table1', [
      col('oid', 'BIGINT'),
      col('ra', 'DOUBLE'),
      col('dec', 'DOUBLE'),
      col('h_m', 'REAL'),
      col('j_m', 'REAL'),
      col('k_m', 'REAL'),
    ]),
    table(
      'public',
      'table2',
      [
        'oid2',
        'ra',
        'ra_error',
        'dec',
        'dec_error',
        'parallax',
        'parallax_error',
        'magnitude',
        'pmra',
        'pmra_error',
        'pmdec',
        'pmdec_error',
      ].map((n) => col(n, n === 'oid2' ? 'BIGINT' : 'DOUBLE')),
    ),
    table('public', 'table3', [col('oid', 'BIGINT'), col('oid2', 'BIGINT')]),
  ],
  udfs: [],
};

/** TestDBChecker.test_ShouldSucceed_WhenSubQueryUsesSameTableAsMainQuery: resource(ivoid, short_name, res_description), untyped. */
const RESOURCE: SchemaCatalog = {
  tables: [
    table(
      NO_SCHEMA,
      'resource',
      ['ivoid', 'short_name', 'res_description'].map((n) => col(n, 'VARCHAR')),
    ),
  ],
  udfs: [],
};

/** Every VOLLT fixture table (for the fuzz test's SQLite file). */
export const VOLLT_TABLES: readonly CatalogTable[] = [
  ...DBCHECKER_TABLES,
  ...CASE_SENSITIVITY.tables,
  ...SUBQUERIES.tables,
  ...RESOURCE.tables,
];

/** [first line, last line, setup] per test file; the first range containing the case's line applies. */
const SETUPS: Record<string, [number, number, VolltSetup][]> = {
  TestDBChecker: [
    // testWithClause .. testColRefWithDottedAlias: DBChecker(tables) or DBChecker(tables, no FunctionDef).
    [80, 240, { catalog: foo([]) }],
    // testNumericOrStringValueExpressionPrimary: `new ADQLParser(version)` without a query checker.
    [245, 300, { catalog: null, udfs: [] }],
    // testUDFManagement: DBChecker(tables, empty list) — undeclared functions are refused despite allowAnyUdf.
    [305, 330, { catalog: foo([]) }],
    // ... declares toto() -> VARCHAR and tata() -> INTEGER.
    [331, 380, { catalog: foo([udf('toto', 'char'), udf('tata', 'int')]) }],
    // ... declares toto(txt VARCHAR) -> VARCHAR (with a UDF class).
    [381, 445, { catalog: foo([udf('toto', 'char', ['string'], ['txt VARCHAR'])]) }],
    // testTypesChecking: DBChecker(tables).
    [450, 560, { catalog: foo([]) }],
    // ... toto() -> VARCHAR, tata() -> INTEGER, titi() -> REGION.
    [561, 680, { catalog: foo([udf('toto', 'char'), udf('tata', 'int'), udf('titi', 'region')]) }],
    // ... fct1(str VARCHAR, num INTEGER) -> VARCHAR, fct2(str VARCHAR) -> INTEGER, fct3(str VARCHAR) -> VARCHAR.
    [
      681,
      710,
      {
        catalog: foo([
          udf('fct1', 'char', ['string', 'numeric'], ['str VARCHAR', 'num INTEGER']),
          udf('fct2', 'int', ['string'], ['str VARCHAR']),
          udf('fct3', 'char', ['string'], ['str VARCHAR']),
        ]),
      },
    ],
    // ... allowAnyUdf(true), DBChecker(tables, null): no declaration at all (see the disagreements).
    [711, 735, { catalog: foo([]) }],
    // ... toto() -> VARCHAR declared.
    [736, 760, { catalog: foo([udf('toto', 'char')]) }],
    // ... overloads toto(VARCHAR) -> VARCHAR, toto(INTEGER) -> INTEGER, toto(POINT) -> INTEGER.
    [
      761,
      810,
      {
        catalog: foo([
          udf('toto', 'char', ['string'], ['attr VARCHAR']),
          udf('toto', 'int', ['numeric'], ['attr INTEGER']),
          udf('toto', 'int', ['geometry'], ['attr POINT']),
        ]),
      },
    ],
    [811, 840, { catalog: RESOURCE }],
  ],
  TestIdentifierCaseSensitivity: [[1, 1000, { catalog: CASE_SENSITIVITY }]],
  TestSubQueries: [[1, 1000, { catalog: SUBQUERIES }]],
  TestADQLParser: [
    // testUDFName / testUDFDeclaration: allowAnyUdf(true), then allowAnyUdf(false), then FunctionDef foo declared.
    [790, 830, { catalog: null, udfs: 'any' }],
    [831, 840, { catalog: null, udfs: [] }],
    [841, 850, { catalog: null, udfs: ['foo'] }],
  ],
};

/** The VOLLT setup a corpus case needs, or undefined when its test runs the plain parser. */
export function volltSetup(c: CorpusCase): VolltSetup | undefined {
  if (c.origin !== 'vollt') return undefined;
  const [file, line] = c.id.split(':');
  const n = Number(line);
  return SETUPS[file]?.find(([lo, hi]) => n >= lo && n <= hi)?.[2];
}
