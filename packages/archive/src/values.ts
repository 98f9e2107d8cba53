// JavaScript values to SQL parameters and back, the same on both backends: integers as number when exactly
// representable else bigint; TIMESTAMP as ISO 8601 text (DALI 1.1 §3.3.3, without zone: UTC).
import type { DialectName } from './dialect.ts';
import type { ColumnDef } from './schema/types.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** bigint to number when it is exactly representable. */
export function normalizeInteger(v: bigint): number | bigint {
  return v <= MAX && v >= MIN ? Number(v) : v;
}

/** Normalizes every bigint value of a row in place (SQLite safeIntegers mode returns every integer as bigint). */
export function normalizeRow<T extends Record<string, unknown>>(row: T): T {
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'bigint') (row as Record<string, unknown>)[k] = normalizeInteger(v);
  }
  return row;
}

/** `2024-01-02 03:04:05` or a Date to `2024-01-02T03:04:05`. */
export function isoTimestamp(v: string | Date): string {
  if (v instanceof Date) return v.toISOString().replace(/Z$/, '');
  return /^\d{4}-\d\d-\d\d \d/.test(v) ? v.replace(' ', 'T') : v;
}

/** A row value as a parameter for this column. */
export function toParam(dialect: DialectName, c: ColumnDef | undefined, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (c?.type === 'TIMESTAMP' && (typeof v === 'string' || v instanceof Date)) return isoTimestamp(v);
  if (v instanceof Date) return isoTimestamp(v);
  if (typeof v === 'boolean') return dialect === 'sqlite' ? (v ? 1 : 0) : v;
  if (typeof v === 'number' && !Number.isFinite(v)) return null; // NaN/Infinity (FITS blanks) -> NULL
  if (Array.isArray(v)) return v.join(' '); // DALI point/circle/polygon as numbers: "a b c ..."
  return v;
}
