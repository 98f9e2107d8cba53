// Reading a better-sqlite3 row iterator in batches: the one loop behind SqliteDatabase.streamBatches, the cached
// read statements (sqlite-readers.ts) and read sessions (sqlite-read-session.ts). Statements run in safeIntegers mode,
// so every integer comes as a bigint; each becomes a number when exactly representable (values.ts).
import { normalizeInteger } from './values.ts';

/** Up to batchSize rows (value arrays) from the iterator, integers normalised in place; empty at its end. */
export function readBatch(iterator: Iterator<unknown[]>, batchSize: number): unknown[][] {
  const batch: unknown[][] = [];
  while (batch.length < batchSize) {
    const next = iterator.next();
    if (next.done) break;
    const row = next.value;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'bigint') row[i] = normalizeInteger(v);
    }
    batch.push(row);
  }
  return batch;
}
