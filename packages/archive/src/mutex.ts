// A FIFO async lock: with one SQLite connection, a transaction's awaits must not let other statements in.
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** Callers holding the lock or waiting for it. */
  private users = 0;

  async lock<T>(fn: () => Promise<T> | T): Promise<T> {
    this.users++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    try {
      return await fn();
    } finally {
      this.users--;
      release();
    }
  }

  /** Runs fn under the lock if nobody holds it or waits for it; undefined (fn not run) otherwise. */
  tryLock<T>(fn: () => Promise<T> | T): Promise<T> | undefined {
    return this.users === 0 ? this.lock(fn) : undefined;
  }
}
