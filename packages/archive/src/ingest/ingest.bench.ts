// Ingest throughput into both backends (issue 3): FITS images/s through ingestImages (VLASS-QL-like headers, with
// an .rms companion each, 512² float32) and catalogue rows/s through ingestCatalogue (a 200k-row CSV, first load and
// re-load = upsert of every row). Target: >= 200k catalogue rows/s into SQLite; DaCHS imports 4.8k rows/s here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Header, writeFits } from '@obscura/fits';
import { type BenchResult, postgresAvailable, startPostgres } from '@obscura/testkit';
import { type Database, openDatabase } from '../database.ts';
import { ingestCatalogue } from './catalog.ts';
import { ingestImages } from './images.ts';

const ROWS = 200_000;
const IMAGES = 40;
const SIDE = 512;

function catalogueCsv(path: string): void {
  const lines = ['id,ra,dec,flux,name'];
  let s = 1;
  for (let i = 1; i <= ROWS; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const ra = (s / 2 ** 32) * 360;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const dec = (Math.asin((2 * s) / 2 ** 32 - 1) * 180) / Math.PI;
    lines.push(`${i},${ra.toFixed(7)},${dec.toFixed(7)},${((i % 977) * 0.137).toFixed(4)},J${i}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function images(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const data = new Float32Array(SIDE * SIDE).fill(1.2e-4);
  for (let k = 0; k < IMAGES; k++) {
    const h = new Header();
    const cards: [string, string | number][] = [
      ['NAXIS1', SIDE],
      ['NAXIS2', SIDE],
      ['NAXIS3', 1],
      ['NAXIS4', 1],
      ['BMAJ', 7.2e-4],
      ['BMIN', 6.4e-4],
      ['BPA', -11],
      ['BUNIT', 'Jy/beam'],
      ['RADESYS', 'FK5'],
      ['EQUINOX', 2000],
      ['CTYPE1', 'RA---SIN'],
      ['CRVAL1', (k * 7.3) % 360],
      ['CDELT1', -1 / 3600],
      ['CRPIX1', SIDE / 2 + 1],
      ['CUNIT1', 'deg'],
      ['CTYPE2', 'DEC--SIN'],
      ['CRVAL2', -30 + k],
      ['CDELT2', 1 / 3600],
      ['CRPIX2', SIDE / 2 + 1],
      ['CUNIT2', 'deg'],
      ['CTYPE3', 'FREQ'],
      ['CRVAL3', 3e9],
      ['CDELT3', 2.071861757344e9],
      ['CRPIX3', 1],
      ['CUNIT3', 'Hz'],
      ['CTYPE4', 'STOKES'],
      ['CRVAL4', 1],
      ['CDELT4', 1],
      ['CRPIX4', 1],
      ['TELESCOP', 'EVLA'],
      ['DATE-OBS', '2018-01-12T05:52:07.725001'],
    ];
    for (const [key, value] of cards) h.set(key, value);
    const name = `VLASS1.1.ql.T10t${String(k).padStart(2, '0')}.J075402-033000.10.2048.v1.I.iter1.image.pbcor.tt0`;
    const axes = [SIDE, SIDE, 1, 1];
    await writeFits(join(dir, `${name}.subim.fits`), [{ header: h, data, axes }]);
    await writeFits(join(dir, `${name}.rms.subim.fits`), [{ header: h, data, axes }]);
  }
}

async function measure(db: Database, label: string, csv: string, imageDir: string): Promise<BenchResult[]> {
  const first = await ingestCatalogue(db, csv, { table: 'bench.ingest', key: 'id' });
  const again = await ingestCatalogue(db, csv, { table: 'bench.ingest', key: 'id' });
  if (first.skipped.length || again.skipped.length) throw new Error(JSON.stringify(first.skipped));
  const img = await ingestImages(db, [imageDir], { collection: 'bench', root: imageDir });
  if (img.products !== IMAGES) throw new Error(JSON.stringify(img.skipped));
  const rows = (r: { rows: number; seconds: number }) => r.rows / r.seconds / 1000;
  return [
    {
      group: 'archive',
      name: `${label}: ingest catalog CSV, ${ROWS} rows, new table`,
      value: rows(first),
      unit: 'k rows/s',
      ratio: rows(first) / 4.8,
      ratioOf: 'DaCHS import here (4.8k rows/s)',
      note: label === 'SQLite' ? 'target >= 200k rows/s' : undefined,
    },
    {
      group: 'archive',
      name: `${label}: re-ingest catalog CSV (upsert every row)`,
      value: rows(again),
      unit: 'k rows/s',
    },
    {
      group: 'archive',
      name: `${label}: ingest images (${SIDE}² FITS + .rms companion median)`,
      value: img.products / img.seconds,
      unit: 'images/s',
    },
  ];
}

export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'obscura-ingest-bench-'));
  const out: BenchResult[] = [];
  try {
    const csv = join(dir, 'cat.csv');
    catalogueCsv(csv);
    const imageDir = join(dir, 'images');
    await images(imageDir);
    const db = await openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
    try {
      out.push(...(await measure(db, 'SQLite', csv, imageDir)));
    } finally {
      await db.close();
    }
    if (postgresAvailable()) {
      const cluster = await startPostgres();
      try {
        const pg = await openDatabase(cluster.url);
        try {
          out.push(...(await measure(pg, 'PostgreSQL', csv, imageDir)));
        } finally {
          await pg.close();
        }
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
