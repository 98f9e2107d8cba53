// A tiny benchmark harness: each package's `src/*.bench.ts` default-exports a function returning BenchResult rows;
// `npm run bench` (bench/run.ts) prints them as one table and writes bench/results.json.

export interface BenchResult {
  /** Package that owns the measurement, e.g. "sky". */
  group: string;
  /** What was measured, e.g. "HEALPix ang2pix order 12". */
  name: string;
  /** The figure and its unit, e.g. 12.3 and "M ops/s" or "MB/s". */
  value: number;
  unit: string;
  /** Optional comparison: "x faster than reading the whole file", etc. */
  ratio?: number;
  ratioOf?: string;
  note?: string;
}

/**
 * Times `fn` (called `iterations` times per round) over several rounds and returns the best rate in operations per
 * second, after a warm-up round. `opsPerCall` scales calls to operations (e.g. one call converts 10,000 pixels).
 */
export function opsPerSecond(fn: () => void, iterations: number, opsPerCall = 1, rounds = 5): number {
  for (let i = 0; i < Math.min(iterations, 1000); i++) fn();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, (iterations * opsPerCall) / seconds);
  }
  return best;
}

/** Best wall time in seconds of an async function over a few rounds. */
export async function bestSeconds(fn: () => Promise<void> | void, rounds = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}
