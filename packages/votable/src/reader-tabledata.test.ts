// The TABLEDATA fast path (reader-tabledata.ts) against the saxes path it stands in for: on every corpus VOTable and
// on hand-written edge cases, both give the same metadata, rows, values and diagnostics (with their positions), fed
// whole and in small pieces (rows cut anywhere between pieces).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { readVOTable } from './reader.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return filesUnder(p);
    return /\.(xml|vot)(\.gz)?$/.test(n) ? [p] : [];
  });
}

/** The source as pieces of `size` characters (a string source is read as it is given). */
function* pieces(s: string, size: number): Generator<string> {
  for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size);
}

async function same(source: Uint8Array | string, label: string): Promise<void> {
  const slow = await readVOTable(source, { tableDataFastPath: false });
  const fast = await readVOTable(source);
  assert.deepStrictEqual(fast, slow, label);
}

async function sameInPieces(doc: string, label: string): Promise<void> {
  const slow = await readVOTable(doc, { tableDataFastPath: false });
  assert.deepStrictEqual(await readVOTable(doc), slow, `${label} (whole)`);
  for (const size of [1, 3, 7, 64]) {
    assert.deepStrictEqual(await readVOTable(pieces(doc, size)), slow, `${label} (pieces of ${size})`);
  }
}

const FIELDS =
  '<FIELD name="i" datatype="int"><VALUES null="-1"/></FIELD><FIELD name="x" datatype="double"/>' +
  '<FIELD name="s" datatype="char" arraysize="*"/><FIELD name="a" datatype="float" arraysize="*"/>' +
  '<FIELD name="b" datatype="boolean"/><FIELD name="l" datatype="long"/>';

const doc = (rows: string, fields = FIELDS) =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n<RESOURCE><TABLE>${fields}\n<DATA><TABLEDATA>\n${rows}\n</TABLEDATA></DATA></TABLE></RESOURCE>\n</VOTABLE>\n`;

const row = (cells: string[]) => `<TR>${cells.map((c) => `<TD>${c}</TD>`).join('')}</TR>`;
const plain = row(['1', '2.5', 'abc', '1 2 3', 'T', '12345678901234']);

const EDGE_CASES: Record<string, string> = {
  plain: [plain, plain, plain].join('\n'),
  'predefined entities': row(['1', '2', 'a &lt;&gt;&amp;&quot;&apos; b', '', 'F', '0']),
  'character references': row(['1', '2', 'a &#233; &#x4E2D; b', '', 'F', '0']),
  'an undeclared entity (XML error)': row(['1', '2', 'a &nbsp; b', '', 'F', '0']),
  'a bare ampersand (XML error)': row(['1', '2', 'a & b', '', 'F', '0']),
  CDATA: `${plain}\n<TR><TD>1</TD><TD>2</TD><TD><![CDATA[<x> & y]]></TD><TD/><TD/><TD/></TR>\n${plain}`,
  comments: `${plain}\n<!-- a comment -->\n${plain}<TR><TD>3<!-- in a cell --></TD><TD/><TD/><TD/><TD/><TD/></TR>${plain}`,
  'processing instruction': `${plain}<?pi data?>${plain}`,
  'empty and self-closed cells': `<TR><TD></TD><TD/><TD></TD><TD/><TD></TD><TD/></TR>\n${plain}`,
  'whitespace around cells and rows': `  <TR>\n\t<TD> 7 </TD>  <TD>\n3.25\n</TD><TD>  x y  </TD><TD> 1  2 </TD><TD> true </TD><TD> -5 </TD>\n</TR>  \n\n${plain}`,
  'carriage returns': `${plain}\r\n<TR><TD>1</TD><TD>2</TD><TD>a\r\nb\rc</TD><TD/><TD/><TD/></TR>\r\n${plain}`,
  'nulls: magic value, blanks, NaN': `${row(['-1', 'NaN', '', 'NaN 1', '?', ''])}\n${row([' ', ' ', ' ', ' ', ' ', ' '])}\n${plain}`,
  'infinities and odd numbers': row(['0x10', '+Inf', 'Infinity', '-inf 1e3 .5', '0', '-0x1']),
  'bad values (diagnostics)': `${plain}\n${row(['x', 'y', 'z', '1 q', 'maybe', '1.5'])}\n${plain}\n${row(['0x', '0x10', '', '', 'T', ''])}`,
  'too few cells': `${plain}\n<TR><TD>1</TD></TR>\n${plain}`,
  'too many cells': `${plain}\n${row(['1', '2', '3', '4', 'T', '6', '7', '8'])}\n${plain}`,
  'an empty row': `${plain}\n<TR></TR><TR/>\n${plain}`,
  'attributes on TR and TD': `${plain}\n<TR ID="r1"><TD>1</TD><TD/><TD/><TD/><TD/><TD/></TR>\n<TR><TD encoding="base64">AQ==</TD><TD/><TD/><TD/><TD/><TD/></TR>\n${plain}`,
  unicode: `${row(['1', '2', 'Ω ünïcödé 中文 😀 𝄞', '', 'T', '1'])}\n${plain}`,
  'a greater-than sign and ]]> in text': `${row(['1', '2', 'a > b', '', 'T', '1'])}\n${row(['1', '2', 'a ]]> b', '', 'T', '1'])}`,
  'a forbidden control character': `${plain}\n${row(['1', '2', 'a\u0001b', '', 'T', '1'])}`,
  'lower-case tags': `${plain}\n<tr><td>1</td><td/><td/><td/><td/><td/></tr>\n${plain}`,
  'a truncated document': `${plain}\n<TR><TD>1</TD><TD>2`,
};

describe('TABLEDATA fast path gives what the saxes path gives', () => {
  for (const [name, rows] of Object.entries(EDGE_CASES)) {
    it(name, async () => {
      const text = name === 'a truncated document' ? doc(rows).slice(0, doc(rows).indexOf('</TABLEDATA>')) : doc(rows);
      await sameInPieces(text, name);
    });
  }

  it('arrays of every numeric type, bits, booleans and fixed-size strings', async () => {
    const fields =
      '<FIELD name="u" datatype="unsignedByte" arraysize="2"/><FIELD name="s" datatype="short" arraysize="*"/>' +
      '<FIELD name="c" datatype="doubleComplex" arraysize="*"/><FIELD name="bits" datatype="bit" arraysize="*"/>' +
      '<FIELD name="bb" datatype="boolean" arraysize="3"/><FIELD name="m" datatype="char" arraysize="2x2"/>' +
      '<FIELD name="uc" datatype="unicodeChar" arraysize="*"/>';
    const rows = [
      row(['1 2', '-3 4 0x7fff', '1 2 3 4', '1011', 'T F ?', 'abcd', 'ψχ']),
      row(['', '', '', '', '', '', '']),
      row(['300 1', '1,2', 'NaN NaN', '10 1', 'true 0 x', 'ab', '']),
    ].join('\n');
    await sameInPieces(doc(rows, fields), 'arrays');
  });

  it('a namespace prefix on every element', async () => {
    const text =
      '<?xml version="1.0"?><v:VOTABLE xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3" version="1.4"><v:RESOURCE>' +
      '<v:TABLE><v:FIELD name="x" datatype="int"/><v:DATA><v:TABLEDATA><v:TR><v:TD>1</v:TD></v:TR>' +
      '<v:TR><v:TD>2</v:TD></v:TR></v:TABLEDATA></v:DATA></v:TABLE></v:RESOURCE></v:VOTABLE>';
    await sameInPieces(text, 'prefixed');
  });

  it('two tables, the second read after the first ends', async () => {
    const table = `<TABLE>${FIELDS}<DATA><TABLEDATA>${plain}\n${plain}</TABLEDATA></DATA></TABLE>`;
    const text = `<VOTABLE version="1.4"><RESOURCE>${table}<INFO name="x" value="TABLEDATA"/>${table}</RESOURCE></VOTABLE>`;
    await sameInPieces(text, 'two tables');
  });

  it('10,000 rows fed in pieces that cut rows anywhere', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 10_000; i++)
      rows.push(row([String(i), (i / 7).toFixed(9), `r${i}`, `${i} ${i + 1}`, 'T', '9']));
    const text = doc(rows.join('\n'));
    const slow = await readVOTable(text, { tableDataFastPath: false });
    assert.equal(slow.rows[0].length, 10_000);
    for (const size of [997, 4096, 65536]) {
      assert.deepStrictEqual(await readVOTable(pieces(text, size)), slow, `pieces of ${size}`);
    }
  });

  const files = filesUnder(corpusPath('votable'));
  it('covers the corpus VOTables', () => {
    assert.ok(files.length >= 30, `${files.length} corpus VOTables`);
  });
  for (const file of files) {
    it(`corpus ${file.slice(corpusPath('votable').length + 1)}`, async () => {
      await same(readFileSync(file), file);
    });
  }
});
