import type OpenAI from "openai";
import type { Logger } from "pino";
import type { ReviewMetrics } from "../http/review-metrics.js";
import type { Settings } from "../settings/settings-schema.js";
import type { ReviewStore } from "../store/review-store.js";

/** The long-lived pieces every review uses, built once at start and passed in. */
export interface ReviewServices {
  settings: Settings;
  store: ReviewStore;
  metrics: ReviewMetrics;
  leadClient: OpenAI | null;
  delegateClient: OpenAI;
  now: () => Date;
}

export type ReviewLogger = Pick<Logger, "info" | "warn" | "error" | "debug">;
