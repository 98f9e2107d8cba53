// What a cone search service publishes of one catalogue (a table of obscura.catalogues): the columns for each
// verbosity and the FIELD of each. SCS 1.03 §2 item 5 asks for exactly one FIELD with each of the UCDs ID_MAIN (a
// char array), POS_EQ_RA_MAIN and POS_EQ_DEC_MAIN (doubles); those are the catalogue's key, RA and Dec columns,
// whatever their own UCD1+ (a numeric key is written as text). A distance column `_r` ends every row.
import { CATALOGUES_TABLE, type ColumnDef, type Database, type TableDef, votableType } from '@obscura/archive';
import type { Verbosity } from './cone-params.ts';

export type ScsDatatype = 'short' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'char';

export interface ScsField {
  name: string;
  datatype: ScsDatatype;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  ref?: string;
  description: string;
}

/** The distance column's name (DaCHS' convention; a catalogue column name cannot start with `_`). */
export const DISTANCE_COLUMN = '_r';

export interface ScsCatalogue {
  /** `schema.name`, as in the URL. */
  name: string;
  def: TableDef;
  id: ColumnDef;
  ra: ColumnDef;
  dec: ColumnDef;
  /** Catalogue columns per verbosity, in output order (the distance column is not among them). */
  columns: Record<Verbosity, ColumnDef[]>;
}

/** SCS 1.03 §2 item 5: VERB=2 is "the columns the provider considers most typically useful". */
function typical(c: ColumnDef): boolean {
  const ucd = c.ucd ?? '';
  return /^phot\./.test(ucd) || /^stat\.error;(pos\.eq|phot\.)/.test(ucd);
}

export function scsCatalogue(def: TableDef): ScsCatalogue {
  const name = `${def.schema}.${def.name}`;
  const find = (n: string | undefined, role: string) => {
    const c = def.columns.find((x) => x.name === n);
    if (!c) throw new Error(`catalogue ${name} has no ${role} column`);
    return c;
  };
  const id = find(def.primaryKey[0], 'key');
  const ra = find(def.spatialIndex?.ra, 'RA');
  const dec = find(def.spatialIndex?.dec, 'Dec');
  const core = [id, ra, dec];
  const rest = def.columns.filter((c) => !core.includes(c));
  // Columns flagged principal beyond the key and position are the provider's choice; otherwise photometry and
  // position/photometry errors.
  const flagged = rest.filter((c) => c.principal);
  const principal = flagged.length > 0 ? flagged : rest.filter(typical);
  return { name, def, id, ra, dec, columns: { 1: core, 2: [...core, ...principal], 3: [...core, ...rest] } };
}

/** The FIELDs of a response at a verbosity (VOTable 1.1 §4.2, with the SCS 1.03 §2 item 5 UCDs). */
export function scsFields(cat: ScsCatalogue, verb: Verbosity): ScsField[] {
  const fields = cat.columns[verb].map((c): ScsField => {
    const t = votableType(c);
    const base = { name: c.name, unit: c.unit, description: c.description };
    if (c === cat.id) return { ...base, datatype: 'char', arraysize: '*', ucd: 'ID_MAIN', unit: undefined };
    if (c === cat.ra) return { ...base, datatype: 'double', ucd: 'POS_EQ_RA_MAIN', unit: 'deg', ref: 'icrs' };
    if (c === cat.dec) return { ...base, datatype: 'double', ucd: 'POS_EQ_DEC_MAIN', unit: 'deg', ref: 'icrs' };
    // Anything that is not a scalar VOTable 1.1 type (DALI xtypes came later) is written as text.
    const scalar = t.xtype === null || t.xtype === 'timestamp' ? t.datatype : 'char';
    const arraysize = scalar === 'char' ? (t.datatype === 'char' ? (t.arraysize ?? '*') : '*') : undefined;
    return { ...base, datatype: scalar, arraysize, ucd: c.ucd };
  });
  fields.push({
    name: DISTANCE_COLUMN,
    datatype: 'double',
    unit: 'deg',
    ucd: 'pos.angDistance',
    description: 'Angular distance from the cone centre',
  });
  return fields;
}

/**
 * The catalogues, looked up by URL name (exact, else case-insensitive) from obscura.catalogues; a short-lived
 * cache keeps the lookup off the hot path, and a name not yet known is looked up again (a catalogue just ingested).
 */
export class CatalogueDirectory {
  private cache = new Map<string, ScsCatalogue>();
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 30_000,
  ) {}

  async list(): Promise<ScsCatalogue[]> {
    if (Date.now() - this.loadedAt > this.ttlMs) await this.reload();
    return [...this.cache.values()];
  }

  async find(name: string): Promise<ScsCatalogue | undefined> {
    const fresh = Date.now() - this.loadedAt <= this.ttlMs;
    if (fresh) {
      const hit = this.lookup(name);
      if (hit) return hit;
    }
    await this.reload();
    return this.lookup(name);
  }

  private lookup(name: string): ScsCatalogue | undefined {
    const exact = this.cache.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [k, v] of this.cache) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  private async reload(): Promise<void> {
    const rows = await this.db.all<{ table_name: string; definition: string }>(
      `SELECT table_name, definition FROM ${this.db.dialect.table(CATALOGUES_TABLE)} ORDER BY table_name`,
    );
    const next = new Map<string, ScsCatalogue>();
    for (const r of rows) {
      try {
        const def = JSON.parse(r.definition) as TableDef;
        next.set(`${def.schema}.${def.name}`, scsCatalogue(def));
      } catch {
        // A definition this service cannot read is not offered (the archive package owns the format).
      }
    }
    this.cache = next;
    this.loadedAt = Date.now();
  }
}
