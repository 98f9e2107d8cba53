// The build manifest (`hips-manifest.json` in the HiPS root, not part of the HiPS layout and never served): which
// inputs each deepest-order tile was made from. A later build recomputes only the tiles whose inputs changed (an
// image added, removed or modified: compared by sha256), and the lower-order tiles above them. It is written last,
// after every tile, so an interrupted build is redone where it stopped mattering.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.ts';

export const MANIFEST_FILE = 'hips-manifest.json';
export const MANIFEST_VERSION = 1;

export interface Manifest {
  version: number;
  order: number;
  width: number;
  /** Deepest-order tile → fingerprint of its inputs and whether it had any data. */
  tiles: Record<string, { inputs: string; empty?: boolean }>;
  /** Input images by path: sha256 and size. */
  images: Record<string, { sha256: string; size: number }>;
}

/** Fingerprint of a tile's inputs: the sorted checksums of the images covering it. */
export function inputsFingerprint(checksums: string[]): string {
  const h = createHash('sha256');
  for (const c of [...checksums].sort()) h.update(c);
  return h.digest('hex').slice(0, 24);
}

export async function readManifest(root: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(join(root, MANIFEST_FILE), 'utf8')) as Manifest;
    return m.version === MANIFEST_VERSION ? m : null;
  } catch {
    return null;
  }
}

export async function writeManifest(root: string, m: Manifest): Promise<void> {
  await writeFileAtomic(join(root, MANIFEST_FILE), `${JSON.stringify(m)}\n`);
}
