// `npm run bench -- votable`: 1M rows × 10 columns (double ×4, int ×2, long ×2, char ×2) written to a null sink as
// BINARY2, TABLEDATA and CSV (and BINARY2 through a body encoder + writeBody, all on one thread, as the TAP service's
// encoding workers and main thread do between them), and BINARY2 read back. Targets (issue 5): BINARY2 ≥ 1M rows/s, TABLEDATA ≥ 500k rows/s.
import type { BenchResult } from '@obscura/testkit';
import { createBodyEncoder } from './body-encoder.ts';
import { DelimitedWriter } from './delimited-writer.ts';
import type { Field } from './field.ts';
import { readVOTableEvents } from './reader.ts';
import type { TableWriter } from './table-writer.ts';
import { VOTableWriter } from './writer.ts';

const ROWS = 1_000_000;
const BATCH = 1000;

const fields: Field[] = [
  { name: 'ra', datatype: 'double', unit: 'deg' },
  { name: 'dec', datatype: 'double', unit: 'deg' },
  { name: 'flux', datatype: 'double' },
  { name: 'freq', datatype: 'double', unit: 'Hz' },
  { name: 'n', datatype: 'int' },
  { name: 'flag', datatype: 'int' },
  { name: 'id', datatype: 'long' },
  { name: 'healpix', datatype: 'long' },
  { name: 'name', datatype: 'char', arraysize: '*' },
  { name: 'band', datatype: 'char', arraysize: '8' },
];

/** 1000 distinct rows, reused in batches (the bench measures the writer, not row generation). */
function batch(): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = 0; i < BATCH; i++) {
    rows.push([
      (i * 0.36) % 360,
      -90 + ((i * 0.18) % 180),
      Math.sin(i) * 1e-3,
      1.4e9 + i * 1e5,
      i,
      i % 3 === 0 ? null : i & 7,
      1_000_000_000_000 + i,
      BigInt(i) * 123456789n,
      `VLASS1.2.ql.T${i}`,
      i % 2 ? 'L' : 'S',
    ]);
  }
  return rows;
}

async function writeAll(w: TableWriter, rows: unknown[][]): Promise<void> {
  await w.writeHeader(fields);
  for (let i = 0; i < ROWS; i += BATCH) await w.writeRows(rows);
  await w.end({ overflow: true });
}

/** The same through createBodyEncoder + writeBody (the writer is a VOTableWriter BINARY2). */
async function writeAllBodies(w: TableWriter, rows: unknown[][]): Promise<void> {
  const enc = createBodyEncoder({ kind: 'votable', serialization: 'BINARY2', contentType: w.contentType }, fields)!;
  await w.writeHeader(fields);
  for (let i = 0; i < ROWS; i += BATCH) await w.writeBody!(enc.encode(rows).bytes, rows.length);
  await w.end({ overflow: true });
}

async function rate(
  make: (sink: (b: Buffer) => void) => TableWriter,
  rows: unknown[][],
  write = writeAll,
): Promise<{ rps: number; bytes: number }> {
  let best = 0;
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    await write(
      make((b) => {
        n += b.length;
      }),
      rows,
    );
    best = Math.max(best, ROWS / (Number(process.hrtime.bigint() - t0) / 1e9));
    bytes = n;
  }
  return { rps: best, bytes };
}

export default async function bench(): Promise<BenchResult[]> {
  const rows = batch();
  const out: BenchResult[] = [];
  const m = (v: number) => v / 1e6;
  const b2 = await rate((s) => new VOTableWriter(s, { serialization: 'BINARY2' }), rows);
  out.push({
    group: 'votable',
    name: 'write BINARY2 1M×10 (null sink)',
    value: m(b2.rps),
    unit: 'M rows/s',
    ratio: b2.rps / 1e6,
    ratioOf: 'of the 1M rows/s target',
    note: `${(b2.bytes / 1e6).toFixed(0)} MB`,
  });
  const body = await rate((s) => new VOTableWriter(s, { serialization: 'BINARY2' }), rows, writeAllBodies);
  out.push({
    group: 'votable',
    name: 'write BINARY2 1M×10 via body encoder (1 thread)',
    value: m(body.rps),
    unit: 'M rows/s',
    note: `${(body.bytes / 1e6).toFixed(0)} MB`,
  });
  const td = await rate((s) => new VOTableWriter(s, { serialization: 'TABLEDATA' }), rows);
  out.push({
    group: 'votable',
    name: 'write TABLEDATA 1M×10 (null sink)',
    value: m(td.rps),
    unit: 'M rows/s',
    ratio: td.rps / 5e5,
    ratioOf: 'of the 500k rows/s target',
    note: `${(td.bytes / 1e6).toFixed(0)} MB`,
  });
  const csv = await rate((s) => new DelimitedWriter(s, { kind: 'csv' }), rows);
  out.push({ group: 'votable', name: 'write CSV 1M×10 (null sink)', value: m(csv.rps), unit: 'M rows/s' });

  // Read back: a BINARY2 document of 1M rows held as 64 KiB chunks (as from a socket).
  const chunks: Buffer[] = [];
  await writeAll(new VOTableWriter((b) => void chunks.push(b), { serialization: 'BINARY2' }), rows);
  let best = 0;
  for (let round = 0; round < 2; round++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    for await (const e of readVOTableEvents(chunks)) if (e.type === 'rows') n += e.rows.length;
    if (n !== ROWS) throw new Error(`read ${n} rows`);
    best = Math.max(best, ROWS / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  out.push({ group: 'votable', name: 'read BINARY2 1M×10', value: m(best), unit: 'M rows/s' });
  return out;
}
