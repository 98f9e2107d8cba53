// One cutout of a bulk job, written to a file: the SODA code path itself (soda/cutout.ts prepareCutout, shared with
// {sync} and {async}: the product's main file located on disk — never a path from a client string —, its header and
// WCS from the SODA cache, the pixel box planned through the WCS by @obscura/fits planCutout), then only the box's
// rows read and streamed to `<path>.tmp`, renamed once complete. Every failure is an outcome (a manifest row), never
// an exception: one bad image must not fail the job. Access has been decided by the plan (bulk-plan.ts).
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { type CutoutRegion, cutoutChunks } from '@obscura/fits';
import type { ServerContext } from '../context.ts';
import type { Product } from '../datalink/products.ts';
import { HttpError } from '../errors.ts';
import { writeChunksToFile } from '../file-sink.ts';
import { prepareCutout } from '../soda/cutout.ts';

/** Manifest statuses (README "Bulk cutouts"). */
export type CutoutStatus = 'ok' | 'no_overlap' | 'proprietary' | 'not_found' | 'error' | 'over_limit';

export interface CutoutOutcome {
  status: CutoutStatus;
  message: string;
  /** Bytes of the cutout file (0 unless ok). */
  bytes: number;
}

/** Cuts `region` out of the product's main file into `path`. */
export async function cutToFile(
  ctx: ServerContext,
  product: Product,
  region: CutoutRegion,
  description: string,
  path: string,
  signal?: AbortSignal,
): Promise<CutoutOutcome> {
  const id = product.obs_publisher_did;
  let prepared: Awaited<ReturnType<typeof prepareCutout>>;
  try {
    prepared = await prepareCutout(ctx, product, { id, cutout: { region }, description });
  } catch (e) {
    // SODA 1.0 §5.2 texts (UsageError: …, Error: …, ServiceUnavailable: …) become the row's message.
    if (e instanceof HttpError)
      return { status: e.status === 404 ? 'not_found' : 'error', message: e.message, bytes: 0 };
    throw e;
  }
  if (!prepared.overlap) return { status: 'no_overlap', message: `NoOverlap: ${prepared.reason}`, bytes: 0 };
  const { plan, image } = prepared;
  const tmp = `${path}.tmp`;
  try {
    // On failure the stream is closed before this goes on (file-sink.ts), so nothing writes to the file removed here.
    await writeChunksToFile(createWriteStream(tmp), cutoutChunks(image.source, plan), signal);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  } finally {
    await image.source.close();
  }
  await rename(tmp, path);
  return { status: 'ok', message: '', bytes: plan.totalBytes };
}
