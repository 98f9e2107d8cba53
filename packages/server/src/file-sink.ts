// Writing a job's result files (bulk cutouts and archives) from chunks with the file stream's backpressure, and giving
// one up safely (TAP async results too) when the job stops (ABORT, executionDuration, server shutdown) or a chunk fails.
import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { writeWithBackpressure } from './writable-sink.ts';

/**
 * Destroys a file stream that is given up and resolves once its descriptor is closed. A write still in flight when
 * the stream is destroyed completes with ERR_STREAM_DESTROYED, which Node emits as the stream's 'error' after the
 * close (internal/fs/streams writeAll; destroy's emitErrorCloseNT): with no listener that is an uncaught exception
 * in the server, at a random moment after the job stopped. Here it is expected and ignored; once this resolves no
 * write to the file is pending, so the caller may remove it.
 */
export async function abandonFile(out: WriteStream): Promise<void> {
  out.on('error', () => {});
  if (out.closed) return;
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  out.destroy();
  await closed;
}

/**
 * Writes `chunks` to `out` and ends it; stops at the next chunk once `signal` is aborted. On failure the stream is
 * abandoned (closed, its late errors ignored) before this rejects; the caller removes the file.
 */
export async function writeChunksToFile(
  out: WriteStream,
  chunks: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const wait = writeWithBackpressure(out, chunk);
      if (wait) await wait;
    }
    out.end();
    await finished(out);
  } catch (e) {
    await abandonFile(out);
    throw e;
  }
}
