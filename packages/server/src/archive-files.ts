// Finding a file the archive knows about from a `/files/<collection>/<path>` URL. The client's string is only ever a
// key into obscura.files (joined with ivoa.obscore for the product and obscura.collections for the root directory);
// the path on disk comes from the database row, and is checked again after resolving symlinks to lie inside the
// collection's root. Never a path derived from the client string alone (DESIGN.md "Identifiers").
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { COLLECTIONS_TABLE, type Database, FILES_TABLE, OBSCORE_TABLE } from '@obscura/archive';
import type { ProductAccess } from './access.ts';
import { HttpError } from './errors.ts';

/** A file row with its product, before any disk access. */
export interface ArchiveFileRecord extends ProductAccess {
  collection: string;
  /** Path relative to the collection root, as stored in obscura.files. */
  path: string;
  /** The collection's root_path (absolute, or relative to the data dir); null: `<dataDir>/<collection>`. */
  rootPath: string | null;
  contentType: string | null;
  semantics: string | null;
}

/** A file that is on disk where the archive says, inside its collection root. */
export interface ResolvedArchiveFile extends ArchiveFileRecord {
  /** Real absolute path (symlinks resolved). */
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

/**
 * Splits the part of a URL after `/files/` (already percent-decoded) into collection and relative path, or null when it
 * cannot name an archive file: empty, absolute, NUL, backslashes, or `.`/`..`/empty segments (so `%2e%2e` never
 * reaches the database either).
 */
export function splitFileUrlPath(decoded: string): { collection: string; path: string } | null {
  if (decoded === '' || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.length < 2) return null;
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return { collection: segments[0], path: segments.slice(1).join('/') };
}

/** The collection root directory: root_path (absolute, or relative to the data dir), else `<dataDir>/<collection>`. */
export function collectionRoot(dataDir: string, collection: string, rootPath: string | null): string {
  if (rootPath === null || rootPath === '') return resolve(dataDir, collection);
  return isAbsolute(rootPath) ? resolve(rootPath) : resolve(dataDir, rootPath);
}

/** The SQL that finds a file row by collection and relative path (one row or none). */
export function fileLookupSql(db: Database): string {
  const d = db.dialect;
  const f = d.table(FILES_TABLE);
  const o = d.table(OBSCORE_TABLE);
  const c = d.table(COLLECTIONS_TABLE);
  return (
    'SELECT o.obs_collection AS collection, f.path AS path, c.root_path AS root_path, ' +
    'f.content_type AS content_type, f.semantics AS semantics, o.obs_publisher_did AS obs_publisher_did, ' +
    'o.obs_release_date AS obs_release_date, o.proposal_id AS proposal_id ' +
    `FROM ${f} f JOIN ${o} o ON o.obs_publisher_did = f.obs_publisher_did ` +
    `LEFT JOIN ${c} c ON c.name = o.obs_collection ` +
    `WHERE o.obs_collection = ${d.param(1)} AND f.path = ${d.param(2)} ` +
    'ORDER BY o.obs_publisher_did LIMIT 1'
  );
}

interface FileRow {
  collection: string;
  path: string;
  root_path: string | null;
  content_type: string | null;
  semantics: string | null;
  obs_publisher_did: string;
  obs_release_date: string | null;
  proposal_id: string | null;
}

/** The archive's record of `/files/<collection>/<path>`, or null when the archive has no such file. */
export async function findArchiveFile(
  db: Database,
  collection: string,
  path: string,
): Promise<ArchiveFileRecord | null> {
  const rows = await db.all<FileRow>(fileLookupSql(db), [collection, path]);
  const r = rows[0];
  if (!r) return null;
  return {
    collection: r.collection,
    path: r.path,
    rootPath: r.root_path,
    contentType: r.content_type,
    semantics: r.semantics,
    obs_publisher_did: r.obs_publisher_did,
    obs_release_date: r.obs_release_date,
    proposal_id: r.proposal_id,
  };
}

/** How long a collection root's resolved path is reused (roots rarely move; files are resolved every request). */
const ROOT_CACHE_MS = 30_000;
const realRoots = new Map<string, { path: string; at: number }>();

async function realRootOf(root: string): Promise<string> {
  const hit = realRoots.get(root);
  if (hit && Date.now() - hit.at < ROOT_CACHE_MS) return hit.path;
  const path = await realpath(root);
  if (realRoots.size > 1000) realRoots.clear();
  realRoots.set(root, { path, at: Date.now() });
  return path;
}

function inside(root: string, p: string): boolean {
  return p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Locates a file record on disk: resolves it against its collection root, follows symlinks, and refuses anything
 * that ends up outside that root (403) or is not a regular file (404/503).
 */
export async function locateOnDisk(dataDir: string, record: ArchiveFileRecord): Promise<ResolvedArchiveFile> {
  const root = collectionRoot(dataDir, record.collection, record.rootPath);
  const lexical = resolve(root, record.path);
  const where = `/files/${record.collection}/${record.path}`;
  if (isAbsolute(record.path) || !inside(root, lexical)) {
    throw new HttpError('FILE_OUTSIDE_ARCHIVE', `${where} is registered outside its collection's directory`);
  }
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realRootOf(root);
    real = await realpath(lexical);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new HttpError('FILE_UNAVAILABLE', `${where} is in the archive but missing on disk; try again later`);
    }
    throw e;
  }
  if (!inside(realRoot, real)) {
    throw new HttpError('FILE_OUTSIDE_ARCHIVE', `${where} resolves outside its collection's directory`);
  }
  const s = await stat(real);
  if (!s.isFile()) throw new HttpError('FILE_NOT_FOUND', `${where} is not a file`);
  return { ...record, absolutePath: real, size: s.size, mtimeMs: s.mtimeMs };
}
