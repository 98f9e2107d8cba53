// `obscura ingest images|obscore|catalog …` (DESIGN.md "Contracts"): loads FITS images, extra ObsCore rows and
// catalogues into the archive database. Prints a report; exit code 1 when anything was skipped, so scripts notice.
import { resolve } from 'node:path';
import {
  type Database,
  DEFAULT_AUTHORITY,
  DEFAULT_BASE_URL,
  formatReport,
  type IngestReport,
  ingestCatalogue,
  ingestImages,
  ingestObscoreRows,
  openDatabase,
} from '@obscura/archive';
import { type Command, InvalidArgumentError } from 'commander';

async function withDatabase(url: string | undefined, fn: (db: Database) => Promise<IngestReport>, what: string) {
  const db = await openDatabase(url);
  try {
    const report = await fn(db);
    process.stdout.write(`${formatReport(report, what)}\n`);
    if (report.skipped.length) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

function parseCalibLevel(v: string): number {
  if (!/^[0-4]$/.test(v)) throw new InvalidArgumentError('expected 0, 1, 2, 3 or 4 (ObsCore calib_level)');
  return Number(v);
}

const DB_HELP = 'database URL: sqlite:PATH or postgres://… (default $OBSCURA_DB or sqlite:./data/obscura.sqlite)';

export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('load images, ObsCore rows or catalogues into the archive');

  ingest
    .command('images')
    .description('FITS images -> ivoa.obscore (+ ivoa.obscore_radio); PATH: files, directories (recursive) or globs')
    .argument('<path...>', 'FITS files, directories or globs (quote globs)')
    .requiredOption('--collection <name>', 'obs_collection of the products')
    .option('--db <url>', DB_HELP)
    .option('--root <dir>', 'data root the file paths are stored relative to (default: the collection root, else .)')
    .option('--authority <id>', 'IVOA authority of obs_publisher_did', DEFAULT_AUTHORITY)
    .option('--base-url <url>', 'server URL for access_url (DataLink)', DEFAULT_BASE_URL)
    .option('--calib-level <n>', 'ObsCore calib_level', parseCalibLevel, 2)
    .option('--release-date <iso>', 'obs_release_date for every product (default: from the headers)')
    .option('--quiet', 'no line per file')
    .action(
      async (
        paths: string[],
        o: {
          collection: string;
          db?: string;
          root?: string;
          authority: string;
          baseUrl: string;
          calibLevel: number;
          releaseDate?: string;
          quiet?: boolean;
        },
      ) => {
        await withDatabase(
          o.db,
          (db) =>
            ingestImages(db, paths, {
              collection: o.collection,
              root: o.root ? resolve(o.root) : undefined,
              authority: o.authority,
              baseUrl: o.baseUrl,
              calibLevel: o.calibLevel,
              releaseDate: o.releaseDate,
              onProgress: o.quiet ? undefined : (m) => process.stderr.write(`  ${m}\n`),
            }),
          `ingest images (${o.collection})`,
        );
      },
    );

  ingest
    .command('obscore')
    .description('extra ObsCore rows (e.g. visibilities) from CSV -> ivoa.obscore (+ radio extension columns)')
    .argument('<file>', 'CSV file with ObsCore column names in its header line')
    .option('--db <url>', DB_HELP)
    .option('--base-url <url>', 'server URL for the access_url (DataLink) of rows without one', DEFAULT_BASE_URL)
    .action(async (file: string, o: { db?: string; baseUrl: string }) => {
      await withDatabase(
        o.db,
        (db) => ingestObscoreRows(db, resolve(file), { baseUrl: o.baseUrl }),
        `ingest obscore ${file}`,
      );
    });

  ingest
    .command('catalog')
    .description('CSV or FITS-table catalogue -> a catalogue table with a HEALPix index (+ cone search)')
    .argument('<file>', 'CSV (with an optional <name>.columns.json description beside it) or FITS table')
    .requiredOption('--table <schema.name>', 'table to create or update')
    .option('--ra <col>', 'RA column (degrees, ICRS)')
    .option('--dec <col>', 'Dec column (degrees, ICRS)')
    .option('--key <col>', 'primary-key column (default: the meta.id;meta.main column, else the row number)')
    .option('--columns <file>', 'column-description JSON (default <name>.columns.json beside the file)')
    .option('--db <url>', DB_HELP)
    .action(
      async (
        file: string,
        o: { table: string; ra?: string; dec?: string; key?: string; columns?: string; db?: string },
      ) => {
        await withDatabase(
          o.db,
          (db) =>
            ingestCatalogue(db, resolve(file), {
              table: o.table,
              ra: o.ra,
              dec: o.dec,
              key: o.key,
              columnsFile: o.columns ? resolve(o.columns) : undefined,
            }),
          `ingest catalog ${o.table}`,
        );
      },
    );
}
