// What the landing page shows, read from the archive: collections with product counts by dataproduct_type
// (ivoa.obscore joined with obscura.collections), and the catalogues (obscura.catalogues).
import { CATALOGUES_TABLE, COLLECTIONS_TABLE, type Database, OBSCORE_TABLE } from '@obscura/archive';
import type { ServiceEndpoint } from './services.ts';

export interface CollectionSummary {
  name: string;
  title: string | null;
  description: string | null;
  /** Number of ObsCore products. */
  products: number;
  /** Products by dataproduct_type (`(none)` for NULL), sorted by type. */
  byType: Record<string, number>;
  updatedAt: string | null;
}

export interface CatalogueSummary {
  table: string;
  description: string | null;
  columns: number;
  /** Its cone search endpoint (planned until /scs exists). */
  scs: string;
}

export interface LandingInfo {
  archive: { name: string; authority: string; baseUrl: string | null };
  collections: CollectionSummary[];
  catalogues: CatalogueSummary[];
  services: ServiceEndpoint[];
}

const NO_TYPE = '(none)';

export async function readCollections(db: Database): Promise<CollectionSummary[]> {
  const d = db.dialect;
  const counts = await db.all<{ name: string; type: string | null; n: number | bigint | string }>(
    `SELECT obs_collection AS name, dataproduct_type AS type, COUNT(*) AS n FROM ${d.table(OBSCORE_TABLE)} ` +
      'GROUP BY obs_collection, dataproduct_type',
  );
  const described = await db.all<{
    name: string;
    title: string | null;
    description: string | null;
    updated_at: string | null;
  }>(`SELECT name, title, description, updated_at FROM ${d.table(COLLECTIONS_TABLE)}`);
  const byName = new Map<string, CollectionSummary>();
  const get = (name: string): CollectionSummary => {
    let c = byName.get(name);
    if (!c) {
      c = { name, title: null, description: null, products: 0, byType: {}, updatedAt: null };
      byName.set(name, c);
    }
    return c;
  };
  for (const r of described) {
    Object.assign(get(r.name), { title: r.title, description: r.description, updatedAt: r.updated_at });
  }
  for (const r of counts) {
    const c = get(r.name);
    const n = Number(r.n);
    c.products += n;
    const type = r.type ?? NO_TYPE;
    c.byType[type] = (c.byType[type] ?? 0) + n;
  }
  const list = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const c of list) {
    c.byType = Object.fromEntries(Object.entries(c.byType).sort(([a], [b]) => a.localeCompare(b)));
  }
  return list;
}

export async function readCatalogues(db: Database): Promise<CatalogueSummary[]> {
  const rows = await db.all<{ table_name: string; definition: string }>(
    `SELECT table_name, definition FROM ${db.dialect.table(CATALOGUES_TABLE)} ORDER BY table_name`,
  );
  return rows.map((r) => {
    let description: string | null = null;
    let columns = 0;
    try {
      const def = JSON.parse(r.definition) as { description?: string; columns?: unknown[] };
      description = def.description ?? null;
      columns = Array.isArray(def.columns) ? def.columns.length : 0;
    } catch {
      // A definition that does not parse still lists the table; the archive package owns its format.
    }
    return { table: r.table_name, description, columns, scs: `/scs/${r.table_name}` };
  });
}
