/**
 * Every Redis key the app writes, built in one place (as BullMQ's own queue-keys.ts does): a rename or
 * a second deployment on one Redis (another prefix) is one change here. A single Redis, not a Cluster:
 * the Lua scripts touch keys that need not share a hash slot.
 */
export class RedisKeys {
  constructor(readonly prefix = "glm") {}

  /** BullMQ's own prefix and queue name: its keys are `<prefix>:<queue>:…`. */
  readonly queueName = "reviews";

  /** The hash BullMQ keeps for one job (id = delivery id): its data, state and return value. */
  bullJob(deliveryId: string): string {
    return `${this.prefix}:${this.queueName}:${deliveryId}`;
  }

  /** A delivery's claim: set once per deployment, so a redelivery is told apart. */
  deliveryClaim(deliveryId: string): string {
    return `${this.prefix}:delivery:${deliveryId}`;
  }

  /** A delivery whose review finished: a late second run of it (after a lost lock) skips. */
  deliveryDone(deliveryId: string): string {
    return `${this.prefix}:done:${deliveryId}`;
  }

  /** A PR's pull_request triggers, scored by `triggerSequence`: the newest one wins. */
  pullRequestTriggers(prKey: string): string {
    return `${this.prefix}:pr-triggers:${prKey}`;
  }

  /** One counter all replicas share, so "newest trigger" means the same everywhere. */
  triggerSequence(): string {
    return `${this.prefix}:trigger-seq`;
  }

  /** At most one running review per PR across replicas. */
  pullRequestLock(prKey: string): string {
    return `${this.prefix}:pr-lock:${prKey}`;
  }

  delegateOutcome(deliveryId: string): string {
    return `${this.prefix}:delegate:${deliveryId}`;
  }

  reservationSequence(): string {
    return `${this.prefix}:reservation-seq`;
  }

  /** A reservation's key is this prefix and its id (the Lua script appends the id). */
  reservationPrefix(): string {
    return `${this.prefix}:reservation:`;
  }

  reservation(reservationId: number): string {
    return `${this.reservationPrefix()}${reservationId}`;
  }

  /** Thread answers given on a PR on one UTC day (THREAD_ANSWERS_PER_PR). */
  threadAnswers(prKey: string, day: string): string {
    return `${this.prefix}:thread-answers:${day}:${prKey}`;
  }

  reviewedHead(prKey: string): string {
    return `${this.prefix}:head:${prKey}`;
  }

  postedFindings(prKey: string): string {
    return `${this.prefix}:findings:${prKey}`;
  }

  /** A PR's finding records: a hash, fingerprint → JSON, plus a list keeping the order they were posted in. */
  findingRecords(prKey: string): string {
    return `${this.prefix}:finding-records:${prKey}`;
  }

  findingOrder(prKey: string): string {
    return `${this.prefix}:finding-order:${prKey}`;
  }

  tokensOfDay(day: string): string {
    return `${this.prefix}:tokens:${day}`;
  }

  tokensOfRepo(day: string, repo: string): string {
    return `${this.prefix}:tokens:${day}:repo:${repo}`;
  }
}
