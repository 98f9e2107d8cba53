// The demo archive behind `npm start` / `obscura serve` with no configuration (DESIGN.md "Config": with no config,
// serve the demo archive from an embedded SQLite file under ./data/). On first start it generates the small demo
// into <dataDir>/demo and ingests it; later starts find the products in the database and do nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Database,
  formatReport,
  type IngestReport,
  ingestCatalogue,
  ingestImages,
  ingestObscoreRows,
} from '@obscura/archive';
import { DEFAULT_SEED, generateDemo } from '@obscura/demo';

export interface DemoBootstrapOptions {
  /** Where the demo files go (normally <dataDir>/demo). */
  demoDir: string;
  authority: string;
  /** Base URL written into access_url (DataLink). */
  baseUrl: string;
  log: (line: string) => void;
}

/** The collections and catalogues of the demo archive, as the generator lays them out. */
const IMAGE_COLLECTIONS = [
  { collection: 'VLASS', dir: 'images/vlass' },
  { collection: 'RACS', dir: 'images/racs' },
  { collection: 'optical', dir: 'images/optical' },
] as const;
const CATALOGUES = [
  { file: 'catalogs/vlass_components.csv', table: 'vlass.components' },
  { file: 'catalogs/racs_components.csv', table: 'racs.components' },
] as const;

async function productCount(db: Database): Promise<number> {
  const obscore = db.dialect.table({ schema: 'ivoa', name: 'obscore' });
  const rows = await db.all<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${obscore}`);
  return Number(rows[0]?.n ?? 0);
}

/** Generates (if needed) and ingests the small demo archive when the database holds no products yet. */
export async function ensureDemoArchive(db: Database, options: DemoBootstrapOptions): Promise<boolean> {
  if ((await productCount(db)) > 0) return false;
  const { demoDir, log } = options;
  const t0 = Date.now();
  if (!existsSync(join(demoDir, 'manifest.json'))) {
    log(`generating the demo archive into ${demoDir} (once; about 10 s)`);
    await generateDemo({ out: demoDir, size: 'small', seed: DEFAULT_SEED });
  }
  const reports: [string, IngestReport][] = [];
  for (const { collection, dir } of IMAGE_COLLECTIONS) {
    const report = await ingestImages(db, [join(demoDir, dir)], {
      collection,
      root: demoDir,
      authority: options.authority,
      baseUrl: options.baseUrl,
    });
    reports.push([`images (${collection})`, report]);
  }
  reports.push([
    'visibilities',
    await ingestObscoreRows(db, join(demoDir, 'obscore/visibilities.csv'), { baseUrl: options.baseUrl }),
  ]);
  for (const { file, table } of CATALOGUES) {
    reports.push([`catalog ${table}`, await ingestCatalogue(db, join(demoDir, file), { table })]);
  }
  for (const [what, report] of reports) log(formatReport(report, what));
  const skipped = reports.flatMap(([, r]) => r.skipped);
  if (skipped.length > 0) {
    throw new Error(
      `the demo archive did not ingest cleanly: ${skipped.map((s) => `${s.path}: ${s.reason}`).join('; ')}`,
    );
  }
  log(`demo archive ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}
