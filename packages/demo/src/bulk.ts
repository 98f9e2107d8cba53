// medium/large extras, streamed to disk so memory stays flat: the all-sky VLASS-like component catalogue (every sky
// cell north of Dec -40°, the VLASS footprint: ~3.4 million components above 5σ, like CIRADA's Epoch 1 table) and
// ~1 million visibility ObsCore rows at random positions.
import { Wcs } from '@obscura/fits';
import { measure } from './catalogs/measure.ts';
import { visibilityCsvRow, visibilityHeader, visibilityRow } from './catalogs/visibilities.ts';
import { vlassComponentHeader, vlassComponentRow } from './catalogs/vlass-components.ts';
import { gaussianCov, simpleFrame } from './images/gaussian.ts';
import type { Beam } from './images/headers.ts';
import { peakOf } from './images/render-radio.ts';
import type { Random } from './random.ts';
import { cell, cellComponents, cellsInRow } from './sky-cells.ts';
import { fluxAt } from './sky-model.ts';
import { jName, vlassSubtileAt } from './vlass-tiling.ts';
import { AtomicLineWriter } from './write-atomic.ts';

const VLASS_RMS = 120e-6;
const BEAM: Beam = { major: 2.8, minor: 2.3, pa: 0 };

export async function writeAllSkyCatalog(root: Random, path: string, log: (m: string) => void): Promise<number> {
  const w = await new AtomicLineWriter(path).open();
  let id = 0;
  try {
    await w.line(vlassComponentHeader());
    const beamCov = gaussianCov(BEAM.major, BEAM.minor, BEAM.pa, simpleFrame(1));
    for (let j = 50; j < 180; j++) {
      const rng = root.fork(`allsky:measure:${j}`);
      const wcsCache = new Map<string, Wcs>();
      const n = cellsInRow(j);
      for (let i = 0; i < n; i++) {
        const comps = cellComponents(root, cell(j, i));
        const islands = new Map<string, number>();
        for (const c of comps) {
          const flux = fluxAt(c, 3e9);
          const src =
            c.major > 0 ? gaussianCov(c.major, Math.max(c.minor, 1e-6), c.pa, simpleFrame(1)) : { xx: 0, xy: 0, yy: 0 };
          const peak = peakOf(flux, src, beamCov);
          // Cheap rejection before drawing the noise: far below the limit cannot be detected.
          if (peak < 2 * VLASS_RMS) continue;
          const rms = VLASS_RMS * (1 + 0.25 * rng.uniform() ** 2);
          const m = measure(rng, { ...c, flux, peak }, BEAM, rms, rng.normal(0, rms));
          if (m.peak < 5 * rms) continue;
          const sub = vlassSubtileAt(m.ra, m.dec);
          let wcs = wcsCache.get(sub.subtile);
          if (!wcs) {
            wcs = Wcs.fromParameters({
              ctype: ['RA---SIN', 'DEC--SIN'],
              crval: [sub.ra, sub.dec],
              crpix: [1861, 1861],
              cdelt: [-1 / 3600, 1 / 3600],
            });
            wcsCache.set(sub.subtile, wcs);
          }
          const [x, y] = wcs.worldToPixel(m.ra, m.dec);
          if (!islands.has(c.sourceId)) islands.set(c.sourceId, islands.size + 1);
          id++;
          await w.line(
            vlassComponentRow({
              componentId: id,
              islandId: islands.get(c.sourceId)!,
              m,
              x,
              y,
              multi: c.kind === 'lobe' || c.kind === 'core',
              tile: sub.tile,
              subtile: sub.subtile,
              imageRa: sub.ra,
              imageDec: sub.dec,
              sourceName: c.name ?? `VLASS1QLCIR ${jName(c.ra, c.dec, 2)}`,
              nnDist: -99,
              beam: BEAM,
            }),
          );
        }
      }
      if (j % 10 === 9) log(`  all-sky catalogue: Dec < ${j - 89}°, ${id} components`);
    }
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
  return id;
}

export async function writeBulkVisibilities(root: Random, path: string, rows: number): Promise<void> {
  const rng = root.fork('visibilities:bulk');
  const w = await new AtomicLineWriter(path).open();
  try {
    await w.line(visibilityHeader());
    for (let i = 0; i < rows; i++) {
      await w.line(visibilityCsvRow(visibilityRow(rng, rng.uniform() < 0.65 ? 'VLA' : 'ALMA', i, true)));
    }
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
