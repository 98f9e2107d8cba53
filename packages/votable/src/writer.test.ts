import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { DelimitedWriter } from './delimited-writer.ts';
import { VotableError } from './diagnostics.ts';
import type { Field } from './field.ts';
import { JsonWriter } from './json-writer.ts';
import { readVOTable } from './reader.ts';
import { writeToBuffer, writeVOTable } from './test-helpers.ts';
import { errorDocument, VOTableWriter } from './writer.ts';

const fields: Field[] = [
  { name: 'id', datatype: 'long', ucd: 'meta.id;meta.main', description: 'identifier <unique> & "stable"' },
  { name: 'name', datatype: 'char', arraysize: '*' },
  { name: 'flux', datatype: 'double', unit: 'mJy' },
];
const rows = [
  [1n, 'a,b "c"\nd', 1.5],
  [2n, null, null],
];

describe('VOTableWriter document structure', () => {
  it('writes the declaration, VOTABLE 1.5, RESOURCE results, QUERY_STATUS first, COOSYS, PARAM, FIELDs, trailing OVERFLOW', async () => {
    const xml = (
      await writeVOTable('TABLEDATA', fields, rows, {
        coosys: [{ ID: 'sys', system: 'ICRS', epoch: 'J2000' }],
        resourceInfos: [{ name: 'QUERY', value: 'SELECT * FROM t WHERE a < 1 & b > "2"' }],
        tableName: 'result',
        description: 'A & B',
        params: [{ name: 'maxrec', datatype: 'int', value: 1000 }],
        end: { overflow: true, trailingInfos: [{ name: 'note', value: 'done' }] },
      })
    ).toString('utf8');
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<VOTABLE version="1.5" xmlns="http:\/\/www.ivoa.net\/xml\/VOTable\/v1.3"/,
    );
    const order = [
      '<RESOURCE type="results">',
      '<INFO name="QUERY_STATUS" value="OK"/>',
      '<INFO name="QUERY"',
      '<COOSYS ID="sys" system="ICRS" epoch="J2000"/>',
      '<TABLE name="result">',
      '<PARAM name="maxrec" datatype="int" value="1000"/>',
      '<FIELD name="id"',
      '</TABLE>',
      '<INFO name="QUERY_STATUS" value="OVERFLOW"/>',
      '<INFO name="note" value="done"/>',
      '</RESOURCE>',
      '</VOTABLE>',
    ];
    let at = -1;
    for (const s of order) {
      const i = xml.indexOf(s);
      assert.ok(i > at, `${s} in order`);
      at = i;
    }
    assert.ok(xml.includes('value="SELECT * FROM t WHERE a &lt; 1 &amp; b &gt; &quot;2&quot;"'));
    assert.ok(xml.includes('<DESCRIPTION>identifier &lt;unique&gt; &amp; "stable"</DESCRIPTION>'));
    assert.ok(xml.includes('<TD>a,b "c"\nd</TD>'));
    const doc = await readVOTable(xml);
    assert.equal(doc.queryStatus, 'OVERFLOW');
    assert.deepEqual(
      doc.tables[0].params.map((p) => p.value),
      [1000],
    );
    assert.equal(doc.tables[0].fields[0].description, 'identifier <unique> & "stable"');
  });

  it('replaces characters XML 1.0 cannot carry', async () => {
    const xml = (
      await writeVOTable('TABLEDATA', [{ name: 's', datatype: 'unicodeChar', arraysize: '*' }], [['a\u0001b\uD800c']])
    ).toString();
    const doc = await readVOTable(xml);
    assert.deepEqual(doc.diagnostics, []);
    assert.equal(doc.rows[0][0][0], 'a\uFFFDb\uFFFDc');
  });

  it('writes error documents (DALI 1.1 §4.4.1)', async () => {
    const xml = errorDocument('no such table "x" & <y>');
    assert.match(
      xml,
      /<RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="ERROR">no such table "x" &amp; &lt;y&gt;<\/INFO>/,
    );
    const doc = await readVOTable(xml);
    assert.equal(doc.queryStatus, 'ERROR');
    assert.equal(doc.queryStatusMessage, 'no such table "x" & <y>');
  });

  it('refuses calls out of order', async () => {
    const w = new VOTableWriter(() => {});
    assert.throws(() => w.writeRows([]), VotableError);
    await w.writeHeader(fields);
    await assert.rejects(() => w.writeHeader(fields), /twice/);
    await w.end();
    assert.throws(() => w.writeRows([]), /after end/);
  });

  it('waits for drain on a slow Writable and delivers every byte in order', async () => {
    const got: Buffer[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, cb) {
        got.push(chunk);
        setImmediate(cb);
      },
    });
    slow.on('drain', () => drains++);
    const w = new VOTableWriter(slow, { serialization: 'BINARY2' });
    await w.writeHeader(fields);
    const many = Array.from({ length: 20000 }, (_, i) => [BigInt(i), `n${i}`, i / 4]);
    for (let i = 0; i < many.length; i += 500) await w.writeRows(many.slice(i, i + 500));
    await w.end();
    await new Promise<void>((r) => slow.end(r));
    assert.ok(drains > 0);
    const doc = await readVOTable(Buffer.concat(got));
    assert.deepStrictEqual(doc.rows[0], many);
  });
});

describe('CSV, TSV and JSON writers', () => {
  it('CSV: header, CRLF, RFC 4180 quoting, null empty', async () => {
    const csv = (await writeToBuffer((s) => new DelimitedWriter(s, { kind: 'csv' }), fields, rows)).toString();
    assert.equal(csv, 'id,name,flux\r\n1,"a,b ""c""\nd",1.5\r\n2,,\r\n');
  });

  it('TSV: tabs, no quoting, line breaks in values become spaces', async () => {
    const tsv = (await writeToBuffer((s) => new DelimitedWriter(s, { kind: 'tsv' }), fields, rows)).toString();
    assert.equal(tsv, 'id\tname\tflux\n1\ta,b "c" d\t1.5\n2\t\t\n');
  });

  it('JSON: metadata, data, status; long exact, NaN as null', async () => {
    const json = (await writeToBuffer(() => new JsonWriter(() => {}), [], [])).toString();
    assert.equal(json, '');
    const text = (
      await writeToBuffer((s) => new JsonWriter(s), fields, [[9007199254740993n, 'x', Number.NaN], ...rows], [], {
        overflow: true,
      })
    ).toString();
    assert.ok(text.includes('[9007199254740993,"x",null]'));
    const parsed = JSON.parse(text);
    assert.deepEqual(parsed.metadata[2], { name: 'flux', datatype: 'double', unit: 'mJy' });
    assert.deepEqual(parsed.data.slice(1), [
      [1, 'a,b "c"\nd', 1.5],
      [2, null, null],
    ]);
    assert.equal(parsed.status, 'OVERFLOW');
  });
});
