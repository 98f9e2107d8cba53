// Products and their files by identifier (DESIGN.md "Identifiers": obs_publisher_did is the DataLink and SODA ID).
// The client's ID is only ever a key into ivoa.obscore; file paths come from obscura.files and are checked on disk by
// locateOnDisk (no path derived from a client string). Shared by /datalink and /soda.
import { COLLECTIONS_TABLE, type Database, FILES_TABLE, OBSCORE_TABLE } from '@obscura/archive';
import type { ProductAccess } from '../access.ts';
import type { ArchiveFileRecord } from '../archive-files.ts';

/** The ObsCore metadata DataLink and SODA need about a product. */
export interface Product extends ProductAccess {
  collection: string;
  obsId: string;
  dataproductType: string | null;
  /** Spectral coverage, wavelength in metres (ObsCore 1.1 em_min/em_max). */
  emMin: number | null;
  emMax: number | null;
  /** Time coverage, MJD (t_min/t_max). */
  tMin: number | null;
  tMax: number | null;
  /** ObsCore pol_states, e.g. "/I/" or "/I/Q/U/V/". */
  polStates: string | null;
  sRa: number | null;
  sDec: number | null;
  sFov: number | null;
  sRegion: string | null;
  rootPath: string | null;
}

/** A file of a product (obscura.files), with its collection root, ready for locateOnDisk. */
export type ProductFile = ArchiveFileRecord & { description: string | null };

/** At most this many IDs go into one SQL IN list. */
const SQL_BATCH = 400;

function placeholders(db: Database, n: number): string {
  return Array.from({ length: n }, (_, i) => db.dialect.param(i + 1)).join(', ');
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** The products with these IDs (unknown IDs are simply absent from the map). */
export async function findProducts(db: Database, ids: readonly string[]): Promise<Map<string, Product>> {
  const out = new Map<string, Product>();
  const unique = [...new Set(ids)];
  const o = db.dialect.table(OBSCORE_TABLE);
  const c = db.dialect.table(COLLECTIONS_TABLE);
  for (let i = 0; i < unique.length; i += SQL_BATCH) {
    const batch = unique.slice(i, i + SQL_BATCH);
    const rows = await db.all<Record<string, unknown>>(
      'SELECT o.obs_publisher_did, o.obs_collection, o.obs_id, o.dataproduct_type, o.obs_release_date, ' +
        'o.proposal_id, o.em_min, o.em_max, o.t_min, o.t_max, o.pol_states, o.s_ra, o.s_dec, o.s_fov, o.s_region, ' +
        `c.root_path FROM ${o} o LEFT JOIN ${c} c ON c.name = o.obs_collection ` +
        `WHERE o.obs_publisher_did IN (${placeholders(db, batch.length)})`,
      batch,
    );
    for (const r of rows) {
      const did = String(r.obs_publisher_did);
      out.set(did, {
        obs_publisher_did: did,
        obs_release_date: r.obs_release_date === null ? null : releaseText(r.obs_release_date),
        proposal_id: str(r.proposal_id),
        collection: String(r.obs_collection),
        obsId: String(r.obs_id),
        dataproductType: str(r.dataproduct_type),
        emMin: num(r.em_min),
        emMax: num(r.em_max),
        tMin: num(r.t_min),
        tMax: num(r.t_max),
        polStates: str(r.pol_states),
        sRa: num(r.s_ra),
        sDec: num(r.s_dec),
        sFov: num(r.s_fov),
        sRegion: str(r.s_region),
        rootPath: str(r.root_path),
      });
    }
  }
  return out;
}

/** Release dates come back as text (SQLite) or Date (PostgreSQL). */
function releaseText(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/** The files of these products, by product ID, in a stable order (#this first, then by path). */
export async function findProductFiles(
  db: Database,
  products: readonly Product[],
): Promise<Map<string, ProductFile[]>> {
  const out = new Map<string, ProductFile[]>();
  const byDid = new Map(products.map((p) => [p.obs_publisher_did, p]));
  const ids = [...byDid.keys()];
  const f = db.dialect.table(FILES_TABLE);
  for (let i = 0; i < ids.length; i += SQL_BATCH) {
    const batch = ids.slice(i, i + SQL_BATCH);
    const rows = await db.all<Record<string, unknown>>(
      `SELECT obs_publisher_did, path, semantics, content_type, description FROM ${f} ` +
        `WHERE obs_publisher_did IN (${placeholders(db, batch.length)}) ORDER BY obs_publisher_did, path`,
      batch,
    );
    for (const r of rows) {
      const did = String(r.obs_publisher_did);
      const p = byDid.get(did);
      if (!p) continue;
      const file: ProductFile = {
        collection: p.collection,
        path: String(r.path),
        rootPath: p.rootPath,
        contentType: str(r.content_type),
        semantics: str(r.semantics),
        description: str(r.description),
        obs_publisher_did: did,
        obs_release_date: p.obs_release_date,
        proposal_id: p.proposal_id,
      };
      const list = out.get(did);
      if (list) list.push(file);
      else out.set(did, [file]);
    }
  }
  for (const list of out.values()) {
    list.sort(
      (a, b) => Number(b.semantics === '#this') - Number(a.semantics === '#this') || (a.path < b.path ? -1 : 1),
    );
  }
  return out;
}

/** The product's main file (semantics #this), if it has one. */
export function mainFile(files: readonly ProductFile[] | undefined): ProductFile | undefined {
  return files?.find((f) => f.semantics === '#this');
}

/** The products of the same observation (collection + obs_id), for #package. */
export async function observationProducts(db: Database, product: Product): Promise<Product[]> {
  const o = db.dialect.table(OBSCORE_TABLE);
  const rows = await db.all<{ obs_publisher_did: string }>(
    `SELECT obs_publisher_did FROM ${o} WHERE obs_collection = ${db.dialect.param(1)} AND obs_id = ${db.dialect.param(2)} ` +
      'ORDER BY obs_publisher_did',
    [product.collection, product.obsId],
  );
  const found = await findProducts(
    db,
    rows.map((r) => String(r.obs_publisher_did)),
  );
  return [...found.values()];
}

// The user a request acts for (set by the bearer-token hook, auth/bearer.ts); re-exported for /datalink and /soda.
export { requestUser } from '../auth/request-user.ts';
