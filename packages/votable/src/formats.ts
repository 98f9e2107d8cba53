// RESPONSEFORMAT resolution (DALI 1.1 §4.2.3, TAP 1.1 §2.7.1): MIME types and short names to a writer and the
// Content-Type to send. When a client names a media type, the response carries that media type (DALI: "the response
// … must set that media type"), with a serialization parameter added for VOTable when it was not given.

import { DelimitedWriter } from './delimited-writer.ts';
import { fail } from './diagnostics.ts';
import { JsonWriter } from './json-writer.ts';
import type { Sink } from './output.ts';
import type { TableWriter } from './table-writer.ts';
import { type Serialization, VOTableWriter, type VOTableWriterOptions } from './writer.ts';

export type FormatKind = 'votable' | 'csv' | 'tsv' | 'json' | 'fits';

export interface ResolvedFormat {
  kind: FormatKind;
  /** For VOTable output. */
  serialization?: Serialization;
  /** The Content-Type header to send. */
  contentType: string;
  /** For CSV: text/csv;header=absent turns the header line off. */
  header?: boolean;
}

/** The names accepted, for error messages and TAPRegExt outputFormat aliases. */
export const ACCEPTED_FORMATS: readonly string[] = [
  'votable',
  'votable/td',
  'votable/b',
  'votable/b2',
  'votable/binary',
  'votable/binary2',
  'votabletd',
  'votableb2',
  'application/x-votable+xml',
  'application/x-votable+xml;serialization=TABLEDATA',
  'application/x-votable+xml;serialization=BINARY',
  'application/x-votable+xml;serialization=BINARY2',
  'text/xml',
  'csv',
  'text/csv',
  'text/csv;header=present',
  'text/csv;header=absent',
  'tsv',
  'text/tab-separated-values',
  'json',
  'application/json',
  'fits',
  'application/fits',
];

const SHORT: Record<string, ResolvedFormat> = {
  votable: {
    kind: 'votable',
    serialization: 'BINARY2',
    contentType: 'application/x-votable+xml;serialization=BINARY2',
  },
  'votable/td': {
    kind: 'votable',
    serialization: 'TABLEDATA',
    contentType: 'application/x-votable+xml;serialization=TABLEDATA',
  },
  votabletd: {
    kind: 'votable',
    serialization: 'TABLEDATA',
    contentType: 'application/x-votable+xml;serialization=TABLEDATA',
  },
  'votable/b': {
    kind: 'votable',
    serialization: 'BINARY',
    contentType: 'application/x-votable+xml;serialization=BINARY',
  },
  'votable/binary': {
    kind: 'votable',
    serialization: 'BINARY',
    contentType: 'application/x-votable+xml;serialization=BINARY',
  },
  'votable/b2': {
    kind: 'votable',
    serialization: 'BINARY2',
    contentType: 'application/x-votable+xml;serialization=BINARY2',
  },
  'votable/binary2': {
    kind: 'votable',
    serialization: 'BINARY2',
    contentType: 'application/x-votable+xml;serialization=BINARY2',
  },
  votableb2: {
    kind: 'votable',
    serialization: 'BINARY2',
    contentType: 'application/x-votable+xml;serialization=BINARY2',
  },
  csv: { kind: 'csv', contentType: 'text/csv;header=present', header: true },
  tsv: { kind: 'tsv', contentType: 'text/tab-separated-values' },
  json: { kind: 'json', contentType: 'application/json' },
  fits: { kind: 'fits', contentType: 'application/fits' },
};

function parseMediaType(s: string): { type: string; params: Record<string, string> } {
  const [type, ...rest] = s.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p
      .slice(i + 1)
      .trim()
      .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Resolves a RESPONSEFORMAT value (default: VOTable BINARY2); throws VOTABLE_UNKNOWN_FORMAT listing what works. */
export function resolveFormat(responseFormat: string | undefined): ResolvedFormat {
  const raw = (responseFormat ?? '').trim();
  if (raw === '') return SHORT.votable;
  const short = SHORT[raw.toLowerCase()];
  if (short) return short;
  const { type, params } = parseMediaType(raw);
  switch (type) {
    case 'application/x-votable+xml':
    case 'text/xml': {
      // VOTable 1.5 §8: serialization=TABLEDATA|BINARY|BINARY2|FITS, case-insensitive.
      const ser = params.serialization?.toUpperCase();
      if (ser !== undefined && ser !== 'TABLEDATA' && ser !== 'BINARY' && ser !== 'BINARY2') break;
      const serialization: Serialization = ser ?? (type === 'text/xml' ? 'TABLEDATA' : 'BINARY2');
      const contentType =
        ser === undefined && type === 'application/x-votable+xml' ? `${type};serialization=${serialization}` : raw;
      return { kind: 'votable', serialization, contentType };
    }
    case 'text/csv': {
      const header = params.header?.toLowerCase() !== 'absent';
      return { kind: 'csv', contentType: raw, header };
    }
    case 'text/tab-separated-values':
      return { kind: 'tsv', contentType: raw };
    case 'application/json':
      return { kind: 'json', contentType: raw };
    case 'application/fits':
    case 'image/fits':
      return { kind: 'fits', contentType: raw };
  }
  return fail('VOTABLE_UNKNOWN_FORMAT', `unknown RESPONSEFORMAT "${raw}"; accepted: ${ACCEPTED_FORMATS.join(', ')}`);
}

/**
 * A streaming writer for a resolved format. FITS binary tables are not streamed here (a FITS table needs NAXIS2
 * before the data); the service builds them with @obscura/fits `encodeBinaryTable`, so 'fits' throws.
 */
export function createTableWriter(
  format: ResolvedFormat,
  sink: Sink,
  votableOptions: Omit<VOTableWriterOptions, 'serialization' | 'contentType'> = {},
): TableWriter {
  switch (format.kind) {
    case 'votable':
      return new VOTableWriter(sink, {
        ...votableOptions,
        serialization: format.serialization,
        contentType: format.contentType,
      });
    case 'csv':
      return new DelimitedWriter(sink, { kind: 'csv', header: format.header, contentType: format.contentType });
    case 'tsv':
      return new DelimitedWriter(sink, { kind: 'tsv', contentType: format.contentType });
    case 'json':
      return new JsonWriter(sink);
    case 'fits':
      return fail(
        'VOTABLE_UNKNOWN_FORMAT',
        'FITS output is written by @obscura/fits encodeBinaryTable, not by a streaming writer',
      );
  }
}
