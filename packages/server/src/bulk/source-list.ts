// The uploaded source list of a bulk-cutout job: a VOTable (any serialization the votable reader takes) or a CSV
// table (RFC 4180, header line first) whose columns give each source's position. Columns are found by name
// (case-insensitive) or, in a VOTable, by UCD: ra (pos.eq.ra;meta.main, else RA/RAJ2000/s_ra), dec (pos.eq.dec),
// an optional radius in degrees (else the job's RADIUS) and an optional name/id. Every bad row is reported at once
// (a list that is half read would give a half-done job).
import { type Field, readVOTable } from '@obscura/votable';

export interface BulkSource {
  /** 0-based position in the list (the manifest's source index). */
  index: number;
  name: string;
  ra: number;
  dec: number;
  /** Cutout radius, degrees. */
  radius: number;
}

/** Most sources a list may hold (as many as a job may plan cutouts, bulk-plan.ts MAX_PLAN_ROWS). */
export const MAX_SOURCES = 100_000;

/** A source list that cannot be used; the message says what to fix. */
export class SourceListError extends Error {
  override name = 'SourceListError';
}

const RA_NAMES = ['ra', 'raj2000', 'ra_icrs', 's_ra', '_raj2000'];
const DEC_NAMES = ['dec', 'decj2000', 'dej2000', 'de_icrs', 'dec_icrs', 's_dec', '_dej2000'];
const RADIUS_NAMES = ['radius', 'r', 'sr', 'rad'];
const NAME_NAMES = ['name', 'id', 'source', 'source_name', 'source_id', 'main_id', 'component_name'];

/** Index of the first column whose lower-cased name is in `names` (in the order of `names`), else -1. */
function byName(columns: readonly string[], names: readonly string[]): number {
  const lower = columns.map((c) => c.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

function byUcd(fields: readonly Field[], ucd: string): number {
  const main = fields.findIndex((f) => (f.ucd ?? '').toLowerCase() === `${ucd};meta.main`);
  return main >= 0 ? main : fields.findIndex((f) => (f.ucd ?? '').toLowerCase().split(';')[0] === ucd);
}

interface Columns {
  ra: number;
  dec: number;
  radius: number;
  name: number;
}

function requireColumns(c: Columns, available: readonly string[]): void {
  if (c.ra < 0 || c.dec < 0) {
    throw new SourceListError(
      `the source list needs ra and dec columns (degrees, ICRS); its columns are ${available.join(', ') || 'none'}`,
    );
  }
}

function number(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/** Builds the sources from raw cells; collects every bad row (at most 10 quoted) and throws them together. */
function toSources(rows: readonly (readonly unknown[])[], c: Columns, defaultRadius: number | undefined): BulkSource[] {
  if (rows.length > MAX_SOURCES) {
    throw new SourceListError(`the source list has ${rows.length} rows; at most ${MAX_SOURCES} (split it into jobs)`);
  }
  const out: BulkSource[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const ra = number(row[c.ra]);
    const dec = number(row[c.dec]);
    const r = c.radius >= 0 ? row[c.radius] : undefined;
    const radius = r === undefined || r === null || r === '' ? defaultRadius : number(r);
    const at = `row ${i + 1}`;
    if (!Number.isFinite(ra) || !Number.isFinite(dec) || dec < -90 || dec > 90) {
      problems.push(`${at}: ra=${String(row[c.ra])} dec=${String(row[c.dec])} is not a position in degrees`);
    } else if (radius === undefined) {
      problems.push(`${at}: no radius (add a radius column or give RADIUS in degrees)`);
    } else if (!(radius > 0) || radius > 10) {
      problems.push(`${at}: radius ${radius} must be above 0 and at most 10 degrees`);
    } else {
      const n = c.name >= 0 ? row[c.name] : undefined;
      const name = n === undefined || n === null || String(n).trim() === '' ? `source${i + 1}` : String(n).trim();
      out.push({ index: i, name, ra: ra >= 0 && ra < 360 ? ra : ((ra % 360) + 360) % 360, dec, radius });
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    throw new SourceListError(
      `${problems.length} bad source${problems.length > 1 ? 's' : ''} in the list: ${shown}${problems.length > 10 ? '; …' : ''}`,
    );
  }
  if (out.length === 0) throw new SourceListError('the source list has no rows');
  return out;
}

/** RFC 4180 records of a small CSV text (quoted fields may hold commas, quotes and line breaks). */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0].trim() !== '') records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  record.push(field);
  if (record.length > 1 || record[0].trim() !== '') records.push(record);
  return records;
}

function looksLikeXml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').trimStart();
  return head.startsWith('<') || (bytes[0] === 0x1f && bytes[1] === 0x8b);
}

/** Parses a source list (VOTable or CSV, told apart by content); `defaultRadius` (degrees) fills missing radii. */
export async function parseSourceList(bytes: Uint8Array, defaultRadius?: number): Promise<BulkSource[]> {
  if (looksLikeXml(bytes)) {
    let doc: Awaited<ReturnType<typeof readVOTable>>;
    try {
      doc = await readVOTable(bytes);
    } catch (e) {
      throw new SourceListError(`the source list is not a readable VOTable: ${(e as Error).message}`);
    }
    const table = doc.tables[0];
    if (!table) throw new SourceListError('the source list VOTable holds no TABLE');
    const names = table.fields.map((f) => f.name);
    const pick = (list: string[], ucd?: string) => {
      const i = byName(names, list);
      return i >= 0 || !ucd ? i : byUcd(table.fields, ucd);
    };
    const c: Columns = {
      ra: pick(RA_NAMES, 'pos.eq.ra'),
      dec: pick(DEC_NAMES, 'pos.eq.dec'),
      radius: pick(RADIUS_NAMES),
      name: pick(NAME_NAMES, 'meta.id'),
    };
    requireColumns(c, names);
    return toSources(doc.rows[0] ?? [], c, defaultRadius);
  }
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const records = csvRecords(text);
  if (records.length === 0) throw new SourceListError('the source list is empty');
  const header = records[0].map((h) => h.trim());
  const c: Columns = {
    ra: byName(header, RA_NAMES),
    dec: byName(header, DEC_NAMES),
    radius: byName(header, RADIUS_NAMES),
    name: byName(header, NAME_NAMES),
  };
  requireColumns(c, header);
  return toSources(records.slice(1), c, defaultRadius);
}
