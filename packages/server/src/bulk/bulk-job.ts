// Bulk cutouts (issue 6; README "Bulk cutouts"): one UWS 1.1 job at /soda/bulk cuts many images for many sources and
// returns them as one archive with a manifest. Design:
//
// - Input: either QUERY, ADQL over ivoa.obscore run through the TAP query path (so TAP_UPLOAD tables may be joined),
//   whose rows give obs_publisher_did and either ra/dec/radius columns (a catalogue joined with ivoa.obscore gives
//   source-level cutouts) or no position, the region then being the job's CIRCLE/POLYGON/POS (SODA 1.0 §3.3 syntax);
//   or UPLOAD=<name>,param:<part> (TAP 1.1 §2.5 form), a source list (VOTable or CSV: ra, dec, optional radius and
//   name; RADIUS is the default radius), each source matched to the images whose s_region contains it through the
//   HEALPix index (images.ts: a few range seeks for the whole list, not one scan per source).
//   COLLECTION and DPTYPE (default image) filter the images in both modes.
// - Selection: SELECT=all cuts every matching image; SELECT=best with FREQ (Hz) only the one with the best angular
//   resolution at FREQ (resolution.ts: images covering FREQ first, resolution scaled as 1/ν like the ADQL UDF
//   obscura_resolution_at).
// - Access: decided for the job's owner (UWS 1.1 §2.1 Owner) when the job runs, by canAccess: an image the owner may
//   not read (obs_release_date in the future, proposal not theirs; anonymous owners never) is a `proprietary`
//   manifest row and is never opened.
// - Execution (bulk-plan.ts → here): the plan is deterministic; cutouts run a few at a time (CONCURRENCY), each
//   through the SODA code path (soda/cutout.ts prepareCutout) into `cutouts/<n>_<source>_<image>.fits` in the job's
//   directory (cutout-file.ts). A failed cutout is a manifest row (no_overlap, not_found or error), not a failed job.
//   Long source lists yield to the event loop while they are matched; a QUERY runs in a SQLite worker thread.
// - Journal and resume (journal.ts): every finished cutout is appended to `journal.jsonl`. A task whose entry is ok
//   and whose file is intact is not cut again. This covers (1) a server restart: the job list is registered with
//   resumeOnRestart, so a job that was EXECUTING is queued again and runs again in the same directory; (2) a new job
//   with RESUME=<jobId> of a finished, aborted or failed bulk job of the same owner: its intact cutouts are linked
//   into the new job's directory and skipped. UWS 1.1 §2.1.4 makes COMPLETED, ERROR and ABORTED final phases, so a
//   re-run is a new job rather than PHASE=RUN on the old one.
// - Results (UWS 1.1 §2.2.2.3): `archive` (tar: datalink/tar.ts, or zip: yazl; FORMAT=tar|zip), `manifest` (CSV)
//   and `manifest-votable`; the manifest is also the archive's first member (`manifest.csv`). Every file is written
//   to a .tmp name and renamed (archive.ts); nothing holds a whole archive or image in memory.
import { copyFile, link, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { User } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { findProducts } from '../datalink/products.ts';
import type { ExecuteContext } from '../tap/execute.ts';
import type { JobResult } from '../uws/job-store.ts';
import { ARCHIVE_TYPES, writeArchive } from './archive.ts';
import type { BulkParams } from './bulk-params.ts';
import { type PlanRow, planBulk, taskKey } from './bulk-plan.ts';
import { type CutoutOutcome, cutToFile } from './cutout-file.ts';
import { entryFileIntact, type JournalEntry, JournalWriter, readJournal } from './journal.ts';
import { type ManifestRow, writeManifestCsv, writeManifestVotable } from './manifest.ts';

/** Cutouts in flight at once: enough to overlap file reads and writes, few enough to leave the server responsive. */
export const CONCURRENCY = 4;

export const CUTOUT_DIR = 'cutouts';
export const MANIFEST_MEMBER = 'manifest.csv';

export interface BulkRunContext {
  execute: ExecuteContext;
  /** The server the job runs in (archive database, data directory) for the SODA cutout code. */
  server: ServerContext;
  /** The job's directory (results, journal, uploads). */
  directory: string;
  /** Bytes of an uploaded part saved with the job. */
  readPart(part: string): Promise<Buffer | null>;
  /** The job owner (undefined: anonymous). */
  user: User | undefined;
  /** The directory of the job named by RESUME (already checked to belong to the same owner). */
  resumeDirectory?: string;
  /** Most bytes of cutouts one job keeps (default MAX_JOB_BYTES); the rows past it are over_limit. */
  maxBytes?: number;
  signal?: AbortSignal;
  now?: Date;
}

export interface BulkSummary {
  results: JobResult[];
  manifest: ManifestRow[];
  /** Cutouts this run attempted, and those reused from the journal. */
  attempted: number;
  reused: number;
}

/** A file-name-safe piece of text. */
function safe(text: string, max: number): string {
  const s = text.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^[._]+/, '');
  return (s === '' ? 'x' : s).slice(0, max);
}

/**
 * The cutout's file name: the task's position, the source name and the parent's file stem, kept short enough for a
 * plain ustar name (`cutouts/` as prefix, at most 100 bytes after it) so that every tar reader shows it as is.
 */
function cutoutName(seq: number, row: PlanRow): string {
  const did = row.image?.did ?? '';
  const stem = (did.split('/').pop() ?? 'image').replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '');
  return `${CUTOUT_DIR}/${String(seq).padStart(6, '0')}_${safe(row.source.name, 28)}_${safe(stem, 58)}.fits`;
}

/** Reuses an intact cutout of an earlier job: a hard link (same file system) or a copy. */
async function adopt(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/**
 * Runs `tasks` with at most `limit` in flight; stops starting new ones once the signal is aborted or one fails, and
 * settles only when none is in flight any more (then rejects with the first failure): a stopped job must not return
 * while its other cutouts still write files and journal entries (uws/job-runner.ts close waits for the job).
 */
async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>, signal?: AbortSignal) {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      try {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        await run(items[next++]);
      } catch (e) {
        failure ??= { error: e };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Most bytes of cutouts one job writes (the tar or zip holds them once more): past it the remaining rows are
 * `over_limit` in the manifest, so that one job cannot fill the data disk; a RESUME job cuts them.
 */
export const MAX_JOB_BYTES = 8 * 1024 ** 3;

/** Runs a bulk job into ctx.directory and returns its results. */
export async function runBulkJob(params: BulkParams, ctx: BulkRunContext): Promise<BulkSummary> {
  const plan = await planBulk(params, ctx);
  await mkdir(join(ctx.directory, CUTOUT_DIR), { recursive: true });

  const journal = await readJournal(ctx.directory);
  const earlier = ctx.resumeDirectory ? await readJournal(ctx.resumeDirectory) : new Map<string, JournalEntry>();
  const writer = new JournalWriter(ctx.directory);
  const outcomes: (CutoutOutcome | undefined)[] = new Array(plan.length);
  const names = plan.map((row, i) => cutoutName(i, row));
  let reused = 0;
  const todo: number[] = [];
  for (let i = 0; i < plan.length; i++) {
    const row = plan[i];
    if (row.preset) {
      outcomes[i] = { ...row.preset, bytes: 0 };
      continue;
    }
    const key = taskKey(row);
    const mine = journal.get(key);
    if (mine && mine.file === names[i] && (await entryFileIntact(ctx.directory, mine))) {
      outcomes[i] = { status: 'ok', message: '', bytes: mine.bytes };
      reused++;
      continue;
    }
    const theirs = earlier.get(key);
    if (theirs && ctx.resumeDirectory && (await entryFileIntact(ctx.resumeDirectory, theirs))) {
      await adopt(join(ctx.resumeDirectory, theirs.file), join(ctx.directory, names[i]));
      outcomes[i] = { status: 'ok', message: '', bytes: theirs.bytes };
      await writer.append({ key, status: 'ok', message: '', bytes: theirs.bytes, file: names[i] });
      reused++;
      continue;
    }
    todo.push(i);
  }

  // Bytes this run writes (cutouts reused from a journal are hard links: no new disk).
  const maxBytes = ctx.maxBytes ?? MAX_JOB_BYTES;
  let keptBytes = 0;

  // The products of the images still to cut, looked up in batches.
  const products = await findProducts(ctx.execute.db, [...new Set(todo.map((i) => plan[i].image?.did as string))]);

  await pool(
    todo,
    CONCURRENCY,
    async (i) => {
      const row = plan[i];
      const did = row.image?.did as string;
      const product = products.get(did);
      if (keptBytes >= maxBytes) {
        // Not journaled: a re-run or RESUME job cuts it.
        outcomes[i] = {
          status: 'over_limit',
          message: `the job's cutouts reached its limit of ${maxBytes} bytes; create a new job with RESUME=<this job> for the rest`,
          bytes: 0,
        };
        return;
      }
      let outcome: CutoutOutcome;
      if (!product) outcome = { status: 'not_found', message: `${did} is no longer in the archive`, bytes: 0 };
      else {
        try {
          outcome = await cutToFile(
            ctx.server,
            product,
            row.region as NonNullable<PlanRow['region']>,
            row.regionText,
            join(ctx.directory, names[i]),
            ctx.signal,
          );
        } catch (e) {
          if (ctx.signal?.aborted) throw e;
          outcome = { status: 'error', message: `${did}: ${(e as Error).message}`, bytes: 0 };
        }
      }
      outcomes[i] = outcome;
      keptBytes += outcome.bytes;
      await writer.append({
        key: taskKey(row),
        status: outcome.status,
        message: outcome.message,
        bytes: outcome.bytes,
        file: outcome.status === 'ok' ? names[i] : '',
      });
    },
    ctx.signal,
  );
  await writer.flush();

  const manifest: ManifestRow[] = plan.map((row, i) => {
    const o = outcomes[i] as CutoutOutcome;
    return {
      sourceIndex: row.source.index,
      sourceName: row.source.name,
      ra: row.source.ra,
      dec: row.source.dec,
      radius: row.source.radius,
      did: row.image?.did ?? '',
      file: o.status === 'ok' ? names[i] : '',
      status: o.status,
      message: o.message,
      bytes: o.bytes,
    };
  });

  const csv = join(ctx.directory, 'manifest.csv');
  const vot = join(ctx.directory, 'manifest.vot');
  await writeManifestCsv(csv, manifest);
  await writeManifestVotable(
    vot,
    manifest,
    `Bulk cutouts: ${manifest.filter((m) => m.status === 'ok').length} of ${manifest.length} rows cut`,
  );
  const now = Date.now();
  const members = [{ name: MANIFEST_MEMBER, path: csv, size: (await stat(csv)).size, mtimeMs: now }];
  for (const m of manifest) {
    if (m.status !== 'ok') continue;
    members.push({ name: m.file, path: join(ctx.directory, m.file), size: m.bytes, mtimeMs: now });
  }
  const archiveFile = `bulk.${params.format}`;
  await writeArchive(params.format, members, join(ctx.directory, archiveFile), ctx.signal);

  const sizeOf = async (f: string) => (await stat(join(ctx.directory, f))).size;
  const results: JobResult[] = [
    { id: 'archive', file: archiveFile, mimeType: ARCHIVE_TYPES[params.format], size: await sizeOf(archiveFile) },
    { id: 'manifest', file: 'manifest.csv', mimeType: 'text/csv; charset=utf-8', size: await sizeOf('manifest.csv') },
    {
      id: 'manifest-votable',
      file: 'manifest.vot',
      mimeType: 'application/x-votable+xml',
      size: await sizeOf('manifest.vot'),
    },
  ];
  return { results, manifest, attempted: todo.length, reused };
}
