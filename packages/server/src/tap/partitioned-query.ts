// A SQLite result read by two query workers at once (DESIGN.md "Streaming"; the 1M rows/s asks for more than
// one thread can read: better-sqlite3 hands over a 10-column row in ~1 µs). The translation marks a query splittable
// by rowid ranges of one table (@obscura/adql RowidPartition), the worker checks that the split costs nothing
// (partition-session.ts), and the table's rowids are cut into chunks handed out in order, a chunk at a time, to
// whichever worker asks. Each worker reads its chunks in a read session opened while writes are held (both see the same
// snapshot: no commit can fall between them) and encodes them as body bytes (@obscura/votable body encoders). This
// thread writes the header, the chunks' bytes in chunk order, and the end, so the document is the one a single worker
// would write, its rows in another order (a query without ORDER BY has none, ADQL 2.1 §2.2 via SQL). MAXREC is cut
// here at a row end (each batch says where its rows end) with the trailing OVERFLOW INFO (TAP 1.1 §2.7.4).
// Memory stays bounded: a worker is asked for a batch only while fewer than BUFFERED_BATCHES of its batches wait here.
// The second worker is lent, not taken: when another query waits for a worker, it gets no more chunks, reads the ones
// it holds and goes back to the pool (retire), so a big download never keeps other queries waiting for its end.
import type { Info } from '@obscura/votable';
import type { PartitionPlan } from './partition-session.ts';
import { type EncodeSpec, ResultEncoder } from './result-encoder.ts';
import type { EncodedPiece, FromWorker, ToWorker } from './sqlite-query-worker.ts';
import { ownArrayBuffer } from './transfer.ts';

/** Rowids the first chunks span; later ones span what gave about CHUNK_ROWS rows so far. */
export const CHUNK_ROWIDS = 4096;
/**
 * Rows a chunk should hold: few enough that the worker ahead of the one writing does not fill its share of the buffer
 * (BUFFERED_BATCHES) before its turn, and so stops; many enough that a chunk's statement run costs nothing.
 */
export const CHUNK_ROWS = 16_000;
/** Results read in parallel only when MAXREC allows at least this many rows (below it one worker is quick enough). */
export const MIN_PARALLEL_ROWS = 10_000;
/** Batches asked for and not yet answered, per worker. */
const READS_IN_FLIGHT = 3;
/** Batches of a worker received and not yet written, beyond which it is not asked for more (~64 × 80-110 KB). */
const BUFFERED_BATCHES = 64;
/** How long the workers get to open their read sessions (writes are held meanwhile; it takes ~1 ms). */
const SESSION_OPEN_MS = 5000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** What this side needs of a pooled worker: posting to it and receiving its messages. */
export interface WorkerLink {
  post(m: ToWorker, transfer?: ArrayBuffer[]): void;
  onMessage: ((m: FromWorker) => void) | null;
  onFailure: ((e: Error) => void) | null;
}

export interface Chunk {
  lo: bigint;
  hi: bigint;
  /** The rowids of the table's span it covers (its open ends counted to min and max). */
  rowids: bigint;
}

/**
 * Inclusive rowid ranges covering every 64-bit rowid, cut from min to max: the first open below, the last open above,
 * so rows added after min and max were read (they are read outside the snapshot) still fall in a chunk. The width
 * follows the rows the ended chunks held (a join repeating each row, a WHERE keeping few), aiming at CHUNK_ROWS.
 */
export class RowidChunks {
  private lo: bigint | null;
  private width: bigint;
  private rowids = 0n;
  private rows = 0;

  constructor(
    private readonly min: bigint,
    private readonly max: bigint,
    width = BigInt(CHUNK_ROWIDS),
    private readonly rowsPerChunk = CHUNK_ROWS,
  ) {
    this.lo = min;
    this.width = width;
  }

  /** True when the span of rowids has been handed out whole. */
  get done(): boolean {
    return this.lo === null;
  }

  /** Whether there are at least two chunks (else one worker reads it all). */
  get splits(): boolean {
    return this.max - this.min >= this.width;
  }

  next(): Chunk | null {
    if (this.lo === null) return null;
    const from = this.lo;
    const end = from + this.width - 1n;
    this.lo = end >= this.max ? null : end + 1n;
    const last = this.lo === null;
    return {
      lo: from === this.min ? INT64_MIN : from,
      hi: last ? INT64_MAX : end,
      rowids: (last ? this.max : end) - from + 1n,
    };
  }

  /** A chunk of `rowids` rowids (from min, when it is the first) held `rows` rows. */
  observe(rowids: bigint, rows: number): void {
    this.rowids += rowids;
    this.rows += rows;
    const perRowid = this.rows / Number(this.rowids);
    const w = perRowid > 0 ? Math.round(this.rowsPerChunk / perRowid) : Number(this.width) * 4;
    this.width = BigInt(Math.min(1 << 24, Math.max(16, w)));
  }
}

interface Batch {
  bytes: Buffer;
  rowEnds: Uint32Array;
  rows: number;
}

interface WorkerState {
  link: WorkerLink;
  /** Chunks assigned and not yet ended, in the order it reads them. */
  assigned: number[];
  inFlight: number;
  buffered: number;
  /** Answered `session`. */
  open: boolean;
  /** Set by retire(): called once it has read its chunks and closed its session. */
  retiring: (() => void) | null;
  /** Asked to close its session (retiring): its `closed` is awaited, never asked for twice. */
  closing: boolean;
  /** Gone back to the pool. */
  retired: boolean;
}

interface ChunkState {
  owner: WorkerState;
  /** The rowids it spans (its first and last are open: counted from min and to max). */
  rowids: bigint;
  rows: number;
  batches: Batch[];
  ended: boolean;
}

export class PartitionedResult {
  private readonly workers: WorkerState[];
  private readonly states = new Map<number, ChunkState>();
  /** Chunks handed out so far (the next one's index). */
  private assigned = 0;
  private failure: Error | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly encoder: ResultEncoder;
  private out: Buffer[] = [];

  constructor(
    links: WorkerLink[],
    private readonly chunks: RowidChunks,
    private readonly sql: string,
    private readonly params: unknown[],
    private readonly spec: EncodeSpec,
    private readonly batchSize: number,
  ) {
    this.workers = links.map((link) => ({
      link,
      assigned: [],
      inFlight: 0,
      buffered: 0,
      open: false,
      retiring: null,
      closing: false,
      retired: false,
    }));
    this.encoder = new ResultEncoder(spec, (chunk) => {
      this.out.push(chunk);
    });
  }

  /** Opens every worker's read session (call while writes are held: the snapshots are taken now). */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let waiting = this.workers.length;
      // Writes wait while this runs (holdWrites): a worker that does not answer must not hold them up for long.
      const timer = setTimeout(
        () => this.fail(new Error(`a query worker did not open its read session within ${SESSION_OPEN_MS} ms`), reject),
        SESSION_OPEN_MS,
      );
      const failed = (e: Error) => {
        clearTimeout(timer);
        this.fail(e, reject);
      };
      for (const w of this.workers) {
        w.link.onFailure = failed;
        w.link.onMessage = (m) => {
          if (m.kind === 'session') {
            w.open = true;
            if (--waiting === 0) {
              clearTimeout(timer);
              resolve();
            }
          } else if (m.kind === 'error') failed(new Error(m.message));
          else this.receive(w, m);
        };
        w.link.post({ op: 'session', sql: this.sql, params: this.params, spec: this.spec, batchSize: this.batchSize });
      }
    });
  }

  private fail(e: Error, reject?: (e: Error) => void): void {
    this.failure ??= e;
    reject?.(e);
    this.notify();
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private receive(w: WorkerState, m: FromWorker): void {
    if (this.stopped) return;
    if (m.kind === 'body') {
      w.inFlight--;
      w.buffered++;
      const state = this.states.get(m.index)!;
      state.rows += m.rows;
      state.batches.push({
        bytes: Buffer.from(m.bytes),
        rowEnds: new Uint32Array(m.rowEnds),
        rows: m.rows,
      });
    } else if (m.kind === 'chunkEnd') {
      w.inFlight--;
      const state = this.states.get(m.index)!;
      state.ended = true;
      this.chunks.observe(state.rowids, state.rows);
      w.assigned.shift();
    } else if (m.kind === 'starved') w.inFlight--;
    this.notify();
    this.pump(w);
    this.retireIfIdle(w);
  }

  /**
   * Lets worker k go: it gets no more chunks, reads the ones it holds, closes its session and `done` is called (it may
   * then serve another query). The other workers read the rest. Nothing happens once the result has ended.
   */
  retire(k: number, done: () => void): void {
    const w = this.workers[k];
    if (!w || w.retiring || w.retired || this.stopped || this.failure) return;
    w.retiring = done;
    this.retireIfIdle(w);
  }

  private retireIfIdle(w: WorkerState): void {
    if (!w.retiring || w.assigned.length > 0 || w.inFlight > 0) return;
    const done = w.retiring;
    w.retiring = null;
    w.closing = true;
    w.link.onMessage = (m) => {
      if (m.kind !== 'closed') return;
      w.retired = true;
      done();
    };
    w.link.post({ op: 'close' });
    // Its chunks may have been the last handed out: the others take the rest.
    for (const other of this.workers) this.pump(other);
  }

  private assign(w: WorkerState): void {
    const c = this.chunks.next();
    if (!c) return;
    const index = this.assigned++;
    this.states.set(index, { owner: w, rowids: c.rowids, rows: 0, batches: [], ended: false });
    w.assigned.push(index);
    w.link.post({ op: 'chunk', index, lo: c.lo, hi: c.hi });
  }

  /** Keeps a worker two chunks ahead and its reads in flight, within its share of the buffer. */
  private pump(w: WorkerState): void {
    if (this.stopped || this.failure || !w.open || w.retired) return;
    if (!w.retiring) while (w.assigned.length < 2 && !this.chunks.done) this.assign(w);
    while (w.assigned.length > 0 && w.inFlight < READS_IN_FLIGHT && w.inFlight + w.buffered < BUFFERED_BATCHES) {
      w.inFlight++;
      w.link.post({ op: 'read' });
    }
  }

  /** The bytes the encoder wrote since the last piece, as transferable-style ArrayBuffers (what streamQuery takes). */
  private piece(): EncodedPiece {
    const chunks = this.out.map(ownArrayBuffer);
    this.out = [];
    return { chunks, rows: this.encoder.rows, overflow: this.encoder.overflow };
  }

  /** The whole document: header, the chunks' rows in chunk order (at most spec.maxrec), end. */
  async *pieces(): AsyncGenerator<EncodedPiece> {
    // Chunks are handed out in turn first, so the workers start on neighbouring chunks.
    for (let k = 0; k < 2; k++) for (const w of this.workers) this.assign(w);
    for (const w of this.workers) this.pump(w);
    await this.encoder.header();
    yield this.piece();
    const maxrec = this.spec.maxrec;
    let current = 0;
    let full = false;
    while (current < this.assigned || !this.chunks.done) {
      if (this.failure) throw this.failure;
      // finish() ended the document meanwhile (a stop noticed while this waited for a batch): nothing more to write.
      if (this.stopped) return;
      const state = this.states.get(current);
      if (!state) {
        // Every chunk handed out is written: hand out more.
        for (const w of this.workers) this.pump(w);
        if (!this.states.has(current)) {
          // Every worker retiring or retired, none to hand the rest to: cannot happen (the first is never retired).
          if (this.workers.every((w) => w.retiring || w.retired)) throw new Error('no worker left to read the result');
          await this.wait();
        }
        continue;
      }
      const batch = state.batches.shift();
      if (batch) {
        state.owner.buffered--;
        this.pump(state.owner);
        if (batch.rows === 0) continue;
        const left = maxrec - this.encoder.rows;
        if (full || batch.rows > left) {
          // MAXREC: the rows up to it, and the OVERFLOW INFO (there was at least one row more).
          this.encoder.overflow = true;
          if (left > 0) await this.encoder.writeBody(batch.bytes.subarray(0, batch.rowEnds[left - 1]), left);
          break;
        }
        await this.encoder.writeBody(batch.bytes, batch.rows);
        full = this.encoder.rows === maxrec;
        if (this.out.length > 0) yield this.piece();
        continue;
      }
      if (state.ended) {
        this.states.delete(current);
        current++;
        continue;
      }
      await this.wait();
    }
    this.stopped = true;
    await this.encoder.end();
    yield this.piece();
  }

  /** Ends the document early with trailing INFOs (a stopped query): the end is written here, no worker is asked. */
  async finish(trailingInfos: Info[]): Promise<EncodedPiece> {
    this.stopped = true;
    await this.encoder.end(trailingInfos);
    return this.piece();
  }

  /**
   * Stops the workers: each closes its session (true) or does not answer within timeoutMs (false: end it). A worker
   * already retired is not this result's any more: true, and nothing is sent to it.
   */
  close(timeoutMs: number): Promise<boolean[]> {
    this.stopped = true;
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<boolean>((resolve) => {
            if (w.retired) {
              resolve(true);
              return;
            }
            if (this.failure && !w.open) {
              resolve(false);
              return;
            }
            const timer = setTimeout(() => resolve(false), timeoutMs);
            w.link.onFailure = () => {
              clearTimeout(timer);
              resolve(false);
            };
            // A worker retiring has been asked already: its answer ends it here instead (it goes back with the rest).
            w.link.onMessage = (m) => {
              if (m.kind !== 'closed') return;
              clearTimeout(timer);
              resolve(true);
            };
            if (!w.closing) w.link.post({ op: 'close' });
          }),
      ),
    );
  }
}

export type { PartitionPlan };
