// A bounded sample of an input image's pixel values, for the display stretch (stretch.ts) before any tile exists:
// `rows` (24) evenly spaced rows of the first celestial plane, each read with one positioned read (readImageSection), so
// a 3722² VLASS image costs 24 × 15 KB instead of 55 MB. Choosing the stretch before resampling lets the workers
// write each PNG tile straight from the tile in memory.
import { openFits, readImageSection } from '@obscura/fits';
import type { ValueSample } from './cuts.ts';
import type { SourceImage } from './source-image.ts';

export async function sampleImagePixels(image: SourceImage, sample: ValueSample, rows = 24): Promise<void> {
  const file = await openFits(image.path);
  try {
    const hdu = file.hdus[image.hdu];
    const [nx, ny] = [image.axes[0], image.axes[1]];
    const n = Math.min(rows, ny);
    for (let k = 0; k < n; k++) {
      const y = Math.floor(((k + 0.5) * ny) / n);
      const start = image.axes.map((_, a) => (a === 1 ? y : 0));
      const end = image.axes.map((_, a) => (a === 0 ? nx : a === 1 ? y + 1 : 1));
      const { data } = await readImageSection(file, hdu, { start, end });
      for (let i = 0; i < data.length; i++) sample.add(Number(data[i]));
    }
  } finally {
    await file.close();
  }
}
