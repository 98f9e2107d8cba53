// `npm run bench -- hips` (run by hand, not in CI): order-9 tiles/s of buildHips on 2 worker threads from
// VLASS-like full-size images (3722² float32, SIN, 1"/px, 4 axes like the Quick Look products; HIPS_BENCH_IMAGES,
// default 20, laid out on a grid 0.9° apart so neighbours overlap like adjacent QL tiles), and the same images through
// Aladin's Hipsgen (Debian package `aladin`: `aladin -hipsgen in=… out=… order=9 INDEX TILES`, then its `PNG`
// action for the same outputs as ours), side by side.
// The bench installs `aladin` with apt-get only when it is missing and the bench runs as root.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FitsImageWriter, Header } from '@obscura/fits';
import { type BenchResult, withTempDir } from '@obscura/testkit';
import { buildHips } from './build.ts';

const N = 3722;

async function writeVlassLike(path: string, ra: number, dec: number, seed: number): Promise<void> {
  const h = new Header();
  const cards: [string, string | number][] = [
    ['CTYPE1', 'RA---SIN'],
    ['CTYPE2', 'DEC--SIN'],
    ['CTYPE3', 'FREQ'],
    ['CTYPE4', 'STOKES'],
    ['CRPIX1', N / 2],
    ['CRPIX2', N / 2],
    ['CRPIX3', 1],
    ['CRPIX4', 1],
    ['CRVAL1', ra],
    ['CRVAL2', dec],
    ['CRVAL3', 3e9],
    ['CRVAL4', 1],
    ['CDELT1', -1 / 3600],
    ['CDELT2', 1 / 3600],
    ['CDELT3', 2.07e9],
    ['CDELT4', 1],
    ['CUNIT1', 'deg'],
    ['CUNIT2', 'deg'],
    ['RADESYS', 'ICRS'],
    ['BUNIT', 'Jy/beam'],
  ];
  for (const [k, v] of cards) h.set(k, v);
  const w = await FitsImageWriter.create(path, { header: h, axes: [N, N, 1, 1], type: 'float32' });
  const row = new Float32Array(N);
  let s = seed * 2654435761;
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      row[x] = ((s >>> 8) / 16777216 - 0.5) * 2.4e-4;
    }
    await w.writeRows(row);
  }
  await w.close();
}

function hipsgenAvailable(): boolean {
  if (spawnSync('sh', ['-c', 'command -v aladin'], { encoding: 'utf8' }).status === 0) return true;
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync(
    'sh',
    ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends aladin'],
    {
      stdio: 'ignore',
    },
  );
  return r.status === 0;
}

function countTiles(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) if (/Npix\d+\.fits$/.test(f)) n++;
  return n;
}

export default async function bench(): Promise<BenchResult[]> {
  const count = Number(process.env.HIPS_BENCH_IMAGES ?? 20);
  const results: BenchResult[] = [];
  await withTempDir(async (dir) => {
    const inDir = join(dir, 'images');
    const images: string[] = [];
    const { mkdir } = await import('node:fs/promises');
    await mkdir(inDir);
    const cols = 5;
    for (let k = 0; k < count; k++) {
      const dec = 40 + 0.9 * Math.floor(k / cols);
      const ra = 150 + (0.9 * (k % cols)) / Math.cos((dec * Math.PI) / 180);
      const p = join(inDir, `vlass-like-${k}.fits`);
      await writeVlassLike(p, ra, dec, k + 1);
      images.push(p);
    }
    const r = await buildHips({
      images,
      out: join(dir, 'obscura'),
      creatorDid: 'ivo://bench/P/x',
      obsTitle: 'bench',
      workers: 2,
    });
    results.push({
      group: 'hips',
      name: `order-${r.order} tiles from ${count} VLASS-like ${N}² images, 2 worker threads (resample + FITS tiles)`,
      value: r.tilesPerSecond,
      unit: 'tiles/s',
    });
    results.push({
      group: 'hips',
      name: `whole build (${r.resampled} + ${r.lowerTiles} lower-order tiles, PNG, Allsky, MOC)`,
      value: r.resampled / r.seconds,
      unit: 'order-9 tiles/s end to end',
    });
    if (!hipsgenAvailable()) {
      process.stderr.write('hips bench: Hipsgen (Debian aladin) not available; skipped the comparison\n');
      return;
    }
    const out = join(dir, 'hipsgen');
    const t0 = performance.now();
    const g = spawnSync(
      'aladin',
      ['-hipsgen', `in=${inDir}`, `out=${out}`, 'order=9', 'creator_did=ivo://bench/P/hipsgen', 'INDEX', 'TILES'],
      { encoding: 'utf8', env: { ...process.env, JAVA_TOOL_OPTIONS: '-XX:ActiveProcessorCount=2' } },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (g.status !== 0) {
      process.stderr.write(`hips bench: Hipsgen failed: ${g.stderr.slice(-500)}\n`);
      return;
    }
    const tiles =
      readdirSync(join(out, 'Norder9'), { recursive: true }).length > 0 ? countTiles(join(out, 'Norder9')) : 0;
    const hipsgenRate = tiles / seconds;
    results.push({
      group: 'hips',
      name: `Hipsgen (aladin -hipsgen INDEX TILES, 2 cores): order-9 tiles, whole run`,
      value: hipsgenRate,
      unit: 'tiles/s',
    });
    results.push({
      group: 'hips',
      name: 'obscura end-to-end (FITS + PNG, all orders) vs Hipsgen INDEX TILES (FITS only)',
      value: r.resampled / r.seconds,
      unit: 'tiles/s',
      ratio: r.resampled / r.seconds / hipsgenRate,
      ratioOf: 'Hipsgen',
    });
    // Like for like: Hipsgen's PNG action on the same HiPS (PNG tiles of every order from its FITS tiles, with its
    // default cuts), added to the INDEX TILES time — the outputs our build also writes.
    const t1 = performance.now();
    const png = spawnSync('aladin', ['-hipsgen', `in=${inDir}`, `out=${out}`, 'PNG'], {
      encoding: 'utf8',
      env: { ...process.env, JAVA_TOOL_OPTIONS: '-XX:ActiveProcessorCount=2' },
    });
    const pngSeconds = (performance.now() - t1) / 1000;
    if (png.status !== 0) {
      process.stderr.write(`hips bench: Hipsgen PNG failed: ${png.stderr.slice(-500)}\n`);
      return;
    }
    const likeRate = tiles / (seconds + pngSeconds);
    results.push({
      group: 'hips',
      name: 'Hipsgen INDEX TILES + PNG (same outputs as ours), 2 cores: order-9 tiles, whole run',
      value: likeRate,
      unit: 'tiles/s',
    });
    results.push({
      group: 'hips',
      name: 'obscura end-to-end vs Hipsgen INDEX TILES + PNG',
      value: r.resampled / r.seconds,
      unit: 'tiles/s',
      ratio: r.resampled / r.seconds / likeRate,
      ratioOf: 'Hipsgen',
    });
  });
  return results;
}
