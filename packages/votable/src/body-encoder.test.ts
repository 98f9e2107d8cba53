// Body encoders (body-encoder.ts): for every format that has one, writeHeader + writeBody(encode(batch)) … + end is
// byte for byte writeHeader + writeRows(rows) + end, for random batchings (empty and 1-row batches too, batches from
// two encoders as from two worker threads), and cutting a batch at rowEnds[i] gives its first i + 1 rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '@obscura/testkit';
import { type BodyEncoder, createBodyEncoder, type EncodedBody, hasBodyEncoder } from './body-encoder.ts';
import { VotableError } from './diagnostics.ts';
import type { Field } from './field.ts';
import { ACCEPTED_FORMATS, createTableWriter, type ResolvedFormat, resolveFormat } from './formats.ts';
import { readVOTable } from './reader.ts';
import type { TableWriter } from './table-writer.ts';
import { daliField } from './xtype.ts';

const LONG = 'long <&> '.repeat(8000); // 72,000 characters: more than a base64 line (49,152 bytes) and an output chunk
const STRINGS = [
  '',
  'plain',
  'a,b "quoted"\r\nnext\tline',
  '<TD>&amp; ]]> \' "',
  'Ωmega ünïcode ✓ 日本 😀',
  'lone \ud800 surrogate',
  ' padded ',
];

/** Every datatype; scalars, fixed, bounded, variable and 2-D arrays; a declared magic null; xtypes. */
const fields: Field[] = [
  { name: 'bool', datatype: 'boolean' },
  { name: 'bit', datatype: 'bit' },
  { name: 'ubyte', datatype: 'unsignedByte' },
  { name: 'short', datatype: 'short' },
  { name: 'int', datatype: 'int' },
  { name: 'intn', datatype: 'int', nullValue: -99 },
  { name: 'long', datatype: 'long' },
  { name: 'char1', datatype: 'char' },
  { name: 'str', datatype: 'char', arraysize: '*', ucd: 'meta.id' },
  { name: 'str8', datatype: 'char', arraysize: '8' },
  { name: 'str12', datatype: 'char', arraysize: '12*' },
  { name: 'strs', datatype: 'char', arraysize: '4x*' },
  { name: 'uchar1', datatype: 'unicodeChar' },
  { name: 'ustr', datatype: 'unicodeChar', arraysize: '*' },
  { name: 'float', datatype: 'float' },
  { name: 'double', datatype: 'double', unit: 'deg' },
  { name: 'fcomplex', datatype: 'floatComplex' },
  { name: 'dcomplex', datatype: 'doubleComplex' },
  { name: 'ints', datatype: 'int', arraysize: '*' },
  { name: 'int3', datatype: 'int', arraysize: '3' },
  { name: 'd3', datatype: 'double', arraysize: '3' },
  { name: 'longs', datatype: 'long', arraysize: '*' },
  { name: 'bytes2', datatype: 'unsignedByte', arraysize: '2' },
  { name: 'bools', datatype: 'boolean', arraysize: '4' },
  { name: 'bits', datatype: 'bit', arraysize: '10' },
  { name: 'varbits', datatype: 'bit', arraysize: '*' },
  { name: 'f2xn', datatype: 'float', arraysize: '2x*' },
  { name: 's5', datatype: 'short', arraysize: '5*' },
  { name: 'fcs', datatype: 'floatComplex', arraysize: '*' },
  daliField('point', 'point', { unit: 'deg' }),
  daliField('poly', 'polygon'),
];

function pick<T>(r: () => number, a: readonly T[]): T {
  return a[Math.floor(r() * a.length)];
}

function float(r: () => number): number {
  return pick(r, [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1e-300, 1e300, (r() - 0.5) * 1e6]);
}

function value(f: Field, r: () => number): unknown {
  const arr = <T>(n: number, g: () => T): T[] => Array.from({ length: n }, g);
  const int = () => Math.floor((r() - 0.5) * 2 ** 31);
  switch (f.name) {
    case 'bool':
      return r() < 0.5;
    case 'bit':
      return r() < 0.5;
    case 'ubyte':
      return Math.floor(r() * 256);
    case 'short':
      return Math.floor((r() - 0.5) * 65535);
    case 'int':
    case 'intn':
      return int();
    case 'long':
      return r() < 0.5 ? BigInt(int()) * 4294967296n + BigInt(int() >>> 0) : int();
    case 'char1':
      return pick(r, ['a', '<', '&', '"', 'é', ',']);
    case 'str':
      return r() < 0.01 ? LONG : pick(r, STRINGS);
    case 'str8':
    case 'str12':
      return pick(r, STRINGS);
    case 'strs':
      return arr(Math.floor(r() * 3), () => pick(r, ['ab', 'c<d', 'éé', 'wxyz']));
    case 'uchar1':
      return pick(r, ['Ω', 'x', '&', '日']);
    case 'ustr':
      return r() < 0.01 ? LONG : pick(r, STRINGS);
    case 'float':
    case 'double':
      return float(r);
    case 'fcomplex':
    case 'dcomplex':
      return [float(r), float(r)];
    case 'ints':
      return arr(Math.floor(r() * 5), () => (r() < 0.2 ? null : int()));
    case 'int3':
      return arr(3, () => (r() < 0.2 ? null : int()));
    case 'd3':
      return arr(3, () => float(r));
    case 'longs':
      return arr(Math.floor(r() * 4), () => BigInt(int()) * 1000003n);
    case 'bytes2':
      return new Uint8Array([Math.floor(r() * 256), Math.floor(r() * 256)]);
    case 'bools':
      return arr(4, () => pick(r, [true, false, null]));
    case 'bits':
      return arr(10, () => r() < 0.5);
    case 'varbits':
      return arr(Math.floor(r() * 12), () => r() < 0.5);
    case 'f2xn':
      return arr(2 * Math.floor(r() * 3), () => float(r));
    case 's5':
      return arr(Math.floor(r() * 6), () => Math.floor((r() - 0.5) * 60000));
    case 'fcs':
      return arr(2 * Math.floor(r() * 3), () => float(r));
    case 'point':
      return [r() * 360, r() * 180 - 90];
    case 'poly':
      return arr(6, () => r() * 10);
  }
  throw new Error(`no value for ${f.name}`);
}

function makeRows(n: number, seed: number): unknown[][] {
  const r = seededRandom(seed);
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++) rows.push(fields.map((f) => (r() < 0.15 ? pick(r, [null, undefined]) : value(f, r))));
  rows[0] = fields.map(() => null); // an all-null row
  return rows;
}

const ROWS = makeRows(1500, 42);

const FORMATS: [string, ResolvedFormat][] = [
  ['TABLEDATA', resolveFormat('votable/td')],
  ['BINARY', resolveFormat('votable/b')],
  ['BINARY2', resolveFormat('votable/b2')],
  ['csv', resolveFormat('text/csv')],
  ['csv header=absent', resolveFormat('text/csv;header=absent')],
  ['tsv', resolveFormat('tsv')],
];

type Step = { rows: unknown[][] } | { body: EncodedBody; rows: number };

/** A document written by the format's writer: header, then each step (writeRows or writeBody), then the end. */
async function document(format: ResolvedFormat, steps: Step[]): Promise<{ bytes: Buffer; writer: TableWriter }> {
  const chunks: Buffer[] = [];
  const w = createTableWriter(format, (b) => void chunks.push(b), {
    resourceInfos: [{ name: 'QUERY', value: 'SELECT * FROM t' }],
  });
  await w.writeHeader(fields, [{ name: 'p', datatype: 'int', value: 1 }]);
  for (const s of steps) {
    if ('body' in s) await w.writeBody!(s.body.bytes, s.rows);
    else await w.writeRows(s.rows);
  }
  await w.end({ overflow: true, trailingInfos: [{ name: 'n', value: String(w.rowCount) }] });
  return { bytes: Buffer.concat(chunks), writer: w };
}

/** Random batch sizes covering `n` rows: many empty and 1-row batches, some large ones. */
function split(n: number, r: () => number): number[] {
  const sizes: number[] = [];
  for (let left = n; left > 0; ) {
    const k = Math.min(left, pick(r, [0, 1, 1, 2, 7, 50, 333, 1000]));
    sizes.push(k);
    left -= k;
  }
  return sizes;
}

function assertOwned(body: EncodedBody, rows: number): void {
  const { bytes, rowEnds } = body;
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, bytes.length);
  assert.equal(rowEnds.byteOffset, 0);
  assert.equal(rowEnds.buffer.byteLength, rowEnds.length * 4);
  assert.equal(rowEnds.length, rows);
  assert.equal(rows === 0 ? 0 : rowEnds[rows - 1], bytes.length);
  for (let i = 1; i < rows; i++) assert.ok(rowEnds[i] >= rowEnds[i - 1]);
}

describe('body encoders (TableWriter.writeBody)', () => {
  for (const [name, format] of FORMATS) {
    describe(name, () => {
      it('writeBody of encoded batches is byte-identical to writeRows, for random batchings over two encoders', async () => {
        const reference = await document(format, [{ rows: ROWS }]);
        assert.equal(reference.writer.rowCount, ROWS.length);
        // Two encoders, as two worker threads, taking batches in turn.
        const encoders = [createBodyEncoder(format, fields)!, createBodyEncoder(format, fields)!];
        for (let seed = 1; seed <= 4; seed++) {
          const r = seededRandom(seed);
          const steps: Step[] = [];
          const rowSteps: Step[] = [];
          let at = 0;
          for (const [i, k] of split(ROWS.length, r).entries()) {
            const batch = ROWS.slice(at, at + k);
            at += k;
            const body = encoders[i % 2].encode(batch);
            assertOwned(body, k);
            steps.push({ body, rows: k });
            rowSteps.push({ rows: batch });
          }
          const { bytes, writer } = await document(format, steps);
          assert.equal(writer.rowCount, ROWS.length, `seed ${seed}`);
          assert.ok(bytes.equals(reference.bytes), `seed ${seed}: writeBody document differs`);
          // writeRows in the same batches writes the same document as one writeRows (BINARY base64 lines too).
          const batched = await document(format, rowSteps);
          assert.ok(batched.bytes.equals(reference.bytes), `seed ${seed}: batched writeRows differs`);
        }
      });

      it('mixes writeRows and writeBody in one document', async () => {
        const enc = createBodyEncoder(format, fields)!;
        const steps: Step[] = [];
        const r = seededRandom(7);
        let at = 0;
        for (const k of split(ROWS.length, r)) {
          const batch = ROWS.slice(at, at + k);
          at += k;
          steps.push(r() < 0.5 ? { rows: batch } : { body: enc.encode(batch), rows: k });
        }
        const { bytes } = await document(format, steps);
        assert.ok(bytes.equals((await document(format, [{ rows: ROWS }])).bytes));
      });

      it('a batch cut at rowEnds[i] is the body of its first i + 1 rows (MAXREC)', async () => {
        const enc = createBodyEncoder(format, fields)!;
        const batch = ROWS.slice(100, 400); // holds long strings: cuts on both sides of them
        const body = enc.encode(batch);
        for (const i of [0, 1, 17, 150, 298, 299]) {
          const cut = body.bytes.subarray(0, body.rowEnds[i]);
          assert.ok(cut.equals(enc.encode(batch.slice(0, i + 1)).bytes), `row ${i}`);
          const part = batch.slice(0, i + 1);
          const viaBody = await document(format, [{ body: { bytes: cut, rowEnds: body.rowEnds }, rows: i + 1 }]);
          assert.equal(viaBody.writer.rowCount, i + 1);
          assert.ok(viaBody.bytes.equals((await document(format, [{ rows: part }])).bytes), `document of ${i + 1}`);
        }
        // Each row's bytes alone, concatenated, are the batch.
        const pieces: Buffer[] = [];
        for (let i = 0; i < 40; i++) pieces.push(enc.encode([batch[i]]).bytes);
        assert.ok(Buffer.concat(pieces).equals(body.bytes.subarray(0, body.rowEnds[39])));
      });
    });
  }

  it('the bytes are transferable to another thread', () => {
    const enc = createBodyEncoder(resolveFormat('votable/b2'), fields)!;
    const body = enc.encode(ROWS.slice(0, 10));
    const copy = Buffer.from(body.bytes);
    const moved = structuredClone(body, {
      transfer: [body.bytes.buffer as ArrayBuffer, body.rowEnds.buffer as ArrayBuffer],
    });
    assert.equal(body.bytes.buffer.byteLength, 0, 'detached by the transfer');
    assert.ok(Buffer.from(moved.bytes.buffer).equals(copy));
    // The encoder still works after its output went away.
    assert.equal(enc.encode(ROWS.slice(0, 10)).bytes.length, copy.length);
  });

  it('documents written with writeBody read back', async () => {
    for (const [, format] of FORMATS.slice(0, 3)) {
      const enc = createBodyEncoder(format, fields)!;
      const rows = ROWS.slice(0, 200);
      const { bytes } = await document(format, [
        { body: enc.encode(rows.slice(0, 77)), rows: 77 },
        { body: enc.encode(rows.slice(77)), rows: 123 },
      ]);
      const doc = await readVOTable(bytes);
      assert.equal(doc.rows[0].length, 200);
    }
  });

  it('is null for formats whose body is not a concatenation of rows (JSON, FITS)', () => {
    for (const f of ['json', 'application/json', 'fits', 'application/fits']) {
      assert.equal(createBodyEncoder(resolveFormat(f), fields), null, f);
    }
    assert.equal(createTableWriter(resolveFormat('json'), () => {}).writeBody, undefined);
    const b: BodyEncoder | null = createBodyEncoder({ kind: 'votable', contentType: 'x' }, fields); // BINARY2 default
    assert.ok(b);
    // hasBodyEncoder answers the same without making an encoder, for every RESPONSEFORMAT accepted.
    for (const f of ACCEPTED_FORMATS) {
      const format = resolveFormat(f);
      assert.equal(hasBodyEncoder(format), createBodyEncoder(format, fields) !== null, f);
    }
  });

  it('writeBody before writeHeader or after end is a state error', async () => {
    for (const [, format] of FORMATS) {
      const w = createTableWriter(format, () => {});
      await assert.rejects(w.writeBody!(Buffer.alloc(0), 0), (e: unknown) => {
        assert.ok(e instanceof VotableError);
        assert.match(e.message, /writeBody\(\) called before writeHeader\(\)/);
        return true;
      });
      await w.writeHeader(fields);
      await w.end();
      await assert.rejects(w.writeBody!(Buffer.alloc(0), 0), /writeBody\(\) called after end\(\)/);
    }
  });
});
