import PQueue from "p-queue";

export type Task = () => Promise<void>;

/**
 * Runs reviews after the webhook is answered: at most `concurrency` at once over all pull requests,
 * and one at a time per pull request (key), in arrival order. A job waiting for its PR holds no slot.
 */
export class ReviewQueue {
  readonly #pool: PQueue;
  readonly #tails = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #onError: (error: unknown, key: string) => void;
  readonly #debounced = new Map<string, { timer: NodeJS.Timeout; onSuperseded: () => void; done: () => void }>();
  readonly #delayed = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  constructor(options: { concurrency: number; onError: (error: unknown, key: string) => void }) {
    this.#pool = new PQueue({ concurrency: options.concurrency });
    this.#onError = options.onError;
  }

  enqueue(key: string, task: Task): void {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const job: Promise<void> = previous
      .then(() => this.#pool.add(task))
      .catch((error: unknown) => this.#onError(error, key))
      .finally(() => {
        this.#inFlight.delete(job);
        if (this.#tails.get(key) === job) this.#tails.delete(key);
      });
    this.#tails.set(key, job);
    this.#inFlight.add(job);
  }

  /**
   * Runs `task` in the key's lane after `delayMs` of quiet: a newer call for the same key within the
   * delay replaces the waiting task (its `onSuperseded` is called), so a burst gives one run, of the last.
   */
  enqueueDebounced(key: string, delayMs: number, task: Task, onSuperseded: () => void = () => {}): void {
    const waiting = this.#debounced.get(key);
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.onSuperseded();
      waiting.done();
    }
    let done = () => {};
    const pending = new Promise<void>((resolve) => (done = resolve));
    this.#inFlight.add(pending);
    void pending.finally(() => this.#inFlight.delete(pending));
    const timer = setTimeout(() => {
      this.#debounced.delete(key);
      this.enqueue(key, task);
      done();
    }, delayMs);
    this.#debounced.set(key, { timer, onSuperseded, done });
  }

  /** Runs `task` in the key's lane after `delayMs` (a retry with backoff); tracked like any job. */
  enqueueAfter(key: string, delayMs: number, task: Task): void {
    let done = () => {};
    const pending = new Promise<void>((resolve) => (done = resolve));
    this.#inFlight.add(pending);
    void pending.finally(() => this.#inFlight.delete(pending));
    const entry = {
      timer: setTimeout(() => {
        this.#delayed.delete(entry);
        this.enqueue(key, task);
        done();
      }, delayMs),
      done,
    };
    this.#delayed.add(entry);
  }

  /**
   * For shutdown: drops waiting timers (debounced pushes, retries: their jobs are kept on disk and run
   * on the next start), starts nothing new, and resolves when the running jobs finish.
   */
  async stop(): Promise<void> {
    for (const entry of [...this.#debounced.values(), ...this.#delayed]) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.#debounced.clear();
    this.#delayed.clear();
    this.#pool.pause();
    await this.#pool.onPendingZero();
  }

  /** Jobs accepted and not yet finished (waiting or running). */
  get depth(): number {
    return this.#inFlight.size;
  }

  /** Resolves once every accepted job has finished, including jobs added meanwhile. */
  async onIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
