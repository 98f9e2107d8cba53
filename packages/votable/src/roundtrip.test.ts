// Every datatype × serialization × nulls × arrays, written by VOTableWriter and read back by readVOTable; the null
// row reads back as each serialization can represent it (VOTable 1.5 §5.5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Field } from './field.ts';
import { readVOTable } from './reader.ts';
import { inPieces, writeVOTable } from './test-helpers.ts';
import type { Serialization } from './writer.ts';
import { daliField } from './xtype.ts';

const NaN2 = [Number.NaN, Number.NaN];

interface Column {
  field: Field;
  values: [unknown, unknown]; // two non-null values
  /** What a null cell reads back as, per serialization (null when the serialization can flag it). */
  nullAs: Partial<Record<Serialization, unknown>>;
  /** What values read back as, when not identical. */
  readAs?: Partial<Record<Serialization, [unknown, unknown]>>;
}

const columns: Column[] = [
  { field: { name: 'boolean', datatype: 'boolean' }, values: [true, false], nullAs: {} },
  { field: { name: 'bit', datatype: 'bit' }, values: [true, false], nullAs: { BINARY: false } },
  { field: { name: 'ubyte', datatype: 'unsignedByte' }, values: [200, 0], nullAs: {} },
  { field: { name: 'short', datatype: 'short' }, values: [-32767, 12], nullAs: {} },
  { field: { name: 'int', datatype: 'int', nullValue: -1 }, values: [2147483647, -5], nullAs: {} },
  { field: { name: 'long', datatype: 'long' }, values: [9007199254740993n, -9223372036854775807n], nullAs: {} },
  { field: { name: 'char1', datatype: 'char' }, values: ['Q', 'z'], nullAs: { BINARY: '' } },
  {
    field: { name: 'str', datatype: 'char', arraysize: '*' },
    values: ['hello <&> "x" \' ]]>', ''],
    nullAs: { BINARY: '' },
    readAs: { TABLEDATA: ['hello <&> "x" \' ]]>', null] }, // §5.5: TABLEDATA cannot tell '' from null
  },
  { field: { name: 'str8', datatype: 'char', arraysize: '8' }, values: ['abc', 'abcdefgh'], nullAs: { BINARY: '' } },
  {
    field: { name: 'ustr', datatype: 'unicodeChar', arraysize: '*' },
    values: ['Ωmega ünïcode ✓ 日本', 'x'],
    nullAs: { BINARY: '' },
  },
  // Null floats are NaN in BINARY, and in TABLEDATA too (votlint rejects an empty TD for a float; §5.5).
  {
    field: { name: 'float', datatype: 'float' },
    values: [1.5, -0.25],
    nullAs: { BINARY: Number.NaN, TABLEDATA: Number.NaN },
  },
  {
    field: { name: 'double', datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra;meta.main' },
    values: [Math.PI, Number.POSITIVE_INFINITY],
    nullAs: { BINARY: Number.NaN, TABLEDATA: Number.NaN },
  },
  {
    field: { name: 'fcomplex', datatype: 'floatComplex' },
    values: [
      [1, -2],
      [0.5, 0.25],
    ],
    nullAs: { BINARY: NaN2, TABLEDATA: NaN2 },
  },
  {
    field: { name: 'dcomplex', datatype: 'doubleComplex' },
    values: [
      [Math.E, 1e-300],
      [-1e300, 0],
    ],
    nullAs: { BINARY: NaN2, TABLEDATA: NaN2 },
  },
  { field: { name: 'ints', datatype: 'int', arraysize: '*' }, values: [[1, 2, 3], [7]], nullAs: { BINARY: [] } },
  {
    field: { name: 'int3', datatype: 'int', arraysize: '3' },
    values: [
      [1, null, 3],
      [-4, 5, 6],
    ],
    nullAs: { BINARY: [null, null, null], TABLEDATA: [null, null, null] },
  },
  {
    field: { name: 'd3', datatype: 'double', arraysize: '3' },
    values: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    nullAs: { BINARY: [Number.NaN, Number.NaN, Number.NaN], TABLEDATA: [Number.NaN, Number.NaN, Number.NaN] },
  },
  { field: { name: 'longs', datatype: 'long', arraysize: '*' }, values: [[1n, -2n], [3n]], nullAs: { BINARY: [] } },
  {
    field: { name: 'bools', datatype: 'boolean', arraysize: '4' },
    values: [
      [true, false, null, true],
      [false, false, false, false],
    ],
    nullAs: { BINARY: [null, null, null, null], TABLEDATA: [null, null, null, null] },
  },
  {
    field: { name: 'bits', datatype: 'bit', arraysize: '10' },
    values: [[true, false, true, true, false, false, false, false, true, true], Array(10).fill(false)],
    nullAs: { BINARY: Array(10).fill(false) },
  },
  {
    field: { name: 'varbits', datatype: 'bit', arraysize: '*' },
    values: [[true, false, true], [false]],
    nullAs: { BINARY: [] },
  },
  {
    field: { name: 'f2xn', datatype: 'float', arraysize: '2x*' },
    values: [
      [1, 2, 3, 4],
      [5, 6],
    ],
    nullAs: { BINARY: [] },
  },
  {
    field: { name: 's16', datatype: 'short', arraysize: '5*' },
    values: [
      [1, -1],
      [3, 4, 5],
    ],
    nullAs: { BINARY: [] },
  },
  {
    field: daliField('point', 'point', { unit: 'deg' }),
    values: [
      [10.5, -20.25],
      [0, 90],
    ],
    nullAs: { BINARY: NaN2, TABLEDATA: NaN2 },
  },
  {
    field: daliField('circle', 'circle'),
    values: [
      [1, 2, 0.5],
      [359.9, -89.9, 1e-6],
    ],
    nullAs: { BINARY: [Number.NaN, Number.NaN, Number.NaN], TABLEDATA: [Number.NaN, Number.NaN, Number.NaN] },
  },
  {
    field: daliField('poly', 'polygon'),
    values: [
      [10, 10, 10.2, 10, 10.2, 10.2],
      [0, 0, 1, 0, 1, 1, 0, 1],
    ],
    nullAs: { BINARY: [] },
  },
  {
    field: daliField('obs_time', 'timestamp'),
    values: ['2024-01-02T03:04:05.678', '2001-02-03'],
    nullAs: { BINARY: '' },
  },
  { field: daliField('coverage', 'moc'), values: ['3/1-4 8 4/', '0/0-11'], nullAs: { BINARY: '' } },
  {
    field: daliField('region', 'shape'),
    values: ['circle 12.3 45.6 0.5', 'polygon 10 10 10.2 10 10.2 10.2'],
    nullAs: { BINARY: '' },
  },
];

const fields = columns.map((c) => c.field);
const rows = [columns.map((c) => c.values[0]), columns.map(() => null), columns.map((c) => c.values[1])];

function expected(ser: Serialization): unknown[][] {
  return [
    columns.map((c) => (c.readAs?.[ser] ?? c.values)[0]),
    columns.map((c) => (ser in c.nullAs ? c.nullAs[ser] : null)),
    columns.map((c) => (c.readAs?.[ser] ?? c.values)[1]),
  ];
}

for (const ser of ['TABLEDATA', 'BINARY', 'BINARY2'] as const) {
  describe(`round trip ${ser}`, () => {
    it('reads back every datatype, null and array', async () => {
      const bytes = await writeVOTable(ser, fields, rows);
      const doc = await readVOTable(bytes);
      assert.deepEqual(doc.diagnostics, []);
      assert.equal(doc.tables.length, 1);
      assert.equal(doc.tables[0].serialization, ser);
      assert.deepEqual(
        doc.tables[0].fields.map((f) => [f.name, f.datatype, f.arraysize, f.xtype]),
        fields.map((f) => [f.name, f.datatype, f.arraysize, f.xtype]),
      );
      const want = expected(ser);
      for (let r = 0; r < want.length; r++) {
        for (let c = 0; c < columns.length; c++) {
          assert.deepStrictEqual(doc.rows[0][r][c], want[r][c], `${ser} row ${r} column ${columns[c].field.name}`);
        }
      }
    });

    it('reads the same rows when the bytes arrive in 7-byte pieces', async () => {
      const bytes = await writeVOTable(ser, fields, rows);
      const whole = await readVOTable(bytes);
      const pieces = await readVOTable(inPieces(bytes, 7));
      assert.deepStrictEqual(pieces.rows, whole.rows);
    });

    it('streams 30,000 rows across many base64 blocks and output chunks', async () => {
      const many: unknown[][] = [];
      for (let i = 0; i < 30000; i++) many.push([i, i * 0.5, `row ${i}`, i % 7 === 0 ? null : BigInt(i) * 1000000007n]);
      const f: Field[] = [
        { name: 'i', datatype: 'int' },
        { name: 'x', datatype: 'double' },
        { name: 's', datatype: 'char', arraysize: '*' },
        { name: 'l', datatype: 'long' },
      ];
      const bytes = await writeVOTable(ser, f, many);
      const doc = await readVOTable(inPieces(bytes, 10007));
      assert.equal(doc.rows[0].length, 30000);
      assert.deepStrictEqual(doc.rows[0][29999], [29999, 14999.5, 'row 29999', 29999n * 1000000007n]);
      assert.deepStrictEqual(doc.rows[0][7], [7, 3.5, 'row 7', null]);
      assert.deepStrictEqual(doc.rows[0], many);
    });
  });
}
