import type { PathInstruction } from "../review/prompt/maintainer-instructions.js";
import { z } from "zod";

/** `.github/glm-review.yml`: every key optional, each with its default here. */
export const REPO_CONFIG_DEFAULTS = {
  auto_review: true,
  review_drafts: false,
  ignore: [] as string[],
  max_findings: 10,
  /** Review each push (debounced), only what changed since the last reviewed head. */
  incremental: true,
  /** Optional cap on this repository's delegate tokens per UTC day, inside DAILY_TOKEN_BUDGET. */
  daily_token_cap: null as number | null,
  /** The maintainers' words to both models (first 4,000 characters used). */
  instructions: "",
  /** Extra words for files matching a glob; only entries matching a file under review are sent. */
  path_instructions: [] as PathInstruction[],
  /** Also read AGENTS.md, CLAUDE.md, .github/copilot-instructions.md and .github/instructions/*.instructions.md. */
  instruction_files: true,
  /** The opt-in merge gate: a "GLM Review" check run per head; `block_on` a severity fails it, absent only reports. */
  check_run: { enabled: false, block_on: null } as CheckRunConfig,
};

export const BLOCKING_SEVERITIES = ["high", "medium", "low"] as const;
export interface CheckRunConfig {
  enabled: boolean;
  block_on: (typeof BLOCKING_SEVERITIES)[number] | null;
}

export type { PathInstruction } from "../review/prompt/maintainer-instructions.js";

export const MAX_INSTRUCTIONS_CHARS = 4000;
export const MAX_PATH_INSTRUCTIONS = 50;

export const pathInstructionSchema = z.object(
  {
    path: z.string({ error: "path must be a glob string" }).min(1, "path must be a glob string"),
    instructions: z.string({ error: "instructions must be text" }).min(1, "instructions must be text"),
  },
  { error: "each entry must have `path` (a glob) and `instructions` (text)" },
);

export type RepoConfig = typeof REPO_CONFIG_DEFAULTS;

/** One schema per key, so a wrong key falls back alone and the others still apply. */
export const repoConfigKeySchemas: { [K in keyof RepoConfig]: z.ZodType<RepoConfig[K]> } = {
  auto_review: z.boolean({ error: "auto_review must be true or false" }),
  review_drafts: z.boolean({ error: "review_drafts must be true or false" }),
  ignore: z.array(z.string({ error: "ignore must be a list of glob strings" }).min(1), {
    error: "ignore must be a list of glob strings",
  }).max(200, "ignore may hold at most 200 globs"),
  max_findings: z
    .number({ error: "max_findings must be a number" })
    .int("max_findings must be a whole number")
    .min(1, "max_findings must be at least 1")
    .max(50, "max_findings may be at most 50"),
  incremental: z.boolean({ error: "incremental must be true or false" }),
  daily_token_cap: z
    .number({ error: "daily_token_cap must be a number of tokens" })
    .int("daily_token_cap must be a whole number")
    .min(1, "daily_token_cap must be at least 1")
    .nullable(),
  instructions: z.string({ error: "instructions must be text" }),
  // Checked entry by entry in parseRepoConfig, so one bad entry does not drop the others.
  path_instructions: z.array(z.any(), { error: "path_instructions must be a list of {path, instructions}" }) as unknown as z.ZodType<PathInstruction[]>,
  instruction_files: z.boolean({ error: "instruction_files must be true or false" }),
  check_run: z
    .strictObject(
      {
        enabled: z.boolean({ error: "check_run.enabled must be true or false" }).default(false),
        block_on: z.enum(BLOCKING_SEVERITIES, { error: "check_run.block_on must be high, medium or low" }).nullable().default(null),
      },
      { error: "check_run must be a mapping such as {enabled: true, block_on: high}" },
    ),
};
