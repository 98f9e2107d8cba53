// `obscura hips build --collection NAME [--out DIR] [--db URL] [--order N]` (DESIGN.md contract): a HiPS of a
// collection's images. The images are the collection's `#this` files of image products in the archive
// (obscura.files joined with ivoa.obscore), found under the collection's root_path; the HiPS goes to
// `<dataDir>/hips/<collection>` by default, where `obscura serve` publishes it under /hips/<collection>/.
import { isAbsolute, join, resolve } from 'node:path';
import { COLLECTIONS_TABLE, type Database, FILES_TABLE, OBSCORE_TABLE, openDatabase } from '@obscura/archive';
import { buildHips, type HipsProgress } from '@obscura/hips';
import { canAccess, loadConfig } from '@obscura/server';
import { type Command, InvalidArgumentError } from 'commander';

/**
 * Absolute paths of a collection's public image files, from the archive. Proprietary images (obs_release_date in the
 * future, DESIGN.md "Proprietary data") are left out: a HiPS is served to everyone, so its pixels must be public too.
 */
export async function collectionImages(db: Database, dataDir: string, collection: string): Promise<string[]> {
  const d = db.dialect;
  const rows = await db.all<{
    path: string;
    root_path: string | null;
    obs_publisher_did: string;
    obs_release_date: string | null;
    proposal_id: string | null;
  }>(
    `SELECT f.path AS path, c.root_path AS root_path, o.obs_publisher_did AS obs_publisher_did, ` +
      'o.obs_release_date AS obs_release_date, o.proposal_id AS proposal_id ' +
      `FROM ${d.table(FILES_TABLE)} f ` +
      `JOIN ${d.table(OBSCORE_TABLE)} o ON o.obs_publisher_did = f.obs_publisher_did ` +
      `LEFT JOIN ${d.table(COLLECTIONS_TABLE)} c ON c.name = o.obs_collection ` +
      `WHERE o.obs_collection = ${d.param(1)} AND o.dataproduct_type = 'image' AND f.semantics = '#this' ` +
      'ORDER BY f.path',
    [collection],
  );
  return rows
    .filter((r) => canAccess(undefined, r).allowed)
    .map((r) => {
      const root = !r.root_path
        ? resolve(dataDir, collection)
        : isAbsolute(r.root_path)
          ? r.root_path
          : resolve(dataDir, r.root_path);
      return resolve(root, r.path);
    });
}

function parseOrder(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 3 || Number(v) > 15) throw new InvalidArgumentError('expected an order 3..15');
  return Number(v);
}

/** A one-line progress display on stderr (\r-rewritten), one line per phase. */
function progressLine(): (p: HipsProgress) => void {
  let phase = '';
  let started = performance.now();
  return (p) => {
    if (p.phase !== phase) {
      if (phase) process.stderr.write('\n');
      phase = p.phase;
      started = performance.now();
    }
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
    const rate = p.done / Math.max(1e-3, (performance.now() - started) / 1000);
    process.stderr.write(`\r  ${p.phase.padEnd(12)} [${bar}] ${p.done}/${p.total} ${rate.toFixed(1)}/s   `);
    if (p.done === p.total && p.phase === 'allsky') process.stderr.write('\n');
  };
}

export function registerHips(program: Command): void {
  const hips = program.command('hips').description('HiPS surveys of the collections');
  hips
    .command('build')
    .description("HiPS (FITS + PNG tiles, Allsky, properties, Moc.fits) from a collection's images")
    .requiredOption('--collection <name>', 'obs_collection whose images to use')
    .option('--out <dir>', 'HiPS directory (default <dataDir>/hips/<collection>)')
    .option('--db <url>', 'archive database: sqlite:PATH or postgres://... (default sqlite:./data/obscura.sqlite)')
    .option('--order <n>', 'deepest order (default: from the pixel scale)', parseOrder)
    .option('--workers <n>', 'worker threads (default: available parallelism)', (v) => Number(v))
    .action(async (o: { collection: string; out?: string; db?: string; order?: number; workers?: number }) => {
      const config = loadConfig({ overrides: { db: o.db } });
      const db = await openDatabase(config.db);
      let images: string[];
      try {
        images = await collectionImages(db, config.dataDir, o.collection);
      } finally {
        await db.close();
      }
      if (images.length === 0) throw new Error(`collection ${o.collection} has no image files in ${config.db}`);
      const out = o.out ? resolve(o.out) : join(config.dataDir, 'hips', o.collection);
      process.stderr.write(`obscura hips: ${images.length} images of ${o.collection} -> ${out}\n`);
      const r = await buildHips({
        images,
        out,
        ...(o.order ? { order: o.order } : {}),
        ...(o.workers ? { workers: o.workers } : {}),
        creatorDid: `ivo://${config.authority}/P/${o.collection}`,
        obsTitle: `${o.collection} (Obscura HiPS)`,
        obsCollection: o.collection,
        onProgress: progressLine(),
      });
      for (const d of r.diagnostics) process.stderr.write(`  ${d.severity}: ${d.code}: ${d.message}\n`);
      process.stdout.write(
        `hips ${o.collection}: order ${r.order}, ${r.tiles} tiles (${r.resampled} resampled at ` +
          `${r.tilesPerSecond.toFixed(1)} tiles/s, ${r.lowerTiles} lower-order, ${r.removed} removed) from ${r.images} images ` +
          `in ${r.seconds.toFixed(1)} s -> ${out}\n`,
      );
      if (r.diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
    });
}
