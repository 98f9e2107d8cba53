// The manifest of a bulk-cutout job: one row per (source, image) pair the job considered, and one per source no
// image matched, saying what became of it (README "Bulk cutouts"). Written as CSV (RFC 4180, the archive's first
// member) and as a VOTable (TABLEDATA, by the votable package's writer).
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DelimitedWriter, type Field, type TableWriter, VOTableWriter } from '@obscura/votable';
import { votable14Sink } from '../votable-version.ts';
import type { CutoutStatus } from './cutout-file.ts';

export interface ManifestRow {
  sourceIndex: number;
  sourceName: string;
  /** Degrees; null for a QUERY row cut with a CIRCLE/POLYGON/POS region. */
  ra: number | null;
  dec: number | null;
  radius: number | null;
  /** The image (obs_publisher_did); empty when no image matched the source. */
  did: string;
  /** The cutout's name inside the archive; empty unless ok. */
  file: string;
  status: CutoutStatus;
  message: string;
  bytes: number;
}

export const MANIFEST_FIELDS: Field[] = [
  { name: 'source_index', datatype: 'int', ucd: 'meta.number', description: '0-based position of the source' },
  { name: 'source_name', datatype: 'char', arraysize: '*', ucd: 'meta.id', description: 'Name of the source' },
  { name: 'ra', datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra', description: 'Source position, ICRS' },
  { name: 'dec', datatype: 'double', unit: 'deg', ucd: 'pos.eq.dec', description: 'Source position, ICRS' },
  { name: 'radius', datatype: 'double', unit: 'deg', ucd: 'phys.angSize', description: 'Cutout radius' },
  {
    name: 'obs_publisher_did',
    datatype: 'char',
    arraysize: '*',
    ucd: 'meta.ref.ivoid',
    description: 'The image cut (ObsCore obs_publisher_did)',
  },
  { name: 'file', datatype: 'char', arraysize: '*', ucd: 'meta.ref', description: 'Cutout file inside the archive' },
  {
    name: 'status',
    datatype: 'char',
    arraysize: '*',
    ucd: 'meta.code.status',
    description: 'ok, no_overlap, proprietary, not_found, error or over_limit',
  },
  { name: 'message', datatype: 'char', arraysize: '*', ucd: 'meta.note', description: 'Why, when not ok' },
  { name: 'bytes', datatype: 'long', unit: 'byte', ucd: 'phys.size;meta.file', description: 'Size of the cutout' },
];

function cells(r: ManifestRow): unknown[] {
  return [r.sourceIndex, r.sourceName, r.ra, r.dec, r.radius, r.did, r.file, r.status, r.message, BigInt(r.bytes)];
}

async function writeTable(path: string, make: (out: WriteStream) => TableWriter, rows: readonly ManifestRow[]) {
  const out = createWriteStream(path);
  const writer = make(out);
  await writer.writeHeader(MANIFEST_FIELDS);
  for (let i = 0; i < rows.length; i += 1000) await writer.writeRows(rows.slice(i, i + 1000).map(cells));
  await writer.end();
  out.end();
  await finished(out);
}

export function writeManifestCsv(path: string, rows: readonly ManifestRow[]): Promise<void> {
  return writeTable(path, (out) => new DelimitedWriter(out, { kind: 'csv' }), rows);
}

/** The manifest as a VOTable, declared 1.4 like every VOTable the server writes (votable-version.ts). */
export function writeManifestVotable(path: string, rows: readonly ManifestRow[], description: string): Promise<void> {
  return writeTable(
    path,
    (out) =>
      new VOTableWriter(votable14Sink(out), {
        serialization: 'TABLEDATA',
        resourceName: 'bulk_cutouts',
        tableName: 'manifest',
        description,
      }),
    rows,
  );
}
