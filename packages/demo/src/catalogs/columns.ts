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
