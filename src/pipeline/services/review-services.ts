import type { ChatEndpoint } from "../../models/chat-endpoint.js";
import type { Logger } from "pino";
import type { ReviewMetrics } from "../../http/review-metrics.js";
import type { Settings } from "../../settings/settings-schema.js";
import type { ReviewStore } from "../../store/review-store.js";

/** The long-lived pieces every review uses, built once at start and passed in. */
export interface ReviewServices {
  settings: Settings;
  store: ReviewStore;
  metrics: ReviewMetrics;
  lead: ChatEndpoint | null;
  delegate: ChatEndpoint;
  /** The narrow coder (a cheap model on the lead's endpoint); null when there is none. */
  coder: ChatEndpoint | null;
  now: () => Date;
}

export type ReviewLogger = Pick<Logger, "info" | "warn" | "error" | "debug">;
