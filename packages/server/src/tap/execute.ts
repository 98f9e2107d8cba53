// One TAP query from parameters to an open cursor: uploads loaded, ADQL checked and translated, SQL prepared.
// Shared by /tap/sync and the async job runner; every failure is an HttpError with the code that maps it to its
// HTTP status and a message saying what to change (errors.ts).
import type { Database } from '@obscura/archive';
import { HttpError } from '../errors.ts';
import { type PreparedQuery, prepareQuery, type UploadTable } from './adql-query.ts';
import type { QueryExecutor } from './query-executor.ts';
import { type OpenedQuery, openQuery, QueryFailed } from './run-query.ts';
import type { TapMetadataCache } from './tap-metadata.ts';
import { type InlineParts, type LoadedUploads, loadUploads, parseUploadParam, type UploadLimits } from './upload.ts';

export interface ExecuteContext {
  db: Database;
  /** Where the SQL runs (SQLite: worker threads; query-executor.ts). */
  executor: QueryExecutor;
  metadata: TapMetadataCache;
  uploadLimits: UploadLimits;
}

export interface StartedQuery extends OpenedQuery {
  /** Drops the upload tables; call after the rows are written (idempotent). */
  cleanup(): Promise<void>;
}

/** Loads uploads, prepares the query and opens its cursor. */
export async function startQuery(
  ctx: ExecuteContext,
  lang: string,
  query: string,
  uploadValues: readonly string[],
  inline: InlineParts,
  /** Tables the server itself adds to TAP_UPLOAD for this query (SIA: obscura.files for FORMAT); never dropped. */
  serverTables: readonly UploadTable[] = [],
): Promise<StartedQuery> {
  const specs = parseUploadParam(uploadValues);
  const uploads: LoadedUploads | null =
    specs.length > 0 ? await loadUploads(ctx.db, specs, inline, ctx.uploadLimits) : null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await uploads?.drop();
  };
  try {
    const metadata = await ctx.metadata.get();
    const prepared = prepareQuery(query, {
      db: ctx.db,
      metadata,
      uploads: [...(uploads?.tables ?? []), ...serverTables],
      version: lang === 'ADQL-2.0' ? '2.0' : '2.1',
    });
    if (!prepared.ok) throw new HttpError('TAP_BAD_QUERY', badQueryMessage(prepared.messages));
    const opened = await open(ctx.executor, prepared);
    return { ...opened, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

async function open(executor: QueryExecutor, prepared: PreparedQuery): Promise<OpenedQuery> {
  try {
    return await openQuery(executor, prepared);
  } catch (e) {
    if (e instanceof QueryFailed) throw new HttpError('TAP_QUERY_FAILED', e.message);
    throw e;
  }
}

/** Every ADQL problem, one per line, each positioned. */
export function badQueryMessage(messages: readonly string[]): string {
  if (messages.length === 1) return `ADQL error: ${messages[0]}`;
  return `${messages.length} ADQL errors:\n${messages.join('\n')}`;
}
