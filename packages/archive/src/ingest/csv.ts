// Streaming CSV (RFC 4180: fields separated by commas, optionally in double quotes, "" for a quote inside quotes,
// CRLF or LF line ends) read in batches of records so that a multi-million-row catalogue never sits in memory.
// Lines without a quote take a fast path (split on the delimiter); quoted fields may span lines.
import { createReadStream } from 'node:fs';

export interface CsvBatch {
  records: string[][];
  /** 1-based line number of each record's first line (for error messages). */
  lines: number[];
}

/** Splits one record that contains quotes (RFC 4180 §2.5-2.7). */
function parseQuoted(text: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
    i++;
  }
  out.push(field);
  return out;
}

function quoteCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * Reads a CSV file and yields its records in batches (the header line included as the first record). Blank lines
 * are skipped.
 */
export async function* csvBatches(path: string, batchSize = 10_000, delimiter = ','): AsyncGenerator<CsvBatch> {
  let rest = '';
  let lineNo = 0;
  let pending = ''; // a quoted record still open across lines
  let pendingLine = 0;
  let batch: CsvBatch = { records: [], lines: [] };
  const take = (line: string) => {
    lineNo++;
    if (pending !== '') {
      pending += `\n${line}`;
      if (quoteCount(pending) % 2 === 1) return;
      batch.records.push(parseQuoted(pending, delimiter));
      batch.lines.push(pendingLine);
      pending = '';
      return;
    }
    if (line === '') return;
    if (line.indexOf('"') < 0) {
      batch.records.push(line.split(delimiter));
      batch.lines.push(lineNo);
      return;
    }
    if (quoteCount(line) % 2 === 1) {
      pending = line;
      pendingLine = lineNo;
      return;
    }
    batch.records.push(parseQuoted(line, delimiter));
    batch.lines.push(lineNo);
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      take(text.slice(start, end));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (batch.records.length >= batchSize) {
      yield batch;
      batch = { records: [], lines: [] };
    }
  }
  if (rest !== '') take(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  if (pending !== '') throw new Error(`line ${pendingLine}: a quoted field is not closed before the end of the file`);
  if (batch.records.length) yield batch;
}
