// `npm run bench`: time to generate the small demo archive, and how much it writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from '@obscura/testkit';
import { generateDemo } from './generate.ts';

export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'obscura-demo-bench-'));
  try {
    let best = Number.POSITIVE_INFINITY;
    let bytes = 0;
    let files = 0;
    for (let round = 0; round < 2; round++) {
      const s = await generateDemo({ out: join(dir, String(round)), size: 'small' });
      best = Math.min(best, s.seconds);
      bytes = s.bytes;
      files = s.files;
    }
    return [
      { group: 'demo', name: 'generate small archive', value: best, unit: 's', note: `${files} files` },
      { group: 'demo', name: 'small archive size', value: bytes / 1e6, unit: 'MB' },
      { group: 'demo', name: 'small archive write rate', value: bytes / 1e6 / best, unit: 'MB/s' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
