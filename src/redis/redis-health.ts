import type { Redis } from "ioredis";

/**
 * Whether Redis answers, as seen by the client on the webhook's answer path. While it is down the app
 * stays up (webhooks are answered and spooled to disk), so /healthz says "degraded" rather than failing.
 */
export class RedisHealth {
  #downSince: Date | undefined;
  #lastError: string | undefined;
  #listeners: (() => void)[] = [];

  constructor(client: Redis) {
    client.on("ready", () => {
      this.#downSince = undefined;
      for (const listener of this.#listeners) listener();
    });
    const down = () => (this.#downSince ??= new Date());
    client.on("close", down);
    client.on("end", down);
    client.on("error", (error: Error) => {
      this.#lastError = error.message;
      down();
    });
  }

  get up(): boolean {
    return this.#downSince === undefined;
  }

  /** For /healthz: null while Redis answers. */
  describe(): { downSince: string; lastError: string | undefined } | null {
    return this.#downSince ? { downSince: this.#downSince.toISOString(), lastError: this.#lastError } : null;
  }

  /** Called each time Redis is reachable again (to forward the spool). */
  onReady(listener: () => void): void {
    this.#listeners.push(listener);
  }
}
