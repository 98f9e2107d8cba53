// Writing chunks to a response with its backpressure: the sink resolves once the socket has drained, and rejects if
// the stream closes or fails first (the client went away), so a producer never piles chunks up in memory.
import type { Writable } from 'node:stream';

/** Writes `chunk` to `out`; returns a promise when `out` asks the writer to wait for 'drain', else undefined. */
export function writeWithBackpressure(out: Writable, chunk: Uint8Array): Promise<void> | undefined {
  if (out.destroyed) throw new Error('the output stream was destroyed before the table was written');
  if (out.write(chunk)) return undefined;
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the output stream closed before the table was written'));
    const onError = (e: Error) => done(e);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
