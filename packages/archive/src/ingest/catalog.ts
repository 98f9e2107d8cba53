// `obscura ingest catalog FILE --table SCHEMA.NAME [--ra COL --dec COL]`: a CSV or FITS-table catalogue becomes a
// catalogue table (HEALPix index column, pgSphere spoint on PostgreSQL, published in TAP_SCHEMA with units and
// UCDs). Rows stream in batches through one prepared multi-row upsert (BulkWriter) inside one transaction: the file
// is loaded whole or not at all, and loading it again updates rows by primary key instead of duplicating them.
import { basename } from 'node:path';
import { openFits, readTable } from '@obscura/fits';
import type { Database } from '../database.ts';
import type { CatalogueDescription } from '../schema/catalogue.ts';
import type { AdqlType, ColumnDef } from '../schema/types.ts';
import { BulkWriter } from './bulk-insert.ts';
import {
  type ColumnDescriptionFile,
  converterFor,
  describedColumns,
  findDescriptionFile,
  inferType,
  readDescriptionFile,
} from './column-types.ts';
import { csvBatches } from './csv.ts';
import { emptyReport, errorMessage, type IngestReport } from './report.ts';

export interface CatalogueIngestOptions {
  /** Target table, `schema.name`. */
  table: string;
  ra?: string;
  dec?: string;
  /** Primary-key column; default: the description's `meta.id;meta.main` column, else a generated row number. */
  key?: string;
  /** Column-description file; default `<file>.columns.json` beside the data when it exists. */
  columnsFile?: string;
  description?: string;
  /** Rows per streamed batch (CSV). */
  batchSize?: number;
}

/** Generated key when the catalogue has none: the 1-based data row number in the file. */
export const ROW_NUMBER_COLUMN = 'row_number';
/** Bad rows listed in the report at most (the count is always exact). */
const MAX_REPORTED_ROWS = 100;
const INFER_SAMPLE = 1000;
/** Keys remembered to detect repeats within one file (bounded memory for very large catalogues). */
const MAX_TRACKED_KEYS = 5_000_000;

const RA_NAMES = ['ra', 'raj2000', 'ra_icrs', 'ra_deg', 'alpha_j2000'];
const DEC_NAMES = ['dec', 'decj2000', 'dej2000', 'dec_icrs', 'dec_deg', 'delta_j2000'];

function pick(columns: ColumnDef[], explicit: string | undefined, ucd: string, names: string[], role: string): string {
  if (explicit) {
    const c =
      columns.find((x) => x.name === explicit) ?? columns.find((x) => x.name.toLowerCase() === explicit.toLowerCase());
    if (!c)
      throw new Error(`--${role} ${explicit}: no such column (columns: ${columns.map((x) => x.name).join(', ')})`);
    return c.name;
  }
  const byUcd = columns.find((c) => c.ucd?.toLowerCase().split(';').includes(ucd) && /meta\.main/.test(c.ucd ?? ''));
  const byName = columns.find((c) => names.includes(c.name.toLowerCase()));
  const found = byUcd ?? byName;
  if (!found) throw new Error(`cannot tell which column is ${role.toUpperCase()}: pass --${role} COL`);
  return found.name;
}

interface Layout {
  columns: ColumnDef[];
  key: string;
  generatedKey: boolean;
  ra: string;
  dec: string;
  description: string;
}

function layout(
  file: string,
  header: string[],
  types: AdqlType[] | undefined,
  sample: string[][],
  desc: ColumnDescriptionFile | undefined,
  o: CatalogueIngestOptions,
): Layout {
  let columns: ColumnDef[];
  if (desc) {
    const described = describedColumns(desc);
    const byName = new Map(described.map((c) => [c.name, c]));
    const missing = header.filter((h) => !byName.has(h));
    if (missing.length) throw new Error(`columns ${missing.join(', ')} are not in the column-description file`);
    columns = header.map((h) => byName.get(h)!);
  } else {
    columns = header.map((name, i) => ({
      name,
      type: types?.[i] ?? inferType(sample.map((r) => r[i] ?? '')),
      description: name,
    }));
  }
  const ra = pick(columns, o.ra ?? desc?.ra, 'pos.eq.ra', RA_NAMES, 'ra');
  const dec = pick(columns, o.dec ?? desc?.dec, 'pos.eq.dec', DEC_NAMES, 'dec');
  let key = o.key;
  if (key && !columns.some((c) => c.name === key)) throw new Error(`--key ${key}: no such column`);
  key ??= columns.find((c) => c.ucd?.split(';').includes('meta.id') && c.ucd.includes('meta.main'))?.name;
  const generatedKey = key === undefined;
  if (generatedKey) {
    key = ROW_NUMBER_COLUMN;
    columns = [
      {
        name: ROW_NUMBER_COLUMN,
        type: 'BIGINT',
        ucd: 'meta.id;meta.main',
        description: `Row number in ${basename(file)} (the catalogue has no identifier column)`,
      },
      ...columns,
    ];
  }
  return {
    columns,
    key: key!,
    generatedKey,
    ra,
    dec,
    description: o.description ?? desc?.description ?? `Catalogue loaded from ${basename(file)}`,
  };
}

/** Loads a catalogue file (CSV, or a FITS binary/ASCII table) into `options.table`. */
export async function ingestCatalogue(
  db: Database,
  file: string,
  options: CatalogueIngestOptions,
): Promise<IngestReport> {
  const t0 = process.hrtime.bigint();
  const report = emptyReport();
  try {
    if (/\.(fits|fit|fts)(\.gz)?$/i.test(file)) await loadFitsTable(db, file, options, report);
    else if (/\.(xml|vot|votable)$/i.test(file)) {
      throw new Error(
        'VOTable catalogues need the VOTable reader (@obscura/votable), which is not available yet; use CSV',
      );
    } else await loadCsv(db, file, options, report);
  } catch (e) {
    report.skipped.push({ path: file, reason: errorMessage(e) });
  }
  report.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return report;
}

function catalogueDescription(table: string, l: Layout): CatalogueDescription {
  return { table, description: l.description, columns: l.columns, primaryKey: l.key, ra: l.ra, dec: l.dec };
}

async function loadCsv(db: Database, file: string, o: CatalogueIngestOptions, report: IngestReport): Promise<void> {
  const descFile = o.columnsFile ?? findDescriptionFile(file);
  const desc = descFile ? readDescriptionFile(descFile) : undefined;
  const batches = csvBatches(file, o.batchSize ?? 20_000, /\.tsv$/i.test(file) ? '\t' : ',');
  const first = await batches.next();
  if (first.done || first.value.records.length === 0) throw new Error('the file is empty');
  const header = first.value.records[0].map((h) => h.trim());
  const firstRecords = first.value.records.slice(1);
  const firstLines = first.value.lines.slice(1);
  const l = layout(file, header, undefined, firstRecords.slice(0, INFER_SAMPLE), desc, o);
  const def = await db.createCatalogue(catalogueDescription(o.table, l));
  const dataColumns = l.columns.filter((c) => !(l.generatedKey && c.name === ROW_NUMBER_COLUMN));
  const sqlite = db.dialect.name === 'sqlite';
  const converters = dataColumns.map((c) => {
    const conv = converterFor(c.type);
    return sqlite && c.type === 'BOOLEAN' ? (t: string) => (conv(t) === null ? null : conv(t) ? 1 : 0) : conv;
  });
  const n = dataColumns.length;
  const keyAt = l.generatedKey ? -1 : dataColumns.findIndex((c) => c.name === l.key);
  let rowNumber = 0;
  const seen = new Set<unknown>();
  let duplicates = 0;
  const examples: string[] = [];
  await db.withTransaction(async (tx) => {
    const writer = new BulkWriter(
      tx,
      def,
      l.columns.map((c) => c.name),
      true,
    );
    const values: unknown[] = new Array(l.columns.length);
    const off = l.generatedKey ? 1 : 0;
    const load = async (records: string[][], lines: number[]) => {
      for (let r = 0; r < records.length; r++) {
        const rec = records[r];
        rowNumber++;
        if (rec.length !== n) {
          bad(report, file, lines[r], `has ${rec.length} fields, the header ${n}`);
          continue;
        }
        let ok = true;
        for (let i = 0; i < n; i++) {
          try {
            values[i + off] = converters[i](rec[i]);
          } catch (e) {
            bad(report, file, lines[r], `column ${dataColumns[i].name}: "${rec[i]}" is ${errorMessage(e)}`);
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (off) values[0] = rowNumber;
        else if (values[keyAt] === null) {
          bad(report, file, lines[r], `the key column ${l.key} is empty`);
          continue;
        } else if (seen.size < MAX_TRACKED_KEYS) {
          const k = values[keyAt];
          if (seen.has(k)) {
            duplicates++;
            if (examples.length < 5) examples.push(`${String(k)} (line ${lines[r]})`);
          } else seen.add(k);
        }
        await writer.add(values);
        report.rows++;
      }
    };
    await load(firstRecords, firstLines);
    for await (const b of batches) await load(b.records, b.lines);
    await writer.finish();
  });
  if (duplicates) {
    report.warnings.push({
      path: file,
      reason:
        `${duplicates} rows repeat the key ${l.key} of an earlier row, so the later row replaced it ` +
        `(${examples.join(', ')}); pass --key with a unique column to keep them all`,
    });
  }
}

function bad(report: IngestReport, file: string, line: number, why: string): void {
  if (report.skipped.length < MAX_REPORTED_ROWS) report.skipped.push({ path: `${file}:${line}`, reason: `row ${why}` });
  else if (report.skipped.length === MAX_REPORTED_ROWS) {
    report.skipped.push({ path: file, reason: 'more bad rows follow (not listed)' });
  }
}

const FITS_TYPES: Record<string, AdqlType> = {
  L: 'BOOLEAN',
  B: 'SMALLINT',
  I: 'SMALLINT',
  J: 'INTEGER',
  K: 'BIGINT',
  E: 'REAL',
  D: 'DOUBLE',
  A: 'VARCHAR',
};

/** A FITS BINTABLE/TABLE (first table HDU): column types from TFORM, units from TUNIT (FITS 4.0 §7.2-7.3). */
async function loadFitsTable(db: Database, file: string, o: CatalogueIngestOptions, report: IngestReport) {
  const fits = await openFits(file);
  try {
    const hdu = fits.hdus.find((h) => h.kind === 'bintable' || h.kind === 'table');
    if (!hdu) throw new Error('no table HDU in the FITS file');
    const table = await readTable(fits, hdu);
    const header = table.columns.map((c) => c.name);
    const types = table.columns.map((c) => {
      const code =
        c.binary?.code ?? (c.ascii ? (/^[IJ]/.test(c.tform) ? 'J' : /^[EDF]/.test(c.tform) ? 'D' : 'A') : 'A');
      const t = FITS_TYPES[code as string] ?? 'VARCHAR';
      return c.scale !== 1 || c.zero !== 0 ? (t === 'VARCHAR' ? t : 'DOUBLE') : t;
    });
    const descFile = o.columnsFile ?? findDescriptionFile(file);
    const l = layout(file, header, types, [], descFile ? readDescriptionFile(descFile) : undefined, o);
    for (const c of l.columns) {
      const tc = table.columns.find((x) => x.name === c.name);
      if (tc?.unit && !c.unit) c.unit = tc.unit;
    }
    const def = await db.createCatalogue(catalogueDescription(o.table, l));
    const sqlite = db.dialect.name === 'sqlite';
    await db.withTransaction(async (tx) => {
      const writer = new BulkWriter(
        tx,
        def,
        l.columns.map((c) => c.name),
        true,
      );
      const rows = table.rows as unknown[][];
      const values: unknown[] = new Array(l.columns.length);
      const off = l.generatedKey ? 1 : 0;
      for (let r = 0; r < rows.length; r++) {
        for (let i = 0; i < header.length; i++) {
          let v = rows[r][i];
          if (typeof v === 'string') v = v.trim() === '' ? null : v.trimEnd();
          else if (typeof v === 'boolean' && sqlite) v = v ? 1 : 0;
          else if (typeof v === 'number' && !Number.isFinite(v)) v = null;
          else if (v !== null && typeof v === 'object') v = null; // arrays and complex values are not catalogue columns
          values[i + off] = v;
        }
        if (off) values[0] = r + 1;
        await writer.add(values);
        report.rows++;
      }
      await writer.finish();
    });
  } finally {
    await fits.close();
  }
}
