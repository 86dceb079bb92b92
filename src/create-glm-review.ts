import type { ApplicationFunction, Context, Probot } from "probot";
import type { GitHubClient } from "./github/github-client.js";
import { createChatClient } from "./models/create-chat-client.js";
import { ReviewMetrics } from "./observability/review-metrics.js";
import { JobRunner } from "./pipeline/job-runner.js";
import type { ReviewServices } from "./pipeline/review-context.js";
import type { JobSession } from "./pipeline/run-review-job.js";
import { createRouteHandler } from "./routes/create-route-handler.js";
import { loadSettings } from "./settings/load-settings.js";
import { SqliteReviewStore } from "./store/sqlite-review-store.js";
import { utcDay, type ReviewStore } from "./store/review-store.js";
import { decideCommandTrigger } from "./triggers/decide-command-trigger.js";
import { decidePullRequestTrigger } from "./triggers/decide-pull-request-trigger.js";
import { pullRequestKey, type ReviewJob, type TriggerDecision } from "./triggers/review-job.js";

export interface GlmReview {
  app: ApplicationFunction;
  /** Resolves when every accepted review has finished (tests). */
  whenIdle(): Promise<void>;
  /** SIGTERM: running reviews get `graceMs` to finish; the rest stay on disk for the next start. */
  drain(graceMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The lead may retry (cheap); the delegate never does: one trigger, one billable call. */
const LEAD_SDK_RETRIES = 2;

/**
 * Builds the app from the environment: settings are validated here, so a bad variable stops the start
 * with a message naming it. Wiring only: the webhook handlers decide, accept (claim + keep the job on
 * disk), queue, return.
 */
export function createGlmReview(env: NodeJS.ProcessEnv, options: { now?: () => Date } = {}): GlmReview {
  const settings = loadSettings(env);
  let store: ReviewStore | undefined;
  let runner: JobRunner | undefined;

  const app: ApplicationFunction = (probot: Probot, { addHandler }) => {
    for (const warning of settings.warnings) probot.log.warn(warning);
    const reviewStore = (store = new SqliteReviewStore(settings.dataDir));
    const now = options.now ?? (() => new Date());
    let queueDepth = () => 0;
    const metrics = new ReviewMetrics({
      queueDepth: () => queueDepth(),
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
    /**
     * A job's GitHub session, built when it starts (a waiting job holds no webhook context): the
     * installation's client (Probot caches its tokens) and the config plugin context.config wraps.
     */
    async function sessionFor(job: ReviewJob, installationId: number | undefined): Promise<JobSession> {
      const octokit = (await probot.auth(installationId)) as GitHubClient;
      return {
        octokit,
        loadConfig: async (file) => {
          const { config, files } = await octokit.config.get({ owner: job.owner, repo: job.repo, path: `.github/${file}` });
          return files.some((f) => f.config !== null) ? config : null;
        },
      };
    }

    const jobs = (runner = new JobRunner(services, sessionFor, (error, key) => probot.log.error({ err: error, pr: key }, "review failed")));
    queueDepth = () => jobs.queue.depth;

    const logFor = (job: ReviewJob) => probot.log.child({ delivery: job.deliveryId, pr: pullRequestKey(job), trigger: job.trigger });

    async function accept(context: Context, decision: TriggerDecision): Promise<void> {
      if (!decision.run) {
        // Events that are simply not ours stay at debug; a refused or broken trigger is worth a line.
        const level = decision.code === "not_a_trigger" ? "debug" : "info";
        context.log[level]({ delivery: context.id, reason: decision.reason }, `skipped: ${decision.reason}`);
        metrics.skipped.inc({ reason: decision.code });
        return;
      }
      const job = decision.job;
      const log = logFor(job);
      const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
      if (!(await jobs.accept(job, installationId, log))) {
        metrics.skipped.inc({ reason: "duplicate_delivery" });
        log.info("skipped: delivery already handled");
        return;
      }
      log.info("queued");
    }

    probot.on("pull_request", (context) => accept(context, decidePullRequestTrigger(context.id, context.payload)));
    probot.on("issue_comment", (context) => accept(context, decideCommandTrigger(context.id, context.payload)));
    addHandler(createRouteHandler(metrics));
    void jobs.resume(logFor).then(
      (count) => count > 0 && probot.log.info({ count }, "resumed accepted jobs"),
      (error: unknown) => probot.log.error({ err: error }, "could not resume accepted jobs; they stay on disk"),
    );
  };

  return {
    app,
    whenIdle: async () => runner?.queue.onIdle(),
    drain: async (graceMs = settings.shutdownGraceMs) => {
      await runner?.drain(graceMs);
      await store?.close();
    },
    close: async () => {
      await runner?.queue.onIdle();
      await store?.close();
    },
  };
}
