// `obscura ingest images PATH... --collection NAME`: FITS images → ivoa.obscore (+ ivoa.obscore_radio) rows and
// obscura.files entries. Each image is written in its own transaction (its ObsCore row, radio row and files appear
// together or not at all); a file that cannot be read is reported by name and the batch goes on. Re-ingesting
// updates the rows (upsert by obs_publisher_did), never duplicates them. Companion files (a VLASS `.rms` noise image)
// are attached to their image as `#auxiliary` files (DataLink 1.1 §3.2.6 semantics) instead of becoming products.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type FitsFile, type Hdu, openFits, readImage } from '@obscura/fits';
import type { Database, Row } from '../database.ts';
import { COLLECTIONS_TABLE, FILES_TABLE, OBSCORE_RADIO_TABLE, OBSCORE_TABLE } from '../schema/index.ts';
import type { TableDef } from '../schema/types.ts';
import {
  checkAuthority,
  checkCollection,
  companionTarget,
  DEFAULT_AUTHORITY,
  DEFAULT_BASE_URL,
  obsIdOf,
  publisherDid,
} from './identifiers.ts';
import { imageMetadata } from './image-metadata.ts';
import { finiteMedian } from './median.ts';
import { expandPaths, looksLikeFits } from './paths.ts';
import { emptyReport, errorMessage, type IngestReport } from './report.ts';

export interface ImageIngestOptions {
  /** obs_collection of every product. */
  collection: string;
  /** IVOA authority of obs_publisher_did (default obscura.demo). */
  authority?: string;
  /** Server root URL for access_url (default http://127.0.0.1:8080). */
  baseUrl?: string;
  /**
   * Data root: file paths are stored relative to it (obscura.files.path) and the collection records it
   * (obscura.collections.root_path), so the server can check a requested file against the archive. Default: the
   * collection's existing root, else the working directory.
   */
  root?: string;
  calibLevel?: number;
  releaseDate?: string;
  /** Called after each file with a one-line message. */
  onProgress?: (message: string) => void;
}

const FITS_TYPE = 'application/fits';

/** The HDU holding the image: the primary when it has ≥ 2 axes, else the first IMAGE extension. */
function imageHdu(file: FitsFile): Hdu {
  const hdu = file.hdus.find(
    (h) => (h.kind === 'primary' || h.kind === 'image') && (h.header.getNumber('NAXIS') ?? 0) >= 2,
  );
  if (!hdu) throw new Error('no image HDU with two or more axes');
  const bad = file.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length) throw new Error(bad.map((d) => d.message).join('; '));
  return hdu;
}

/** Median of a companion noise image (Jy/beam), the image's typical rms. */
async function companionMedian(path: string): Promise<number | undefined> {
  const f = await openFits(path);
  try {
    const img = await readImage(f, imageHdu(f));
    return finiteMedian(img.data as ArrayLike<number>);
  } finally {
    await f.close();
  }
}

function posixRelative(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

async function collectionRoot(db: Database, name: string, wanted: string | undefined): Promise<string> {
  const d = db.dialect;
  const rows = await db.all<{ root_path: string | null }>(
    `SELECT ${d.quote('root_path')} FROM ${d.table(COLLECTIONS_TABLE)} WHERE ${d.quote('name')} = ${d.param(1)}`,
    [name],
  );
  const existing = rows[0]?.root_path ?? undefined;
  if (wanted === undefined) return existing ?? process.cwd();
  const root = resolve(wanted);
  if (existing && existing !== root) {
    throw new Error(
      `collection ${name} keeps its files under ${existing}; ingest with that root (--root ${existing}) or another collection`,
    );
  }
  return root;
}

export async function ingestImages(db: Database, paths: string[], options: ImageIngestOptions): Promise<IngestReport> {
  const t0 = process.hrtime.bigint();
  const report = emptyReport();
  const collection = options.collection;
  checkCollection(collection);
  const authority = options.authority ?? DEFAULT_AUTHORITY;
  checkAuthority(authority);
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const log = options.onProgress ?? (() => {});
  const root = await collectionRoot(db, collection, options.root);

  // Explicit file arguments are tried whatever their name; files found in directories or by globs must look FITS.
  const explicit = new Set(paths.map((p) => resolve(p)));
  const { files, missing } = await expandPaths(paths);
  for (const m of missing) report.skipped.push({ path: m, reason: 'no such file or directory (or no glob match)' });
  const candidates = files.filter((f) => explicit.has(f) || looksLikeFits(f));

  const batch = new Set(candidates);
  const primaries: string[] = [];
  const companions = new Map<string, string>(); // primary path → companion path
  for (const f of candidates) {
    const c = companionTarget(basename(f));
    if (!c) primaries.push(f);
    else companions.set(join(dirname(f), c.primary), f);
  }

  await db.upsert(COLLECTIONS_TABLE, [{ name: collection, authority, root_path: root, updated_at: new Date() }]);

  const names = new Map<string, string>();
  for (const file of primaries) {
    const name = basename(file);
    const previous = names.get(name);
    if (previous) {
      report.skipped.push({ path: file, reason: `same file name as ${previous}: their identifiers would collide` });
      continue;
    }
    names.set(name, file);
    let attempted: string | undefined;
    try {
      const rel = posixRelative(root, file);
      if (!rel) throw new Error(`it is outside the data root ${root} (pass --root)`);
      let companion = companions.get(file);
      if (!companion) {
        // A companion next to the image on disk attaches even when the batch did not name it.
        const c = join(dirname(file), name.replace(/\.(fits|fit|fts)(\.gz)?$/i, '.rms.$1$2'));
        const vlass = join(dirname(file), name.replace(/\.subim\.fits$/, '.rms.subim.fits'));
        companion = [vlass, c].find((p) => p !== file && existsSync(p));
        if (companion && companionTarget(basename(companion))?.primary !== name) companion = undefined;
      }
      const inBatch = companions.get(file);
      companions.delete(file);
      if (inBatch) attempted = inBatch;
      const written = await ingestOne(db, file, rel, companion, root, {
        collection,
        authority,
        baseUrl,
        calibLevel: options.calibLevel,
        releaseDate: options.releaseDate,
      });
      report.products++;
      report.rows += 1 + (written.radio ? 1 : 0);
      report.auxiliary += written.auxiliary;
      for (const w of written.warnings) report.warnings.push({ path: file, reason: w });
      log(`${rel}${written.auxiliary ? ` (+${written.auxiliary} auxiliary)` : ''}`);
    } catch (e) {
      report.skipped.push({ path: file, reason: errorMessage(e) });
      if (attempted) report.skipped.push({ path: attempted, reason: `its image ${name} could not be ingested` });
      log(`skipped ${file}: ${errorMessage(e)}`);
    }
  }

  // Companions whose image was not in the batch: attach to the image's existing product if there is one.
  for (const [primary, companion] of companions) {
    try {
      const rel = posixRelative(root, companion);
      if (!rel) throw new Error(`it is outside the data root ${root}`);
      const did = publisherDid(authority, collection, obsIdOf(primary), basename(primary));
      const d = db.dialect;
      const exists = await db.all(
        `SELECT 1 AS x FROM ${d.table({ schema: 'ivoa', name: 'obscore' })} WHERE ${d.quote('obs_publisher_did')} = ${d.param(1)}`,
        [did],
      );
      if (exists.length === 0 || batch.has(primary)) {
        throw new Error(`it is the companion of ${basename(primary)}, which is not in the archive: ingest that image`);
      }
      const rms = await companionMedian(companion);
      const size = (await stat(companion)).size;
      await db.withTransaction(async (tx) => {
        await tx.upsert(FILES_TABLE, [auxiliaryRow(did, rel, size)]);
        if (rms !== undefined) {
          await tx.run(
            `UPDATE ${d.table({ schema: 'ivoa', name: 'obscore' })} SET ${d.quote('rms_noise')} = ${d.param(1)} WHERE ${d.quote('obs_publisher_did')} = ${d.param(2)}`,
            [rms, did],
          );
        }
      });
      report.auxiliary++;
    } catch (e) {
      report.skipped.push({ path: companion, reason: errorMessage(e) });
    }
  }
  report.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return report;
}

function auxiliaryRow(did: string, path: string, size: number): Row {
  return {
    obs_publisher_did: did,
    path,
    semantics: '#auxiliary',
    content_type: FITS_TYPE,
    size_bytes: size,
    description: 'rms noise image (Jy/beam per pixel)',
  };
}

interface Identity {
  collection: string;
  authority: string;
  baseUrl: string;
  calibLevel?: number;
  releaseDate?: string;
}

async function ingestOne(
  db: Database,
  file: string,
  rel: string,
  companion: string | undefined,
  root: string,
  id: Identity,
): Promise<{ radio: boolean; auxiliary: number; warnings: string[] }> {
  const size = (await stat(file)).size;
  const fits = await openFits(file);
  let meta: ReturnType<typeof imageMetadata>;
  try {
    const hdu = imageHdu(fits);
    meta = imageMetadata(hdu.header, { ...id, fileName: basename(file), sizeBytes: size });
    // Every column written (NULL where unknown), so a re-ingest replaces the whole row rather than merging into it.
    meta.obscore = completeRow(OBSCORE_TABLE, meta.obscore);
    if (meta.radio) meta.radio = completeRow(OBSCORE_RADIO_TABLE, meta.radio);
  } finally {
    await fits.close();
  }
  const did = meta.obscore.obs_publisher_did as string;
  const files: Row[] = [
    {
      obs_publisher_did: did,
      path: rel,
      semantics: '#this',
      content_type: FITS_TYPE,
      size_bytes: size,
      description: 'the image',
    },
  ];
  if (companion) {
    const crel = posixRelative(root, companion);
    if (!crel) meta.warnings.push(`companion ${companion} is outside the data root: not attached`);
    else {
      try {
        const rms = await companionMedian(companion);
        if (rms !== undefined) meta.obscore.rms_noise = rms;
        files.push(auxiliaryRow(did, crel, (await stat(companion)).size));
      } catch (e) {
        meta.warnings.push(`companion ${basename(companion)} could not be read (${errorMessage(e)}): not attached`);
      }
    }
  }
  await db.withTransaction(async (tx) => {
    const d = tx.dialect;
    await tx.upsert('ivoa.obscore', [meta.obscore]);
    if (meta.radio) await tx.upsert('ivoa.obscore_radio', [meta.radio]);
    await tx.run(`DELETE FROM ${d.table(FILES_TABLE)} WHERE ${d.quote('obs_publisher_did')} = ${d.param(1)}`, [did]);
    await tx.insert(FILES_TABLE, files);
  });
  return { radio: meta.radio !== null, auxiliary: files.length - 1, warnings: meta.warnings };
}

function completeRow(t: TableDef, row: Row): Row {
  const out: Row = {};
  for (const c of t.columns) out[c.name] = row[c.name] ?? null;
  return out;
}
