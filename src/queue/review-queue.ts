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

  /** Jobs accepted and not yet finished (waiting or running). */
  get depth(): number {
    return this.#inFlight.size;
  }

  /** Resolves once every accepted job has finished, including jobs added meanwhile. */
  async onIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
