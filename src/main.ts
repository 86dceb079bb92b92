import { run } from "probot";
import { createGlmOctokit } from "./github/glm-octokit.js";
import app from "./index.js";
import { githubRequestTimeoutMs } from "./settings/load-settings.js";

/**
 * `npm start`: Probot's own `run` (the same environment, .env handling and setup page as `probot run`),
 * given the Octokit class whose timeout, retry and throttling are configured for reviews.
 */
await run(app, { Octokit: createGlmOctokit(() => githubRequestTimeoutMs(process.env)) });
