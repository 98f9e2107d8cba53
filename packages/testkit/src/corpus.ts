// The shared corpus of third-party reference files lives beside the clone (../shared/corpus); tests read it in place.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Absolute path of the shared corpus (OBSCURA_CORPUS overrides the default `<repo>/../shared/corpus`). */
export function corpusDir(): string {
  const dir = process.env.OBSCURA_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus');
  if (!existsSync(dir)) throw new Error(`shared corpus not found at ${dir}; set OBSCURA_CORPUS`);
  return dir;
}

export function corpusPath(...parts: string[]): string {
  return join(corpusDir(), ...parts);
}

/** Parses a JSON-lines corpus file into objects. */
export function readCorpusJsonl<T = Record<string, unknown>>(...parts: string[]): T[] {
  return readFileSync(corpusPath(...parts), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
