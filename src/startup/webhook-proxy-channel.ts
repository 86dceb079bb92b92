import pRetry from "p-retry";
import { SmeeClient } from "smee-client";

interface ChannelLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface ProxyChannelOptions {
  /** WEBHOOK_PROXY_URL: the smee-style channel. */
  source: string;
  /** This server's webhook URL, where relayed deliveries are posted. */
  target: string;
  log: ChannelLog;
  /** First wait after a failed connection; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

const reasonOf = (error: unknown): string => {
  const message = (error as { message?: unknown })?.message;
  return (typeof message === "string" && message !== "" ? message : "the connection failed").replace(/\s+/g, " ").slice(0, 200);
};

/**
 * The webhook proxy channel (smee-client), kept open for the life of the process. Probot's own proxy
 * start rejects on the first connection error and the process exits with an ErrorEvent dump, so a
 * smee.io outage would stop every local install. Here the server keeps serving: a lost or unreachable
 * channel is retried with doubling backoff (p-retry), and the log gets one warn line per change of
 * state (lost, back), never one per attempt.
 */
export class WebhookProxyChannel {
  readonly #options: Required<ProxyChannelOptions>;
  readonly #stop = new AbortController();
  #client: SmeeClient | null = null;
  #state: "starting" | "open" | "lost" = "starting";
  #loop: Promise<void> | null = null;

  constructor(options: ProxyChannelOptions) {
    this.#options = { minDelayMs: 1_000, maxDelayMs: 60_000, ...options };
  }

  /** Connects in the background; never throws. */
  start(): void {
    this.#loop ??= this.#run().catch((error: unknown) => {
      if (!this.#stop.signal.aborted) this.#options.log.warn(`webhook proxy: stopped retrying (${reasonOf(error)})`);
    });
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#client?.stop();
    this.#client = null;
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { minDelayMs, maxDelayMs } = this.#options;
    while (!this.#stop.signal.aborted) {
      const { closed } = await pRetry(() => this.#connect(), {
        forever: true,
        factor: 2,
        minTimeout: minDelayMs,
        maxTimeout: maxDelayMs,
        signal: this.#stop.signal,
        onFailedAttempt: (error) => this.#lost(error),
      });
      this.#opened();
      this.#lost(await closed);
    }
  }

  /** One connection: resolves once open, with a promise of the error that later ends it. */
  async #connect(): Promise<{ closed: Promise<unknown> }> {
    const { source, target, log } = this.#options;
    // A channel that accepts the connection and sends nothing is given up too, and retried.
    const client = new SmeeClient({ source, target, logger: quietLogger(log), maxConnectionTimeout: 30_000 });
    this.#client = client;
    try {
      const events = await client.start();
      // From now on the channel is ours to reopen: eventsource's own reconnect would retry every 3 s forever.
      const closed = new Promise<unknown>((resolve) => {
        // Removed again when the connection ends: a long-lived channel reconnects many times.
        const onStop = () => resolve(null);
        this.#stop.signal.addEventListener("abort", onStop, { once: true });
        events.addEventListener(
          "error",
          (event) => {
            this.#stop.signal.removeEventListener("abort", onStop);
            void client.stop();
            resolve(event);
          },
          { once: true },
        );
      });
      return { closed };
    } catch (error) {
      await client.stop();
      throw Object.assign(new Error(reasonOf(error)), { cause: error });
    }
  }

  #opened(): void {
    const { source, target, log } = this.#options;
    if (this.#state === "lost") log.warn(`webhook proxy ${host(source)}: connected again; forwarding to ${target}`);
    else log.info(`Forwarding ${source} to ${target}`);
    this.#state = "open";
  }

  #lost(error: unknown): void {
    if (this.#stop.signal.aborted) return;
    const { source, log } = this.#options;
    const reason = reasonOf(error);
    if (this.#state === "lost") return log.debug(`webhook proxy ${host(source)}: still unreachable (${reason})`);
    const was = this.#state === "open" ? "lost" : "unreachable";
    log.warn(`webhook proxy ${host(source)}: ${was} (${reason}); webhooks through it wait, the server keeps serving; retrying with backoff`);
    this.#state = "lost";
  }
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * smee-client's own lines: each relayed delivery stays an info line; its connection errors (an
 * ErrorEvent dumped whole, on every attempt) are the channel's to report, once per change of state.
 */
function quietLogger(log: ChannelLog) {
  const text = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : reasonOf(a))).join(" ");
  return {
    info: (...args: unknown[]) => (/^POST /.test(String(args[0])) ? log.info(text(args)) : log.debug(text(args))),
    error: (...args: unknown[]) => (/^(Error in connection|Connection closed)/.test(String(args[0])) ? log.debug(text(args)) : log.warn(`webhook proxy: ${text(args)}`)),
    warn: (...args: unknown[]) => log.warn(`webhook proxy: ${text(args)}`),
    log: (...args: unknown[]) => log.debug(text(args)),
    debug: (...args: unknown[]) => log.debug(text(args)),
  };
}
