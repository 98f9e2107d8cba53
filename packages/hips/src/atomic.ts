// Atomic file writes: the bytes go to a temporary file in the same directory, then rename(2) puts it in place, so a
// reader (the server, Aladin) sees either the old file or the whole new one — never a half-written tile. No fsync
// per tile: a crash may lose recent tiles, which the manifest then rebuilds (manifest.ts is written last).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const madeDirs = new Set<string>();

export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
