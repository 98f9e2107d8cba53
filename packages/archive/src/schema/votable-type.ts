// How an ADQL column type is published in TAP_SCHEMA 1.1 and VOTable: TAP 1.1 §4.3 says TAP_SCHEMA.columns.datatype
// holds the VOTable datatype, with arraysize and the DALI 1.1 §3 xtype (timestamp, point, circle, polygon).
import type { ColumnDef } from './types.ts';

export interface VotableType {
  datatype: 'short' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'char';
  arraysize: string | null;
  xtype: string | null;
}

export function votableType(c: Pick<ColumnDef, 'type' | 'size'>): VotableType {
  switch (c.type) {
    case 'SMALLINT':
      return { datatype: 'short', arraysize: null, xtype: null };
    case 'INTEGER':
      return { datatype: 'int', arraysize: null, xtype: null };
    case 'BIGINT':
      return { datatype: 'long', arraysize: null, xtype: null };
    case 'REAL':
      return { datatype: 'float', arraysize: null, xtype: null };
    case 'DOUBLE':
      return { datatype: 'double', arraysize: null, xtype: null };
    case 'BOOLEAN':
      return { datatype: 'boolean', arraysize: null, xtype: null };
    case 'CHAR':
      return { datatype: 'char', arraysize: String(c.size ?? 1), xtype: null };
    case 'VARCHAR':
    case 'CLOB':
      return { datatype: 'char', arraysize: c.size ? `${c.size}*` : '*', xtype: null };
    case 'TIMESTAMP':
      return { datatype: 'char', arraysize: '*', xtype: 'timestamp' }; // DALI 1.1 §3.3.3
    case 'POINT':
      return { datatype: 'double', arraysize: '2', xtype: 'point' }; // DALI 1.1 §3.3.5
    case 'CIRCLE':
      return { datatype: 'double', arraysize: '3', xtype: 'circle' }; // DALI 1.1 §3.3.6
    case 'POLYGON':
      return { datatype: 'double', arraysize: '*', xtype: 'polygon' }; // DALI 1.1 §3.3.7
    case 'REGION':
      return { datatype: 'char', arraysize: '*', xtype: 'adql:REGION' }; // TAP 1.0 type name, as DaCHS publishes it
  }
}
