import type { ApplicationFunction, Context, Probot } from "probot";
import { createChatClient } from "./models/create-chat-client.js";
import { ReviewMetrics } from "./observability/review-metrics.js";
import type { ReviewServices } from "./pipeline/review-context.js";
import { authorizeCommand, runReviewJob, type JobSession } from "./pipeline/run-review-job.js";
import { ReviewQueue } from "./queue/review-queue.js";
import { createRouteHandler } from "./routes/create-route-handler.js";
import { loadSettings } from "./settings/load-settings.js";
import { SqliteReviewStore } from "./store/sqlite-review-store.js";
import { utcDay, type ReviewStore } from "./store/review-store.js";
import { decideCommandTrigger } from "./triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "./triggers/decide-pull-request-trigger.js";
import { pullRequestKey, type TriggerDecision } from "./triggers/review-job.js";

export interface GlmReview {
  app: ApplicationFunction;
  /** Resolves when every accepted review has finished (tests, graceful shutdown). */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

/** The lead may retry (cheap); the delegate never does: one trigger, one billable call. */
const LEAD_SDK_RETRIES = 2;

/**
 * Builds the app from the environment: settings are validated here, so a bad variable stops the start
 * with a message naming it. Wiring only: the webhook handlers decide, claim the delivery, queue, return.
 */
export function createGlmReview(env: NodeJS.ProcessEnv, options: { now?: () => Date } = {}): GlmReview {
  const settings = loadSettings(env);
  let store: ReviewStore | undefined;
  let queue: ReviewQueue | undefined;

  const app: ApplicationFunction = (probot: Probot, { addHandler }) => {
    for (const warning of settings.warnings) probot.log.warn(warning);
    const reviewStore = (store = new SqliteReviewStore(settings.dataDir));
    const now = options.now ?? (() => new Date());
    const reviewQueue = (queue = new ReviewQueue({
      concurrency: settings.reviewConcurrency,
      onError: (error, key) => probot.log.error({ err: error, pr: key }, "review failed"),
    }));
    const metrics = new ReviewMetrics({
      queueDepth: () => reviewQueue.depth,
      tokensCommittedToday: () => reviewStore.tokensCommitted(utcDay(now())),
    });
    const services: ReviewServices = {
      settings,
      store: reviewStore,
      metrics,
      leadClient: settings.lead ? createChatClient(settings.lead, { maxRetries: LEAD_SDK_RETRIES, timeoutMs: settings.lead.timeoutMs }) : null,
      delegateClient: createChatClient(settings.delegate, { maxRetries: 0, timeoutMs: settings.delegate.timeoutMs }),
      now,
    };

    async function accept(context: Context, decision: TriggerDecision): Promise<void> {
      if (!decision.run) {
        // Events that are simply not ours stay at debug; a refused or broken trigger is worth a line.
        const level = decision.code === "not_a_trigger" ? "debug" : "info";
        context.log[level]({ delivery: context.id, reason: decision.reason }, `skipped: ${decision.reason}`);
        metrics.skipped.inc({ reason: decision.code });
        return;
      }
      const job = decision.job;
      const key = pullRequestKey(job);
      const log = context.log.child({ delivery: context.id, pr: key, trigger: job.trigger });
      if (!(await reviewStore.claimDelivery(context.id))) {
        metrics.skipped.inc({ reason: "duplicate_delivery" });
        log.info("skipped: delivery already handled");
        return;
      }
      const session: JobSession = { octokit: context.octokit, loadConfig: (file) => context.config(file) };
      const review = () => reviewQueue.enqueue(key, () => runReviewJob(job, session, services, log));
      if (job.trigger === "synchronize") {
        // A burst of pushes gives one review, of the last push.
        reviewQueue.enqueueDebounced(key, settings.syncDebounceMs, () => runReviewJob(job, session, services, log), () => {
          metrics.skipped.inc({ reason: "superseded_push" });
          log.info("skipped: superseded by a newer push");
        });
      } else if (job.command) {
        // The gate runs outside the PR's lane: the reaction (or refusal) comes at once, even while an earlier review runs.
        reviewQueue.enqueue(`gate:${context.id}`, async () => {
          if (await authorizeCommand(job, session, services, log)) review();
        });
      } else {
        review();
      }
      log.info("queued");
    }

    probot.on("pull_request", (context) => accept(context, decidePullRequestTrigger(context.id, context.payload)));
    probot.on("issue_comment", (context) => accept(context, decideCommandTrigger(context.id, context.payload)));
    addHandler(createRouteHandler(metrics));
  };

  return {
    app,
    whenIdle: async () => queue?.onIdle(),
    close: async () => {
      await queue?.onIdle();
      await store?.close();
    },
  };
}
