// One cutout of a bulk job, written to a file: the SODA {sync} path (soda/sync.ts) without HTTP — the product's main
// file located on disk (never a path from a client string), its header and WCS from the SODA cache (open-image.ts),
// the pixel box planned through the WCS by @obscura/fits planCutout, and only the box's rows read and streamed to
// `<path>.tmp`, renamed once complete. Every failure is an outcome (a manifest row), never an exception: one bad
// image must not fail the job.
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { type CutoutRegion, cutoutChunks, FitsError, planCutout } from '@obscura/fits';
import { locateOnDisk } from '../archive-files.ts';
import type { ProductFile } from '../datalink/products.ts';
import { HttpError } from '../errors.ts';
import { NotAnImage, openImage } from '../soda/open-image.ts';
import { writeWithBackpressure } from '../writable-sink.ts';

/** Manifest statuses (README "Bulk cutouts"). */
export type CutoutStatus = 'ok' | 'no_overlap' | 'proprietary' | 'not_found' | 'error';

export interface CutoutOutcome {
  status: CutoutStatus;
  message: string;
  /** Bytes of the cutout file (0 unless ok). */
  bytes: number;
}

/** Cuts `region` out of the product's main file into `path`. */
export async function cutToFile(
  dataDir: string,
  file: ProductFile,
  region: CutoutRegion,
  description: string,
  path: string,
  signal?: AbortSignal,
): Promise<CutoutOutcome> {
  const did = file.obs_publisher_did;
  let image: Awaited<ReturnType<typeof openImage>>;
  try {
    image = await openImage(await locateOnDisk(dataDir, file));
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return { status: 'not_found', message: e.message, bytes: 0 };
    if (e instanceof HttpError || e instanceof NotAnImage || e instanceof FitsError) {
      return { status: 'error', message: `${did} cannot be cut: ${e.message}`, bytes: 0 };
    }
    throw e;
  }
  const { source, hdu, wcs } = image;
  const tmp = `${path}.tmp`;
  try {
    let outcome: ReturnType<typeof planCutout>;
    try {
      outcome = planCutout(hdu, wcs, { region }, { id: did, request: description });
    } catch (e) {
      if (e instanceof FitsError) return { status: 'error', message: `${did}: ${e.message}`, bytes: 0 };
      throw e;
    }
    if (!outcome.overlap) return { status: 'no_overlap', message: `NoOverlap: ${outcome.reason}`, bytes: 0 };
    const plan = outcome.plan;
    const out = createWriteStream(tmp);
    try {
      for await (const chunk of cutoutChunks(source, plan)) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const wait = writeWithBackpressure(out, chunk);
        if (wait) await wait;
      }
      out.end();
      await finished(out);
    } catch (e) {
      out.destroy();
      await unlink(tmp).catch(() => {});
      throw e;
    }
    await rename(tmp, path);
    return { status: 'ok', message: '', bytes: plan.totalBytes };
  } finally {
    await source.close();
  }
}
