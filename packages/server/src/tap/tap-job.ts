// The work of a TAP async job (TAP 1.1 §2.2.2): the job's saved parameters are read exactly as a sync request's,
// the result is streamed to `result.tmp` in the job's directory and renamed to its final name once complete (so a
// result file is never seen half-written), and named `result` (TAP 1.1 §2.2.2: "the result must be named result").
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { abandonFile } from '../file-sink.ts';
import { JobFailure, type JobWork } from '../uws/job-runner.ts';
import type { JobResult } from '../uws/job-store.ts';
import { type ExecuteContext, type StartedQuery, startQuery } from './execute.ts';
import { QueryFailed, QueryStopped, streamQuery } from './run-query.ts';
import { type TapLimits, tapQueryParams } from './tap-params.ts';

/** File name of an inline upload part saved with a job (part names are client strings: encoded). */
export function uploadPartFile(part: string): string {
  return `upload-${Buffer.from(part, 'utf8').toString('hex')}`;
}

function extensionFor(contentType: string): string {
  if (contentType.includes('votable') || contentType.startsWith('text/xml')) return 'vot';
  if (contentType.startsWith('text/csv')) return 'csv';
  if (contentType.startsWith('text/tab-separated-values')) return 'tsv';
  if (contentType.startsWith('application/json')) return 'json';
  return 'dat';
}

export function tapJobWork(ctx: ExecuteContext & { limits: TapLimits }): JobWork {
  return async (job, { signal, deadline, directory }) => {
    const params = new DaliParams(job.parameters);
    let query: StartedQuery;
    let p: ReturnType<typeof tapQueryParams>;
    try {
      p = tapQueryParams(params, ctx.limits);
      query = await startQuery(ctx, p.lang, p.query, p.upload, async (part) => {
        try {
          return await readFile(join(directory, uploadPartFile(part)));
        } catch {
          return null;
        }
      });
    } catch (e) {
      if (e instanceof HttpError) throw new JobFailure(e.message);
      throw e;
    }
    const tmp = join(directory, 'result.tmp');
    let out: WriteStream | null = null;
    let contentType: string | null = null;
    const open = (type: string): WriteStream => {
      contentType = type;
      out = createWriteStream(tmp);
      return out;
    };
    let rows: number;
    let overflow: boolean;
    try {
      ({ rows, overflow } = await streamQuery(
        query,
        // The creating request's public base (uws/routes.ts publicBase): ObsCore access_url values as in sync.
        { format: p.format, query: p.query, open, publicBase: job.publicBase ?? undefined },
        {
          maxrec: p.maxrec,
          signal,
          deadline,
          durationSeconds: job.executionDuration,
        },
      ));
      const o = out as WriteStream | null;
      if (o) {
        o.end();
        await finished(o);
      }
    } catch (e) {
      // Closed before the file goes: a write still in flight would otherwise fail later as an uncaught error.
      const o = out as WriteStream | null;
      if (o) await abandonFile(o);
      await unlink(tmp).catch(() => {});
      if (e instanceof QueryStopped || e instanceof QueryFailed) throw new JobFailure(e.message);
      if (e instanceof HttpError) throw new JobFailure(e.message);
      throw e;
    } finally {
      await query.cleanup();
    }
    const mimeType = contentType as string | null;
    if (!mimeType) throw new Error('the query ended without opening its result');
    const file = `result.${extensionFor(mimeType)}`;
    await rename(tmp, join(directory, file));
    const { size } = await stat(join(directory, file));
    const result: JobResult = { id: 'result', file, mimeType, size, rows, overflow };
    return [result];
  };
}
