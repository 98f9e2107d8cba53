// Column types for tabular input: read from a column-description file beside the data (`<name>.columns.json`, the
// demo's format: {table, description, ra, dec, columns: [{name, unit, ucd, datatype, description}]} with VOTable
// datatypes), or inferred from a sample of the values. Converters turn CSV text into typed values; a value that does
// not convert is an error naming the row, the column and the value.
import { existsSync, readFileSync } from 'node:fs';
import type { AdqlType, ColumnDef } from '../schema/types.ts';

export interface ColumnDescriptionFile {
  table?: string;
  description?: string;
  ra?: string;
  dec?: string;
  columns: { name: string; unit?: string; ucd?: string; datatype: string; description?: string }[];
}

// VOTable 1.5 §2.1 datatypes to ADQL types (TAP 1.1 §4.3 mapping, read backwards).
const FROM_VOTABLE: Record<string, AdqlType> = {
  boolean: 'BOOLEAN',
  short: 'SMALLINT',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'REAL',
  double: 'DOUBLE',
  char: 'VARCHAR',
  unicodeChar: 'VARCHAR',
  unsignedByte: 'SMALLINT',
};

/** The description file next to a data file (`x.csv` → `x.columns.json`), if there is one. */
export function findDescriptionFile(dataFile: string): string | undefined {
  const candidate = dataFile.replace(/\.(csv|tsv|txt|xml|vot|fits|fit)(\.gz)?$/i, '.columns.json');
  return candidate !== dataFile && existsSync(candidate) ? candidate : undefined;
}

export function readDescriptionFile(path: string): ColumnDescriptionFile {
  const d = JSON.parse(readFileSync(path, 'utf8')) as ColumnDescriptionFile;
  if (!Array.isArray(d.columns)) throw new Error(`${path}: no "columns" array`);
  return d;
}

export function describedColumns(d: ColumnDescriptionFile): ColumnDef[] {
  return d.columns.map((c) => {
    const type = FROM_VOTABLE[c.datatype];
    if (!type) throw new Error(`column ${c.name}: unknown datatype "${c.datatype}"`);
    return {
      name: c.name,
      type,
      ...(c.unit ? { unit: c.unit } : {}),
      ...(c.ucd ? { ucd: c.ucd } : {}),
      description: c.description ?? c.name,
    };
  });
}

const INT = /^[+-]?\d+$/;
const BOOL = /^(true|false|t|f)$/i;

/** ADQL type that holds every non-empty sample value of a column. */
export function inferType(values: string[]): AdqlType {
  let allInt = true;
  let allNum = true;
  let allBool = true;
  let big = false;
  let any = false;
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    any = true;
    if (allBool && !BOOL.test(v)) allBool = false;
    if (allInt) {
      if (!INT.test(v)) allInt = false;
      else if (Math.abs(Number(v)) > 2147483647) big = true;
    }
    if (allNum && !allInt && !Number.isFinite(Number(v)) && !/^[+-]?(nan|inf|infinity)$/i.test(v)) allNum = false;
    if (!allNum && !allBool) return 'VARCHAR';
  }
  if (!any) return 'VARCHAR';
  if (allBool) return 'BOOLEAN';
  if (allInt) return big ? 'BIGINT' : 'INTEGER';
  return allNum ? 'DOUBLE' : 'VARCHAR';
}

export type Converter = (text: string) => unknown;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A converter from CSV text to the column's value; throws a message saying what is wrong. Empty text is NULL. */
export function converterFor(type: AdqlType): Converter {
  switch (type) {
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
      return (t) => {
        if (t === '') return null;
        const n = Number(t);
        if (Number.isInteger(n)) {
          if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return n;
          const b = BigInt(t.trim());
          return b > MAX_SAFE || b < -MAX_SAFE ? b : Number(b);
        }
        throw new Error('not an integer');
      };
    case 'REAL':
    case 'DOUBLE':
      return (t) => {
        if (t === '') return null;
        const n = Number(t);
        if (!Number.isNaN(n)) return Number.isFinite(n) ? n : null; // ±Infinity: no SQL value, stored as NULL
        if (/^\s*[+-]?nan\s*$/i.test(t)) return null;
        throw new Error('not a number');
      };
    case 'BOOLEAN':
      return (t) => {
        if (t === '') return null;
        const v = t.trim().toLowerCase();
        if (v === 'true' || v === 't' || v === '1') return true;
        if (v === 'false' || v === 'f' || v === '0') return false;
        throw new Error('not a boolean (true/false)');
      };
    default:
      return (t) => (t === '' ? null : t);
  }
}
