// The SCS response document. SCS 1.03 §2 item 5: "The XML content of the response must be compliant with VOTable
// schema, version 1.0 or 1.1", with "a single RESOURCE ... that contains a single TABLE"; so this writes VOTable 1.1
// (namespace http://www.ivoa.net/xml/VOTable/v1.1) in TABLEDATA (VOTable 1.1 §5.1), streamed row batch by row batch
// with backpressure. Integer columns declare a VALUES null (VOTable 1.1 §4.6: empty cells are not nulls for
// integers before 1.3). Errors (SCS 1.03 §2 item 6) are an INFO name="Error" under the root VOTABLE, the place the
// spec prefers and the first place pyvo's SCSResults looks.
import type { Writable } from 'node:stream';
import { escapeAttr, escapeText } from '@obscura/votable';
import type { ScsField } from './catalogue.ts';

const NAMESPACE = 'http://www.ivoa.net/xml/VOTable/v1.1';
const ROOT =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<VOTABLE version="1.1" xmlns="${NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
  ` xsi:schemaLocation="${NAMESPACE} http://www.ivoa.net/xml/VOTable/VOTable-1.1.xsd">\n`;

/** SCS 1.03 §2 item 5: text/xml is the base MIME type; `text/xml;content=x-votable` is the more specific form. */
export const SCS_CONTENT_TYPE = 'text/xml;content=x-votable; charset=utf-8';

/** Magic nulls of the integer types (the most negative value, as VOTable writers customarily choose). */
const INTEGER_NULL: Record<string, string> = {
  short: '-32768',
  int: '-2147483648',
  long: '-9223372036854775808',
};

function attrs(pairs: [string, string | undefined][]): string {
  let s = '';
  for (const [k, v] of pairs) if (v !== undefined && v !== '') s += ` ${k}="${escapeAttr(v)}"`;
  return s;
}

function fieldXml(f: ScsField): string {
  const a = attrs([
    ['name', f.name],
    ['datatype', f.datatype],
    ['arraysize', f.arraysize],
    ['unit', f.unit],
    ['ucd', f.ucd],
    ['ref', f.ref],
  ]);
  const nullValue = INTEGER_NULL[f.datatype];
  const values = nullValue ? `<VALUES null="${nullValue}"/>` : '';
  return `<FIELD${a}><DESCRIPTION>${escapeText(f.description)}</DESCRIPTION>${values}</FIELD>\n`;
}

type Cell = (v: unknown) => string;

/** One TD's text per datatype (VOTable 1.1 §5.1). */
function cellWriter(f: ScsField): Cell {
  switch (f.datatype) {
    case 'char':
      return (v) => (v === null || v === undefined ? '<TD></TD>' : `<TD>${escapeText(String(v))}</TD>`);
    case 'boolean':
      return (v) => (v === null || v === undefined ? '<TD>?</TD>' : `<TD>${v === true || v === 1 ? 'T' : 'F'}</TD>`);
    case 'float':
    case 'double':
      // Empty means NaN for floating point (VOTable 1.1 §5.1); JS prints the shortest text that reads back exactly.
      return (v) =>
        typeof v === 'number' && Number.isFinite(v)
          ? `<TD>${v}</TD>`
          : v === Number.POSITIVE_INFINITY
            ? '<TD>+Inf</TD>'
            : v === Number.NEGATIVE_INFINITY
              ? '<TD>-Inf</TD>'
              : '<TD></TD>';
    default: {
      const nullCell = `<TD>${INTEGER_NULL[f.datatype]}</TD>`;
      return (v) => (v === null || v === undefined ? nullCell : `<TD>${typeof v === 'boolean' ? Number(v) : v}</TD>`);
    }
  }
}

function waitDrain(w: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      w.off('drain', ok);
      w.off('close', closed);
      w.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const closed = () => done(new Error('the client closed the connection'));
    w.on('drain', ok);
    w.on('close', closed);
    w.on('error', done);
  });
}

export interface ScsDocumentInfo {
  /** The catalogue's qualified name (the TABLE name). */
  table: string;
  description: string;
  /** INFOs in the RESOURCE before the TABLE (request echo, service name). */
  infos: { name: string; value: string }[];
}

/** Writes one SCS response: header, row batches, end. */
export class ScsVotableWriter {
  private readonly cells: Cell[];
  rows = 0;

  constructor(
    private readonly out: Writable,
    private readonly fields: ScsField[],
  ) {
    this.cells = fields.map(cellWriter);
  }

  private write(s: string): Promise<void> | undefined {
    if (this.out.destroyed) throw new Error('the client closed the connection');
    return this.out.write(s) ? undefined : waitDrain(this.out);
  }

  header(info: ScsDocumentInfo): Promise<void> | undefined {
    let s = ROOT;
    s += '<RESOURCE type="results">\n';
    // DALI-aware clients read QUERY_STATUS; SCS 1.03 clients look for an INFO named Error, which never appears here.
    s += '<INFO name="QUERY_STATUS" value="OK"/>\n';
    for (const i of info.infos)
      s += `<INFO${attrs([
        ['name', i.name],
        ['value', i.value],
      ])}/>\n`;
    s += '<COOSYS ID="icrs" system="ICRS"/>\n'; // VOTable 1.1 §2.1; the RA/Dec FIELDs ref it
    s += `<TABLE${attrs([['name', info.table]])}>\n<DESCRIPTION>${escapeText(info.description)}</DESCRIPTION>\n`;
    for (const f of this.fields) s += fieldXml(f);
    s += '<DATA><TABLEDATA>\n';
    return this.write(s);
  }

  async writeRows(batch: unknown[][]): Promise<void> {
    const cells = this.cells;
    const n = cells.length;
    let s = '';
    for (const row of batch) {
      s += '<TR>';
      for (let i = 0; i < n; i++) s += cells[i](row[i]);
      s += '</TR>\n';
      this.rows++;
    }
    const p = this.write(s);
    if (p) await p;
  }

  /**
   * Closes the document. When the result was cut at the row limit, a trailing QUERY_STATUS=OVERFLOW INFO says so
   * (DALI 1.1 §4.4.1; VOTable 1.1 has no place after a TABLE, so only truncated results carry it).
   */
  end(overflow: boolean): void {
    let s = '</TABLEDATA></DATA>\n</TABLE>\n';
    if (overflow) {
      s +=
        '<INFO name="QUERY_STATUS" value="OVERFLOW">the result was cut at the row limit (MAXREC or MaxRecords)</INFO>\n';
    }
    s += '</RESOURCE>\n</VOTABLE>\n';
    this.out.end(s);
  }
}

/**
 * The SCS 1.03 §2 item 6 error document: `<INFO ID="Error" name="Error" value="...">` as a direct child of VOTABLE
 * (the preferred place), plus, for DALI-aware clients, a results RESOURCE with QUERY_STATUS=ERROR (DALI 1.1 §4.4).
 */
export function scsErrorDocument(message: string): string {
  return (
    `${ROOT}<INFO ID="Error" name="Error" value="${escapeAttr(message)}"/>\n` +
    `<RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="ERROR">${escapeText(message)}</INFO>\n</RESOURCE>\n` +
    '</VOTABLE>\n'
  );
}
