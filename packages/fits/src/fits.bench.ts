// `npm run bench -- fits`: image sections by byte range vs whole data-unit reads, and header parsing speed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResult, bestSeconds, corpusPath, opsPerSecond, withTempDir } from '@obscura/testkit';
import { openFits } from './file.ts';
import { Header, parseHeader, parseHeaderText } from './header.ts';
import { readImage, readImageSection } from './image.ts';
import { FitsImageWriter } from './write.ts';

const N = 4096;
const S = 256;

export default async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  await withTempDir(async (dir) => {
    const path = join(dir, 'big.fits');
    const w = await FitsImageWriter.create(path, { axes: [N, N], type: 'float32' });
    const row = new Float32Array(N);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) row[x] = x + y;
      await w.writeRows(row);
    }
    await w.close();
    const fits = await openFits(path);
    const hdu = fits.hdus[0];
    const start = [N / 2 - S / 2, N / 2 - S / 2];
    const section = { start, end: [start[0] + S, start[1] + S] };
    const tSection = await bestSeconds(async () => {
      await readImageSection(fits, hdu, section);
    }, 5);
    const tWhole = await bestSeconds(async () => {
      await readImage(fits, hdu);
    }, 3);
    await fits.close();
    const useful = (S * S * 4) / 1e6;
    results.push({
      group: 'fits',
      name: `${S}x${S} section of a ${N}x${N} float32 image (byte ranges)`,
      value: useful / tSection,
      unit: 'MB/s useful',
      ratio: tWhole / tSection,
      ratioOf: 'faster than reading the whole data unit',
      note: `${(tSection * 1e3).toFixed(2)} ms per section, ${S} positioned reads`,
    });
    results.push({
      group: 'fits',
      name: `same section by reading the whole ${N}x${N} data unit`,
      value: useful / tWhole,
      unit: 'MB/s useful',
      note: `${(tWhole * 1e3).toFixed(0)} ms per whole read (${((N * N * 4) / 1e6 / tWhole).toFixed(0)} MB/s raw)`,
    });
  });
  const text = readFileSync(
    corpusPath(
      'vlass',
      'vlass2caom2',
      'VLASS2.1.cc.T10t02.J005000-023000.06.2048.v1.spw2.IQU.iter3.image.pbcor.tt0.subim.com.fits.header',
    ),
    'latin1',
  );
  const bytes = new Header(parseHeaderText(text).header.cards).toBytes();
  const cards = bytes.length / 80;
  results.push({
    group: 'fits',
    name: `header parse (VLASS coarse-cube header, ${parseHeader(bytes).header.cards.length} cards)`,
    value: opsPerSecond(() => parseHeader(bytes), 50, cards) / 1e6,
    unit: 'M cards/s',
  });
  return results;
}
