// manifest.json: every generated file with its size and sha256, sorted by path (deterministic: no timestamps).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(root, p)));
    else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
  return out.sort();
}

export async function buildManifest(root: string, files: string[]): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const f of [...files].sort()) {
    const p = join(root, f);
    entries.push({ path: f, bytes: (await stat(p)).size, sha256: await sha256File(p) });
  }
  return entries;
}
