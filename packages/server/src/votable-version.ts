// The VOTable version the server declares in its responses. @obscura/votable writes VOTable 1.5; the validators and
// clients installed here (STILTS 3.4.7 taplint/votlint/TOPCAT, astropy 5.2) know VOTable up to 1.4 and check a
// "1.5" document against the 1.2 schema, failing every BINARY2 table. The documents the services write use nothing
// that 1.5 added (no MIVOT, no "moc" xtype in results), so they are declared as VOTable 1.4 (same namespace,
// http://www.ivoa.net/xml/VOTable/v1.3, VOTable 1.4 §2), which every client reads.
import type { Writable } from 'node:stream';
import { type ChunkConsumer, errorDocument } from '@obscura/votable';
import { writeWithBackpressure } from './writable-sink.ts';

const VERSION_RE = /<VOTABLE version="1\.5"/;
const SCHEMA_RE = /votable-1\.5\.xsd/;

/** A VOTable document's header rewritten to declare version 1.4. */
export function declareVotable14(text: string): string {
  return text.replace(VERSION_RE, '<VOTABLE version="1.4"').replace(SCHEMA_RE, 'votable-1.4.xsd');
}

/** A VOTable error document (DALI 1.1 §4.4) declared as VOTable 1.4. */
export function errorDocument14(message: string): string {
  return declareVotable14(errorDocument(message));
}

/**
 * A sink for @obscura/votable writers that passes chunks to `out` with its backpressure, rewriting the document
 * header (always in the first chunk: the writers send whole texts of ≥ 64 KiB or the whole document) to 1.4.
 */
export function votable14Sink(out: Writable): ChunkConsumer {
  let first = true;
  return (chunk: Buffer) => {
    let data = chunk;
    if (first) {
      first = false;
      const head = chunk.subarray(0, Math.min(chunk.length, 4096)).toString('latin1');
      if (VERSION_RE.test(head)) data = Buffer.from(declareVotable14(chunk.toString('utf8')), 'utf8');
    }
    return writeWithBackpressure(out, data);
  };
}
