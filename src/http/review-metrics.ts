import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The app's Prometheus metrics, on a registry of its own (several app instances can share a process in tests). */
export class ReviewMetrics {
  readonly registry = new Registry();
  readonly reviews = new Counter({ name: "glm_review_reviews_total", help: "Reviews run, by trigger", labelNames: ["trigger"] as const, registers: [this.registry] });
  readonly skipped = new Counter({ name: "glm_review_skipped_total", help: "Triggers not reviewed, by reason", labelNames: ["reason"] as const, registers: [this.registry] });
  readonly delegateOutcomes = new Counter({ name: "glm_review_delegate_outcomes_total", help: "Delegate pass outcomes", labelNames: ["outcome"] as const, registers: [this.registry] });
  readonly tokens = new Counter({ name: "glm_review_tokens_total", help: "Model tokens from the answers' usage, by role and kind", labelNames: ["role", "kind"] as const, registers: [this.registry] });
  readonly costUsd = new Counter({ name: "glm_review_cost_usd_total", help: "Model spend in USD from the answers' usage and the configured prices, by role", labelNames: ["role"] as const, registers: [this.registry] });
  readonly modelNotServed = new Counter({ name: "glm_review_model_not_served_total", help: "Calls refused because the endpoint does not serve the configured model, by role", labelNames: ["role"] as const, registers: [this.registry] });
  readonly jobs = new Counter({ name: "glm_review_jobs_total", help: "Accepted jobs by outcome (done, retried, gave_up, resumed, spooled, unreadable)", labelNames: ["outcome"] as const, registers: [this.registry] });
  readonly failures = new Counter({ name: "glm_review_failures_total", help: "Reviews that ended in an error, by stage", labelNames: ["stage"] as const, registers: [this.registry] });
  readonly findings = new Counter({ name: "glm_review_findings_total", help: "Inline findings by event in their life: posted, applied, fixed, dismissed", labelNames: ["event"] as const, registers: [this.registry] });
  readonly threadAnswers = new Counter({
    name: "glm_review_thread_answers_total",
    help: "/glm questions in the app's threads, by outcome: answered, not_permitted, limit, no_lead, failed",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: "glm_review_duration_seconds",
    help: "Time from job start to the final summary",
    buckets: [0.5, 1, 2, 5, 10, 20, 40, 60, 120, 300],
    registers: [this.registry],
  });
  readonly queueDepth: Gauge;
  readonly tokensCommittedToday: Gauge;

  #queueDepth: () => Promise<number> = async () => 0;

  constructor(read: { tokensCommittedToday: () => Promise<number>; redisUp?: () => boolean }) {
    const queueDepth = () => this.#queueDepth();
    this.queueDepth = new Gauge({
      name: "glm_review_queue_depth",
      help: "Review jobs accepted and not finished (in Redis mode: the whole deployment's queue plus this replica's spool)",
      registers: [this.registry],
      async collect() {
        await refreshWithin(this, queueDepth);
      },
    });
    const redisUp = read.redisUp;
    if (redisUp) {
      new Gauge({ name: "glm_review_redis_up", help: "1 while Redis answers, 0 while webhooks are spooled to local disk", registers: [this.registry], collect() { this.set(redisUp() ? 1 : 0); } });
    }
    this.tokensCommittedToday = new Gauge({
      name: "glm_review_delegate_tokens_today",
      help: "Delegate tokens spent or reserved in the current UTC day",
      registers: [this.registry],
      async collect() {
        await refreshWithin(this, read.tokensCommittedToday);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: "glm_review_" });
  }

  /** The queue depth gauge reads the scheduler, which is built after the metrics it reports to. */
  watchQueueDepth(read: () => Promise<number>): void {
    this.#queueDepth = read;
  }
}

/** /metrics answers within this even when a gauge's source (Redis) hangs rather than fails. */
const GAUGE_READ_DEADLINE_MS = 1_000;

/** Sets the gauge from `read`; a source that fails or does not answer in time leaves the last value. */
async function refreshWithin(gauge: Gauge, read: () => Promise<number>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), GAUGE_READ_DEADLINE_MS)));
  const value = await Promise.race([read().catch(() => undefined), deadline]);
  clearTimeout(timer);
  if (value !== undefined) gauge.set(value);
}
