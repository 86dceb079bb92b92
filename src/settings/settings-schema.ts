import { z } from "zod";
import { LLM_PROVIDERS } from "../models/llm-provider.js";
import { REASONING_EFFORTS } from "../models/reasoning-params.js";

/** Defaults sized for Cloudflare's free lane (10,000 neurons a day): see "Why these defaults" in the README. */
export const SETTINGS_DEFAULTS = {
  delegateModel: "@cf/zai-org/glm-5.2",
  /** Cheapest live Workers AI text model with reasoning off (README, "Why these defaults"). */
  cloudflareLeadModel: "@cf/zai-org/glm-4.7-flash",
  delegateMaxTokens: 8192,
  /** Below this a reasoning model spends everything on thinking and answers nothing. */
  delegateMinMaxTokens: 1024,
  delegateStallMs: 60_000,
  delegateReasoningEffort: "high",
  leadReasoningEffort: "none",
  leadMaxCalls: 4,
  contextMaxFiles: 10,
  coderMaxCalls: 3,
  coderMaxTokens: 1200,
  coderInputTokens: 3000,
  coderTimeoutMs: 45_000,
  delegateInputTokens: 6000,
  /** The delegate prompt's ceiling: a bigger PR gets a bigger budget up to this (see delegate-input-budget.ts). */
  delegateMaxInputTokens: 16_000,
  delegateTimeoutMs: 120_000,
  /** A runaway guard in tokens (and the only bound where the delegate's prices are unknown); see dailyBudgetUsd. */
  dailyTokenBudget: 1_500_000,
  /** What a team that pays for GLM-5.2 spends on it a day at most: at Cloudflare's price, 90 of the largest reviews. */
  dailyBudgetUsd: 5,
  leadMaxTokens: 600,
  leadInputTokens: 4000,
  leadTimeoutMs: 60_000,
  reviewConcurrency: 2,
  /** Answers a PR gets a day to `/glm` questions in the app's threads (each one lead call). */
  threadAnswersPerPr: 20,
  syncDebounceMs: 30_000,
  jobMaxAttempts: 3,
  jobRetryBaseMs: 10_000,
  shutdownGraceMs: 25_000,
  jobLockMs: 30_000,
  githubRequestTimeoutMs: 30_000,
  reviewTimeoutMs: 600_000,
  dataDir: "./data",
} as const;

const positiveInt = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number (got something else)`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be greater than 0`);

/** One message per bad URL, whatever is wrong with it (a missing scheme is the usual slip). */
const schemeUrl = (name: string, schemes: RegExp, example: string) =>
  z
    .string()
    .trim()
    .refine((u) => {
      try {
        return schemes.test(new URL(u).protocol);
      } catch {
        return false;
      }
    }, `${name} must be a full URL with its scheme, such as ${example}`);

const httpUrl = (name: string) => schemeUrl(name, /^https?:$/, "https://host/v1");

const usdPerMillion = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a price in USD per million tokens, such as 1.40`)
    .transform(Number);

const effort = (name: string) => z.enum(REASONING_EFFORTS, { error: `${name} must be one of ${REASONING_EFFORTS.join(", ")}` });

const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankIsUnset, schema.optional());
/** Unset or blank: the default, already of the parsed type. */
const withDefault = <T extends z.ZodTypeAny>(schema: T, value: z.output<T>) => z.preprocess(blankIsUnset, schema.default(value as never)) as unknown as z.ZodType<z.output<T>, unknown>;

/** The environment variables this app reads itself (Probot reads APP_ID, PRIVATE_KEY, ... on its own), with their defaults. */
export const envSchema = z.object({
  LLM_BASE_URL: optional(httpUrl("LLM_BASE_URL")),
  LLM_API_KEY: optional(z.string()),
  LEAD_BASE_URL: optional(httpUrl("LEAD_BASE_URL")),
  LEAD_API_KEY: optional(z.string()),
  DELEGATE_BASE_URL: optional(httpUrl("DELEGATE_BASE_URL")),
  DELEGATE_API_KEY: optional(z.string()),
  CLOUDFLARE_ACCOUNT_ID: optional(
    z.string().trim().regex(/^[A-Za-z0-9]+$/, "CLOUDFLARE_ACCOUNT_ID must be the account id (letters and digits)"),
  ),
  CLOUDFLARE_API_TOKEN: optional(z.string()),
  LEAD_MODEL: optional(z.string().trim()),
  DELEGATE_MODEL: withDefault(z.string().trim(), SETTINGS_DEFAULTS.delegateModel),
  LLM_PROVIDER: optional(z.enum(LLM_PROVIDERS, { error: `LLM_PROVIDER must be one of ${LLM_PROVIDERS.join(", ")}` })),
  DELEGATE_REASONING_EFFORT: optional(effort("DELEGATE_REASONING_EFFORT")),
  LEAD_REASONING_EFFORT: optional(effort("LEAD_REASONING_EFFORT")),
  DELEGATE_STALL_MS: withDefault(positiveInt("DELEGATE_STALL_MS"), SETTINGS_DEFAULTS.delegateStallMs),
  DELEGATE_PRICE_INPUT: optional(usdPerMillion("DELEGATE_PRICE_INPUT")),
  DELEGATE_PRICE_OUTPUT: optional(usdPerMillion("DELEGATE_PRICE_OUTPUT")),
  DELEGATE_PRICE_CACHED_INPUT: optional(usdPerMillion("DELEGATE_PRICE_CACHED_INPUT")),
  LEAD_PRICE_INPUT: optional(usdPerMillion("LEAD_PRICE_INPUT")),
  LEAD_PRICE_OUTPUT: optional(usdPerMillion("LEAD_PRICE_OUTPUT")),
  LEAD_MAX_CALLS: withDefault(positiveInt("LEAD_MAX_CALLS"), SETTINGS_DEFAULTS.leadMaxCalls),
  CONTEXT_MAX_FILES: withDefault(z.string().trim().regex(/^\d+$/, "CONTEXT_MAX_FILES must be a whole number (0 turns definitions off)").transform(Number), SETTINGS_DEFAULTS.contextMaxFiles),
  CODER_MODEL: optional(z.string().trim()),
  CODER_MAX_CALLS: withDefault(z.string().trim().regex(/^\d+$/, "CODER_MAX_CALLS must be a whole number (0 turns the coder off)").transform(Number), SETTINGS_DEFAULTS.coderMaxCalls),
  CODER_MAX_TOKENS: withDefault(positiveInt("CODER_MAX_TOKENS"), SETTINGS_DEFAULTS.coderMaxTokens),
  CODER_TIMEOUT_MS: withDefault(positiveInt("CODER_TIMEOUT_MS"), SETTINGS_DEFAULTS.coderTimeoutMs),
  WEBHOOK_PROXY_URL: optional(httpUrl("WEBHOOK_PROXY_URL")),
  DELEGATE_MAX_TOKENS: withDefault(positiveInt("DELEGATE_MAX_TOKENS"), SETTINGS_DEFAULTS.delegateMaxTokens),
  DELEGATE_INPUT_TOKENS: withDefault(positiveInt("DELEGATE_INPUT_TOKENS"), SETTINGS_DEFAULTS.delegateInputTokens),
  DELEGATE_MAX_INPUT_TOKENS: withDefault(positiveInt("DELEGATE_MAX_INPUT_TOKENS"), SETTINGS_DEFAULTS.delegateMaxInputTokens),
  DELEGATE_TIMEOUT_MS: withDefault(positiveInt("DELEGATE_TIMEOUT_MS"), SETTINGS_DEFAULTS.delegateTimeoutMs),
  DAILY_TOKEN_BUDGET: withDefault(positiveInt("DAILY_TOKEN_BUDGET"), SETTINGS_DEFAULTS.dailyTokenBudget),
  DAILY_BUDGET_USD: withDefault(z.string().trim().regex(/^\d+(\.\d+)?$/, "DAILY_BUDGET_USD must be an amount in USD, such as 5 or 2.50 (0 turns the dollar budget off)").transform(Number), SETTINGS_DEFAULTS.dailyBudgetUsd),
  LEAD_MAX_TOKENS: withDefault(positiveInt("LEAD_MAX_TOKENS"), SETTINGS_DEFAULTS.leadMaxTokens),
  LEAD_INPUT_TOKENS: withDefault(positiveInt("LEAD_INPUT_TOKENS"), SETTINGS_DEFAULTS.leadInputTokens),
  LEAD_TIMEOUT_MS: withDefault(positiveInt("LEAD_TIMEOUT_MS"), SETTINGS_DEFAULTS.leadTimeoutMs),
  THREAD_ANSWERS_PER_PR: withDefault(z.string().trim().regex(/^\d+$/, "THREAD_ANSWERS_PER_PR must be a whole number (0 turns answers off)").transform(Number), SETTINGS_DEFAULTS.threadAnswersPerPr),
  REVIEW_CONCURRENCY: withDefault(positiveInt("REVIEW_CONCURRENCY"), SETTINGS_DEFAULTS.reviewConcurrency),
  SYNC_DEBOUNCE_MS: withDefault(positiveInt("SYNC_DEBOUNCE_MS"), SETTINGS_DEFAULTS.syncDebounceMs),
  JOB_MAX_ATTEMPTS: withDefault(positiveInt("JOB_MAX_ATTEMPTS"), SETTINGS_DEFAULTS.jobMaxAttempts),
  JOB_RETRY_BASE_MS: withDefault(positiveInt("JOB_RETRY_BASE_MS"), SETTINGS_DEFAULTS.jobRetryBaseMs),
  SHUTDOWN_GRACE_MS: withDefault(positiveInt("SHUTDOWN_GRACE_MS"), SETTINGS_DEFAULTS.shutdownGraceMs),
  DATA_DIR: withDefault(z.string().trim(), SETTINGS_DEFAULTS.dataDir),
  JOB_LOCK_MS: withDefault(positiveInt("JOB_LOCK_MS"), SETTINGS_DEFAULTS.jobLockMs),
  GITHUB_REQUEST_TIMEOUT_MS: withDefault(positiveInt("GITHUB_REQUEST_TIMEOUT_MS"), SETTINGS_DEFAULTS.githubRequestTimeoutMs),
  REVIEW_TIMEOUT_MS: withDefault(positiveInt("REVIEW_TIMEOUT_MS"), SETTINGS_DEFAULTS.reviewTimeoutMs),
  REDIS_URL: optional(
    schemeUrl("REDIS_URL", /^rediss?:$/, "redis://127.0.0.1:6379/0"),
  ),
  WEBHOOK_SECRET: optional(z.string()),
  PRIVATE_KEY: optional(z.string()),
});

export type RawEnv = z.infer<typeof envSchema>;

// The role and price types live with their users (models/, review/), which must not import settings/.
export type { EndpointSettings, RoleSettings } from "../models/role-settings.js";
export type { Prices } from "../review/answer/prices.js";
import type { RoleSettings } from "../models/role-settings.js";

export interface Settings {
  /** Absent when no LEAD_MODEL is known for the endpoint: the summary is then a file list. */
  lead: (RoleSettings & { maxCalls: number }) | null;
  /** `inputTokens` is the prompt budget's floor, `maxInputTokens` its ceiling. */
  delegate: RoleSettings & { maxInputTokens: number };
  /** The narrow coder: the lead's endpoint (never the delegate model), null with no lead endpoint or CODER_MAX_CALLS=0. */
  coder: (RoleSettings & { maxCalls: number }) | null;
  /** Files read for definitions beyond those whose hunks are in the delegate's prompt. */
  contextMaxFiles: number;
  webhookProxyUrl: string | undefined;
  dailyTokenBudget: number;
  /** The delegate's spend per UTC day in USD; null when off (0) or when the delegate's prices are unknown. */
  dailyBudgetUsd: number | null;
  reviewConcurrency: number;
  /** `/glm` questions answered per PR and UTC day (0: none). */
  threadAnswersPerPr: number;
  /** Quiet time after a push before its incremental review starts; a newer push restarts it. */
  syncDebounceMs: number;
  /** A job that keeps failing is tried this many times (backoff doubling from jobRetryBaseMs), then given up. */
  jobMaxAttempts: number;
  jobRetryBaseMs: number;
  /** SIGTERM: how long running reviews may take to finish before the process exits. */
  shutdownGraceMs: number;
  /**
   * Redis mode: how long a replica's claim on a running job (and on its pull request) lasts without
   * being renewed; a replica killed mid-review hands its job to another one after about this long.
   */
  jobLockMs: number;
  /** Every GitHub request is aborted after this (then retried like a 5xx by the retry plugin). */
  githubRequestTimeoutMs: number;
  /** A whole review: past it the job gives up its lane, its writes are fenced off, and it is retried. */
  reviewTimeoutMs: number;
  dataDir: string;
  /** Set: queue on BullMQ and state on Redis, shared by replicas. Unset: one process, state under dataDir. */
  redisUrl: string | undefined;
  /** Start-up remarks worth a log line (not errors). */
  warnings: string[];
  /** The app's own keys and secrets: masked wherever they would reach a prompt. */
  ownSecrets: string[];
}
