// Bulk pixel → sky and sky → pixel throughput for SIN and TAN (a VLASS-like 4000×4000 image), in M points/s.
import { type BenchResult, opsPerSecond } from '@obscura/testkit';
import { Wcs } from './wcs.ts';

export default async function bench(): Promise<BenchResult[]> {
  const n = 100_000;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = (i * 37) % 4000;
    ys[i] = (i * 101) % 4000;
  }
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const results: BenchResult[] = [];
  for (const code of ['SIN', 'TAN']) {
    const wcs = Wcs.fromParameters({
      ctype: [`RA---${code}`, `DEC--${code}`],
      crpix: [2000.5, 2000.5],
      crval: [166.2, 76.5],
      cdelt: [-1 / 3600, 1 / 3600],
    });
    const p2w = opsPerSecond(() => wcs.pixelsToWorld(xs, ys, lon, lat), 20, n) / 1e6;
    const w2p = opsPerSecond(() => wcs.worldsToPixels(lon, lat, px, py), 20, n) / 1e6;
    results.push({ group: 'fits', name: `WCS ${code} pixel->sky (bulk, 100k points)`, value: p2w, unit: 'M points/s' });
    results.push({ group: 'fits', name: `WCS ${code} sky->pixel (bulk, 100k points)`, value: w2p, unit: 'M points/s' });
  }
  return results;
}
