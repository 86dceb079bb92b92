import type { ApplicationFunction } from "probot";
import { createGlmReview } from "./create-glm-review.js";

/**
 * Probot entry (`probot run ./lib/index.js`): the app built from the process environment. SIGTERM
 * (docker stop, a rolling update) drains: running reviews finish within SHUTDOWN_GRACE_MS, the rest
 * are kept on disk and run on the next start; then the process exits 0.
 */
const app: ApplicationFunction = (probot, options) => {
  const glm = createGlmReview(process.env);
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
  return glm.app(probot, options);
};

export default app;
