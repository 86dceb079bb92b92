import { run } from "probot";
import { GlmOctokit } from "./github/glm-octokit.js";
import app from "./index.js";

/**
 * `npm start`: Probot's own `run` (the same environment, .env handling and setup page as `probot run`),
 * given the Octokit class whose retry and throttling plugins are configured for reviews.
 */
await run(app, { Octokit: GlmOctokit });
