// SODA 1.0 {async} (§2.2, §3.1): /soda/async is a UWS 1.1 job list (uws/routes.ts) whose jobs take the {sync}
// parameters, each of ID, CIRCLE, POLYGON, POS, BAND and TIME possibly repeated (params.ts expandSodaJobParams: one
// cutout per ID × region × BAND × TIME). Results (UWS 1.1 §2.2.2.3, one per cutout made, application/fits):
//   - one cutout requested → `result` (as TAP 1.1 names its one result, which is what clients try first);
//   - several → `result-1` … `result-n`, n being the position of the combination in that order, so a client maps a
//     result back to its request; combinations without overlap get no result, and a text/plain `notes` result says
//     why each is missing. No overlap at all → the job ends in ERROR "NoOverlap: …" (§5.1 has no empty {async} form).
// Each cutout is written to `<id>.fits.tmp` in the job's directory and renamed once complete. Errors (UsageError,
// AuthenticationError, AuthorizationError; SODA 1.0 §5.2 labels) are the job's errorSummary; executionDuration stops
// the job between and within cutouts (the runner's AbortSignal).
//
// Proprietary data is checked when the job runs, against the job's owner (UWS 1.1 §2.1 Owner; the owner's current
// entitlements from the configured users), not refused at creation: parameters may still change while the job is
// PENDING (a check at creation could be bypassed by a later POST of another ID), and the decision belongs to the
// moment the data is read. An anonymous job on a proprietary ID ends in ERROR "AuthenticationError: …", a user's job
// on a proposal they are not entitled to in ERROR "AuthorizationError: …"; no cutout of such a job is written.
import { createWriteStream } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cutoutChunks } from '@obscura/fits';
import type { User } from '../access.ts';
import { authRealm, bearerChallenge } from '../auth/bearer.ts';
import type { ServerContext } from '../context.ts';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { JobFailure, type JobWork } from '../uws/job-runner.ts';
import type { JobResult } from '../uws/job-store.ts';
import type { UwsLimits } from '../uws/routes.ts';
import { cutoutAccessError, findCutoutProducts, prepareCutout } from './cutout.ts';
import { expandSodaJobParams } from './params.ts';

/** Execution duration and retention of SODA jobs (seconds; UWS 1.1 §2.1). */
export const SODA_ASYNC_LIMITS: UwsLimits = {
  executionDuration: { default: 600, hard: 3600 },
  retention: { default: 3 * 86_400, hard: 7 * 86_400 },
};

/** The configured user a job belongs to (undefined: an anonymous job, or a user no longer configured). */
function ownerOf(ctx: ServerContext, ownerId: string | null): User | undefined {
  if (ownerId === null) return undefined;
  return ctx.config.users.find((u) => u.name === ownerId);
}

/** JobFailure for the client's problems (HttpError: labelled message), anything else as is. */
function asJobFailure(e: unknown): unknown {
  return e instanceof HttpError ? new JobFailure(e.message) : e;
}

export function sodaJobWork(ctx: ServerContext): JobWork {
  return async (job, { signal, directory }) => {
    const owner = ownerOf(ctx, job.ownerId);
    let requests: ReturnType<typeof expandSodaJobParams>;
    let products: Awaited<ReturnType<typeof findCutoutProducts>>;
    try {
      requests = expandSodaJobParams(new DaliParams(job.parameters));
      products = await findCutoutProducts(
        ctx,
        requests.map((r) => r.id),
      );
    } catch (e) {
      throw asJobFailure(e);
    }
    // Every product is checked before any cutout is written.
    for (const product of products.values()) {
      const denied = cutoutAccessError(owner, product, bearerChallenge(authRealm(ctx)));
      if (denied) throw new JobFailure(denied.message);
    }
    const several = requests.length > 1;
    const results: JobResult[] = [];
    const missing: string[] = [];
    try {
      for (const [i, req] of requests.entries()) {
        signal.throwIfAborted();
        const id = several ? `result-${i + 1}` : 'result';
        let prepared: Awaited<ReturnType<typeof prepareCutout>>;
        try {
          prepared = await prepareCutout(ctx, products.get(req.id)!, req);
        } catch (e) {
          throw asJobFailure(e);
        }
        if (!prepared.overlap) {
          missing.push(`${id}: NoOverlap: ${prepared.reason} (ID=${req.id} ${req.description})`.trimEnd());
          continue;
        }
        const file = `${id}.fits`;
        const tmp = join(directory, `${file}.tmp`);
        try {
          await pipeline(
            Readable.from(cutoutChunks(prepared.image.source, prepared.plan), { objectMode: false }),
            createWriteStream(tmp),
            { signal },
          );
        } catch (e) {
          await unlink(tmp).catch(() => {});
          throw e;
        } finally {
          await prepared.image.source.close();
        }
        await rename(tmp, join(directory, file));
        results.push({ id, file, mimeType: 'application/fits', size: prepared.plan.totalBytes });
      }
    } catch (e) {
      // A failed or stopped job serves no result: the cutouts it wrote go at once, not at its destruction time.
      await Promise.all(results.map((r) => unlink(join(directory, r.file)).catch(() => {})));
      throw e;
    }
    if (results.length === 0) throw new JobFailure(missing.join('\n'));
    if (missing.length > 0) {
      const text = `${missing.join('\n')}\n`;
      await writeFile(join(directory, 'notes.txt.tmp'), text);
      await rename(join(directory, 'notes.txt.tmp'), join(directory, 'notes.txt'));
      results.push({ id: 'notes', file: 'notes.txt', mimeType: 'text/plain', size: Buffer.byteLength(text) });
    }
    return results;
  };
}

/** The errorSummary of a job stopped by its executionDuration (UWS 1.1 §2.1). */
export function sodaTimeoutMessage(job: { executionDuration: number }): string {
  return (
    `Error: the cutouts took longer than the job's execution duration of ${job.executionDuration} s and were stopped; ` +
    'ask for fewer cutouts per job or a longer EXECUTIONDURATION'
  );
}
