// `npm run bench`: runs every package's src/*.bench.ts, prints one table, writes bench/results.json.
import { readdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from '@obscura/testkit';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);

function benchFiles(): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    for (const f of readdirSync(src, { recursive: true }) as string[]) {
      if (f.endsWith('.bench.ts')) files.push(join(src, f));
    }
  }
  return files.sort().filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
}

function fmt(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toPrecision(3);
}

const results: BenchResult[] = [];
for (const file of benchFiles()) {
  process.stderr.write(`bench: ${relative(root, file)}\n`);
  const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<BenchResult[]> | BenchResult[] };
  results.push(...(await mod.default()));
}

const rows = results.map((r) => [
  r.group,
  r.name,
  `${fmt(r.value)} ${r.unit}`,
  r.ratio === undefined ? '' : `${fmt(r.ratio)}x ${r.ratioOf ?? ''}`.trim(),
]);
const head = ['package', 'measurement', 'figure', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));

const machine = {
  node: process.version,
  arch: arch(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memGiB: Math.round(totalmem() / 2 ** 30),
};
writeFileSync(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
console.log(`\nwrote bench/results.json (${results.length} figures)`);
