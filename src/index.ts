import type { ApplicationFunction, Probot } from "probot";
import { createGlmReview, type GlmReview } from "./create-glm-review.js";

/**
 * The Probot app, built from the process environment (main.ts starts it; `probot run ./lib/index.js`
 * works too, with Probot's default Octokit options). SIGTERM (docker stop, a rolling update) drains:
 * running reviews finish within SHUTDOWN_GRACE_MS, the rest stay queued (on disk, or in Redis for
 * another replica); then the process exits 0. A start that cannot work (bad settings, REDIS_URL set
 * and Redis not answering) exits 1 with the reason.
 */
const app: ApplicationFunction = async (probot, options) => {
  let glm: GlmReview;
  try {
    glm = createGlmReview(process.env);
  } catch (error) {
    return exitOnStartFailure(probot, error);
  }
  process.once("SIGTERM", () => {
    probot.log.info("SIGTERM: draining running reviews");
    void glm.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        probot.log.error({ err: error }, "drain failed");
        process.exit(1);
      },
    );
  });
  try {
    await glm.app(probot, options);
  } catch (error) {
    await glm.close().catch(() => {});
    exitOnStartFailure(probot, error);
  }
};

function exitOnStartFailure(probot: Probot, error: unknown): never {
  probot.log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

export default app;
