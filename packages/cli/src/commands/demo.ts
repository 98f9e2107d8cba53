// `obscura demo [--out DIR] [--size small|medium|large] [--seed N]`: writes the synthetic demo archive.
import { resolve } from 'node:path';
import { DEFAULT_SEED, DEMO_SIZES, type DemoSize, generateDemo } from '@obscura/demo';
import { type Command, InvalidArgumentError } from 'commander';

function parseSize(v: string): DemoSize {
  if (!(DEMO_SIZES as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(`expected one of ${DEMO_SIZES.join(', ')}`);
  }
  return v as DemoSize;
}

function parseSeed(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new InvalidArgumentError('expected an integer 0..4294967295');
  return Number(v);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate the synthetic demo archive (VLASS-/RACS-like images, catalogues, optical, visibilities)')
    .option('--out <dir>', 'output directory', './demo-archive')
    .option(
      '--size <size>',
      `small (default, < 300 MB), medium (+ all-sky catalogue, 1M ObsCore rows) or large (+ full 3722² QL tiles)`,
      parseSize,
      'small',
    )
    .option('--seed <n>', 'random seed: the same seed and size give byte-identical files', parseSeed, DEFAULT_SEED)
    .action(async (opts: { out: string; size: DemoSize; seed: number }) => {
      const out = resolve(opts.out);
      process.stderr.write(`obscura demo: ${opts.size} archive, seed ${opts.seed}, into ${out}\n`);
      const s = await generateDemo({
        out,
        size: opts.size,
        seed: opts.seed,
        onProgress: (m) => process.stderr.write(`  ${m}\n`),
      });
      process.stdout.write(
        `wrote ${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB in ${s.seconds.toFixed(1)} s: ${s.images} images, ` +
          `${s.vlassComponents} VLASS and ${s.racsComponents} RACS catalogue components, ` +
          `${s.visibilityRows} visibility rows (manifest: ${out}/manifest.json)\n`,
      );
    });
}
