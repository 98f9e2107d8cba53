// Column descriptions written beside each CSV (`<name>.columns.json`) so ingestion knows units, UCDs and types.

export interface ColumnDescription {
  name: string;
  unit?: string;
  ucd?: string;
  datatype: 'char' | 'int' | 'long' | 'double' | 'float' | 'boolean';
  description: string;
}

export interface TableDescription {
  table: string;
  description: string;
  /** Columns holding the main position (for SCS and the HEALPix index). */
  ra?: string;
  dec?: string;
  columns: ColumnDescription[];
}

export function describeTable(t: TableDescription): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

/** One column as a compact table row: name, unit ('' for none), UCD, datatype, description. */
export type ColumnRow = [
  name: string,
  unit: string,
  ucd: string,
  datatype: ColumnDescription['datatype'],
  description: string,
];

/** Expands compact column rows into column descriptions (no `unit` key where the unit is empty). */
export function columnsFromRows(rows: readonly ColumnRow[]): ColumnDescription[] {
  return rows.map(([name, unit, ucd, datatype, description]) => ({
    name,
    ...(unit ? { unit } : {}),
    ucd,
    datatype,
    description,
  }));
}
