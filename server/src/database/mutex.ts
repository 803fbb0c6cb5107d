/** A FIFO async mutex: `acquire()` resolves with a release function once the caller owns the lock. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private held = false;
  private heldAt = 0;

  get pending(): number {
    return this.waiting;
  }

  /** Someone owns the lock now (pool metrics). */
  get locked(): boolean {
    return this.held;
  }

  /** How long the current owner has held the lock (ms), or undefined when it is free. */
  heldForMs(now = performance.now()): number | undefined {
    return this.held ? now - this.heldAt : undefined;
  }

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    this.waiting++;
    return prev.then(() => {
      this.waiting--;
      this.held = true;
      this.heldAt = performance.now();
      let done = false;
      return () => {
        if (!done) {
          done = true;
          this.held = false;
          release();
        }
      };
    });
  }
}
