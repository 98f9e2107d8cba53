// Archives for the SCS tests and bench: the demo catalogues (generated once per generator version into a cache
// under the OS temp dir, then reused) ingested into SQLite or PostgreSQL, and a synthetic all-sky catalogue dense
// around RA=0/360 and both poles, for checking cones against a brute-force distance computation.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, ingestCatalogue, type Row } from '@obscura/archive';
import { type DemoSize, GENERATOR_VERSION, generateDemo, Random } from '@obscura/demo';

/** The demo archive files of a size, generated on first use (a medium one takes a few minutes). */
export async function cachedDemo(size: DemoSize, log: (m: string) => void = () => {}): Promise<string> {
  const root = join(tmpdir(), 'obscura-demo-cache');
  const dir = join(root, `${size}-v${GENERATOR_VERSION}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  mkdirSync(root, { recursive: true });
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  log(`generating the ${size} demo archive into ${dir} (once)`);
  await generateDemo({ out: work, size, onProgress: log });
  if (existsSync(join(dir, 'manifest.json'))) rmSync(work, { recursive: true, force: true });
  else renameSync(work, dir); // another process may have won the race: its copy is identical
  return dir;
}

/**
 * A medium demo the SCS bench has already ingested into SQLite (`scs-bench.sqlite` beside it), of any generator
 * version (the benches only read its all-sky catalogue), newest first; null when there is none.
 */
export function ingestedMediumDemo(): string | null {
  const root = join(tmpdir(), 'obscura-demo-cache');
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root)
    .filter((d) => /^medium-v\d+$/.test(d) && existsSync(join(root, d, 'scs-bench.sqlite')))
    .sort((a, b) => Number(b.slice(8)) - Number(a.slice(8)));
  return dirs.length ? join(root, dirs[0]) : null;
}

/** The demo's two component catalogues, as `obscura ingest catalog` loads them. */
export const DEMO_CATALOGUES = [
  { file: 'catalogs/vlass_components.csv', table: 'vlass.components' },
  { file: 'catalogs/racs_components.csv', table: 'racs.components' },
] as const;

export async function ingestDemoCatalogues(db: Database, demoDir: string): Promise<void> {
  for (const { file, table } of DEMO_CATALOGUES) {
    const report = await ingestCatalogue(db, join(demoDir, file), { table });
    if (report.skipped.length > 0) throw new Error(`${table}: ${report.skipped.map((s) => s.reason).join('; ')}`);
  }
}

export const SKY_TABLE = 'test.sky';

/** Positions spread over the sky plus clusters straddling RA=0/360 and around each pole. */
export function skyPositions(n: number, seed = 7): { id: string; ra: number; dec: number; mag: number | null }[] {
  const rnd = new Random(seed);
  const out: { id: string; ra: number; dec: number; mag: number | null }[] = [];
  const add = (ra: number, dec: number) =>
    out.push({
      id: `S${out.length}`,
      ra: ((ra % 360) + 360) % 360,
      dec,
      mag: out.length % 7 === 0 ? null : rnd.uniform() * 20,
    });
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) add(rnd.uniform() * 360, (Math.asin(2 * rnd.uniform() - 1) * 180) / Math.PI);
    else if (kind === 1)
      add(rnd.uniform() * 4 - 2, rnd.uniform() * 4 - 2); // around RA=0, Dec=0
    else if (kind === 2)
      add(rnd.uniform() * 360, 90 - rnd.uniform() * 3); // north pole cap
    else add(rnd.uniform() * 360, -90 + rnd.uniform() * 3); // south pole cap
  }
  // Exact corner cases: on the poles, on RA=0 and RA=360 (the same meridian).
  add(0, 90);
  add(123, -90);
  add(0, 0);
  out.push({ id: 'S_ra360', ra: 360, dec: 0.5, mag: 1 });
  return out;
}

export async function createSkyCatalogue(db: Database, n = 20_000): Promise<{ id: string; ra: number; dec: number }[]> {
  const rows = skyPositions(n);
  const def = await db.createCatalogue({
    table: SKY_TABLE,
    description: 'Synthetic positions for cone search tests (dense at RA=0/360 and at the poles)',
    primaryKey: 'id',
    ra: 'ra',
    dec: 'dec',
    columns: [
      { name: 'id', type: 'VARCHAR', ucd: 'meta.id;meta.main', description: 'Identifier' },
      { name: 'ra', type: 'DOUBLE', unit: 'deg', ucd: 'pos.eq.ra;meta.main', description: 'RA' },
      { name: 'dec', type: 'DOUBLE', unit: 'deg', ucd: 'pos.eq.dec;meta.main', description: 'Dec' },
      { name: 'mag', type: 'REAL', unit: 'mag', ucd: 'phot.mag', description: 'A magnitude' },
      { name: 'n', type: 'INTEGER', ucd: 'meta.number', description: 'An integer, null every 5th row' },
    ],
  });
  await db.insert(
    def,
    rows.map((r, i): Row => ({ ...r, n: i % 5 === 0 ? null : i })),
  );
  return rows;
}
