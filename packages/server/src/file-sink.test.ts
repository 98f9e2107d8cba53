// writeChunksToFile stopped while the file system still writes its last chunk: Node's fs.WriteStream, destroyed with
// a write in flight, completes that write with ERR_STREAM_DESTROYED and emits it as 'error' once the descriptor is
// closed (internal/fs/streams writeAll, then destroy's emitErrorCloseNT) — an uncaught exception unless someone
// listens. That is what an ABORTed or restarted bulk job did to the server at random (whether a write was in flight
// when the abort was seen). Here the write is held until the abort has been seen, so it is in flight every time.
import assert from 'node:assert/strict';
import fs, { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeChunksToFile } from './file-sink.ts';

const dir = mkdtempSync(join(tmpdir(), 'obscura-file-sink-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A deferred: a promise with its resolve function. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

test('stopped with a write in flight: rejects once the file is closed, and nothing is thrown later', async () => {
  const uncaught: Error[] = [];
  const onUncaught = (e: Error) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    const writeStarted = deferred<() => void>();
    const closed = deferred();
    // The file system of the stream: its first write waits until the test lets it go.
    const heldFs = {
      open: fs.open,
      close: (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) =>
        fs.close(fd, (e) => {
          cb(e);
          closed.resolve();
        }),
      write: (
        fd: number,
        buffer: Buffer,
        offset: number,
        length: number,
        position: number | null,
        cb: (e: NodeJS.ErrnoException | null, written: number, buffer: Buffer) => void,
      ) => writeStarted.resolve(() => fs.write(fd, buffer, offset, length, position, cb)),
    };
    const path = join(dir, 'held.tmp');
    const out = createWriteStream(path, { fs: heldFs } as Parameters<typeof createWriteStream>[1]);
    const controller = new AbortController();
    async function* chunks() {
      yield new Uint8Array(1024).fill(1);
      // The first chunk is with the file system now: the job is stopped before the next one.
      const release = await writeStarted.promise;
      controller.abort(new Error('server closing'));
      setImmediate(release);
      yield new Uint8Array(1024).fill(2);
    }
    await assert.rejects(writeChunksToFile(out, chunks(), controller.signal), /server closing/);
    await closed.promise;
    // destroy() emits its 'error' and 'close' on the tick after the descriptor is closed.
    await new Promise((r) => setImmediate(r));
    assert.equal(out.closed, true);
    assert.deepEqual(
      uncaught.map((e) => (e as NodeJS.ErrnoException).code ?? e.message),
      [],
    );
    assert.equal(existsSync(path), true, 'the caller removes the file');
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

test('a complete run ends and closes the file', async () => {
  const path = join(dir, 'whole.tmp');
  const out = createWriteStream(path);
  async function* chunks() {
    for (let i = 0; i < 40; i++) yield new Uint8Array(4096).fill(i);
  }
  await writeChunksToFile(out, chunks());
  assert.equal(fs.statSync(path).size, 40 * 4096);
  assert.equal(fs.readFileSync(path)[39 * 4096], 39);
});
