import type { ApplicationFunction } from "probot";
import { createGlmReview } from "./create-glm-review.js";

/** Probot entry (`probot run ./lib/index.js`): the app built from the process environment. */
const app: ApplicationFunction = (probot, options) => createGlmReview(process.env).app(probot, options);

export default app;
