// The sky is cut into fixed cells (1° of Dec, ~1° of RA) and each cell draws its random sources from its own stream
// `cell:<j>:<i>`, so any product sees the same sky whatever else is generated, and the all-sky catalogue (medium)
// agrees with the images of the small demo.
import type { Random } from './random.ts';
import { drawSourcesInBox, type SkyBox, type SkyComponent } from './sky-model.ts';

const DEG = Math.PI / 180;

export interface SkyCell {
  /** Dec index: the cell spans Dec [j - 90, j - 89). */
  j: number;
  /** RA index within the Dec row. */
  i: number;
  box: SkyBox;
}

/** Number of RA cells in Dec row j (cells about 1° wide on the sky). */
export function cellsInRow(j: number): number {
  const decLow = j - 90;
  const edge = Math.min(Math.abs(decLow), Math.abs(decLow + 1));
  const nearPole = Math.max(edge, Math.abs(decLow) < 1 ? 0 : edge);
  return Math.max(1, Math.floor(360 * Math.cos(nearPole * DEG)));
}

export function cell(j: number, i: number): SkyCell {
  const n = cellsInRow(j);
  const w = 360 / n;
  return { j, i, box: { raMin: i * w, raMax: (i + 1) * w, decMin: j - 90, decMax: j - 89 } };
}

/** Cells that overlap the RA/Dec box (RA may wrap through 0). */
export function cellsOverlapping(b: SkyBox): SkyCell[] {
  const out: SkyCell[] = [];
  const j0 = Math.max(0, Math.floor(b.decMin + 90));
  const j1 = Math.min(179, Math.floor(b.decMax + 90));
  for (let j = j0; j <= j1; j++) {
    const n = cellsInRow(j);
    const w = 360 / n;
    if (b.raMax - b.raMin >= 360) {
      for (let i = 0; i < n; i++) out.push(cell(j, i));
      continue;
    }
    const seen = new Set<number>();
    for (let k = Math.floor(b.raMin / w); k <= Math.floor(b.raMax / w); k++) {
      const i = ((k % n) + n) % n;
      if (!seen.has(i)) {
        seen.add(i);
        out.push(cell(j, i));
      }
    }
  }
  return out;
}

/** The random components of one cell. */
export function cellComponents(root: Random, c: SkyCell): SkyComponent[] {
  const prefix = `S${String(c.j).padStart(3, '0')}${String(c.i).padStart(3, '0')}_`;
  return drawSourcesInBox(root.fork(`cell:${c.j}:${c.i}`), c.box, prefix);
}
