// The bulk job's archive: the manifest first, then every cutout, as one tar (the project's streaming POSIX writer,
// datalink/tar.ts) or zip (yazl; FITS members stored, the manifest deflated). Written to `<name>.tmp` with the file
// stream's backpressure, one member read from disk at a time, and renamed when complete — never a whole archive or
// cutout in memory, and never a half-written result visible.
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { type TarEntry, tarChunks } from '../datalink/tar.ts';
import { writeChunksToFile } from '../file-sink.ts';
import type { BulkFormat } from './bulk-params.ts';

export const ARCHIVE_TYPES: Record<BulkFormat, string> = { tar: 'application/x-tar', zip: 'application/zip' };

async function writeTar(members: readonly TarEntry[], tmp: string, signal?: AbortSignal): Promise<void> {
  await writeChunksToFile(createWriteStream(tmp), tarChunks(members), signal);
}

async function writeZip(members: readonly TarEntry[], tmp: string, signal?: AbortSignal): Promise<void> {
  const zip = new ZipFile();
  for (const m of members) {
    // FITS data is mostly noise-like floats: deflating costs CPU for little gain, so cutouts are stored.
    zip.addFile(m.path, m.name, { mtime: new Date(m.mtimeMs), compress: !m.name.endsWith('.fits') });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(tmp), { signal });
}

/** Writes the archive of `members` (manifest first) to `path`. */
export async function writeArchive(
  format: BulkFormat,
  members: readonly TarEntry[],
  path: string,
  signal?: AbortSignal,
): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    if (format === 'zip') await writeZip(members, tmp, signal);
    else await writeTar(members, tmp, signal);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await rename(tmp, path);
}
