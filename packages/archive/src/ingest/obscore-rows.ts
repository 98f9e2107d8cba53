// `obscura ingest obscore FILE`: ObsCore rows given as a table (CSV; e.g. the demo's VLA/ALMA visibility metadata)
// → ivoa.obscore, plus ivoa.obscore_radio for the radio-extension columns. Values are converted by the schema's column
// types; a row that does not convert is reported with its line, column and value and left out, the others load.
// Rows upsert by obs_publisher_did, all in one transaction. A row without an access_url gets the archive's DataLink
// {links} URL for its obs_publisher_did and the DataLink access_format (ObsCore 1.1 §4.7, DataLink 1.1 §3: every row
// has a link; DataLink then says what is and is not held, e.g. visibilities kept by the observatory).

import type { Database, Row } from '../database.ts';
import { parseRegion } from '../region.ts'; // circles come back as the circumscribed 16-gon
import { OBSCORE_RADIO_TABLE, OBSCORE_TABLE } from '../schema/index.ts';
import type { ColumnDef } from '../schema/types.ts';
import { type Converter, converterFor } from './column-types.ts';
import { csvBatches } from './csv.ts';
import { stcsPolygon } from './footprint.ts';
import { DATALINK_FORMAT, DEFAULT_BASE_URL, datalinkUrl } from './identifiers.ts';
import { emptyReport, errorMessage, type IngestReport } from './report.ts';

/**
 * Radio-extension column names of the draft that DaCHS serves (corpus obscore-radio/obs_radio_columns.csv) and the
 * demo writes, to the Endorsed Note's names the archive uses.
 */
export const RADIO_COLUMN_ALIASES: Record<string, string> = {
  s_maximum_angular_scale: 's_largest_angular_scale',
  instrument_ant_number: 'instr_tel_number',
  instrument_ant_min_dist: 'instr_tel_min_dist',
  instrument_ant_max_dist: 'instr_tel_max_dist',
  instrument_ant_diameter: 'instr_tel_diameter',
  instrument_feed: 'instr_feed',
  tracking_mode: 'tracking_type',
};

const MAX_REPORTED_ROWS = 100;
const CHUNK = 5000;

/**
 * An s_region value in the column's published form (ObsCore 1.1 adql:REGION, STC-S `Polygon ICRS …`): DALI polygon
 * numbers and STC-S polygons pass as a polygon, and a circle (DALI or STC-S `CIRCLE ICRS ra dec r`) becomes the
 * 16-gon circumscribing it, so every row's footprint has one shape the pgSphere spoly index can hold.
 */
export function normalizeRegion(text: string): string {
  const p = parseRegion(text);
  if (!p) throw new Error('not a polygon or circle (DALI or STC-S)');
  return stcsPolygon(p.vertices);
}

interface Target {
  column: ColumnDef;
  convert: Converter;
  obscore: boolean;
  radio: boolean;
}

function timestampConverter(): Converter {
  return (t) => {
    if (t === '') return null;
    if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?Z?$/.test(t.trim())) throw new Error('not an ISO 8601 date');
    return t.trim().replace(' ', 'T').replace(/Z$/, '');
  };
}

function targetsFor(header: string[]): { targets: (Target | null)[]; ignored: string[] } {
  const obscore = new Map(OBSCORE_TABLE.columns.map((c) => [c.name, c]));
  const radio = new Map(OBSCORE_RADIO_TABLE.columns.map((c) => [c.name, c]));
  const ignored: string[] = [];
  const targets = header.map((raw) => {
    const name = RADIO_COLUMN_ALIASES[raw] ?? raw;
    const c = obscore.get(name) ?? radio.get(name);
    if (!c) {
      ignored.push(raw);
      return null;
    }
    const convert =
      c.type === 'TIMESTAMP'
        ? timestampConverter()
        : c.type === 'REGION' || c.type === 'POLYGON'
          ? (t: string) => (t === '' ? null : normalizeRegion(t))
          : converterFor(c.type);
    return { column: c, convert, obscore: obscore.has(name), radio: radio.has(name) && name !== 'obs_publisher_did' };
  });
  return { targets, ignored };
}

export interface ObscoreRowsOptions {
  /** Server root URL for the access_url of rows that have none (default http://127.0.0.1:8080). */
  baseUrl?: string;
}

/** Loads ObsCore rows from a CSV file (VOTable input waits for the VOTable reader). */
export async function ingestObscoreRows(
  db: Database,
  file: string,
  options: ObscoreRowsOptions = {},
): Promise<IngestReport> {
  const t0 = process.hrtime.bigint();
  const report = emptyReport();
  try {
    if (/\.(xml|vot|votable)$/i.test(file)) {
      throw new Error('VOTable input needs the VOTable reader (@obscura/votable), which is not available yet; use CSV');
    }
    await load(db, file, report, options.baseUrl ?? DEFAULT_BASE_URL);
  } catch (e) {
    report.skipped.push({ path: file, reason: errorMessage(e) });
  }
  report.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return report;
}

async function load(db: Database, file: string, report: IngestReport, baseUrl: string): Promise<void> {
  const batches = csvBatches(file, CHUNK);
  const first = await batches.next();
  if (first.done || first.value.records.length === 0) throw new Error('the file is empty');
  const header = first.value.records[0].map((h) => h.trim());
  const { targets, ignored } = targetsFor(header);
  if (!header.includes('obs_publisher_did')) throw new Error('there is no obs_publisher_did column');
  if (ignored.length) {
    report.warnings.push({
      path: file,
      reason: `not ObsCore or radio-extension columns, ignored: ${ignored.join(', ')}`,
    });
  }
  const required = OBSCORE_TABLE.columns.filter((c) => c.required).map((c) => c.name);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length) throw new Error(`required ObsCore column(s) missing: ${missing.join(', ')}`);
  const hasRadio = targets.some((t) => t?.radio);

  await db.withTransaction(async (tx) => {
    const write = async (records: string[][], lines: number[]) => {
      const obscoreRows: Row[] = [];
      const radioRows: Row[] = [];
      for (let r = 0; r < records.length; r++) {
        const rec = records[r];
        if (rec.length !== header.length) {
          bad(report, file, lines[r], `has ${rec.length} fields, the header ${header.length}`);
          continue;
        }
        const o: Row = {};
        const x: Row = {};
        let ok = true;
        for (let i = 0; i < rec.length; i++) {
          const t = targets[i];
          if (!t) continue;
          let v: unknown;
          try {
            v = t.convert(rec[i]);
          } catch (e) {
            bad(report, file, lines[r], `column ${header[i]}: "${rec[i]}" is ${errorMessage(e)}`);
            ok = false;
            break;
          }
          if (t.obscore) o[t.column.name] = v;
          if (t.radio) x[t.column.name] = v;
        }
        if (!ok) continue;
        const empty = required.find((k) => o[k] === null || o[k] === undefined);
        if (empty) {
          bad(report, file, lines[r], `column ${empty} is empty but required`);
          continue;
        }
        if (o.access_url === null || o.access_url === undefined || o.access_url === '') {
          o.access_url = datalinkUrl(baseUrl, String(o.obs_publisher_did));
          o.access_format = DATALINK_FORMAT;
        }
        obscoreRows.push(o);
        if (hasRadio) radioRows.push({ ...x, obs_publisher_did: o.obs_publisher_did });
      }
      await tx.upsert(OBSCORE_TABLE, obscoreRows);
      if (radioRows.length) await tx.upsert(OBSCORE_RADIO_TABLE, radioRows);
      report.rows += obscoreRows.length;
      report.products += obscoreRows.length;
    };
    await write(first.value.records.slice(1), first.value.lines.slice(1));
    for await (const b of batches) await write(b.records, b.lines);
  });
}

function bad(report: IngestReport, file: string, line: number, why: string): void {
  if (report.skipped.length < MAX_REPORTED_ROWS) report.skipped.push({ path: `${file}:${line}`, reason: `row ${why}` });
  else if (report.skipped.length === MAX_REPORTED_ROWS) {
    report.skipped.push({ path: file, reason: 'more bad rows follow (not listed)' });
  }
}
