import { buildDiffModel } from "../../review/diff/build-diff-model.js";
import type { DiffModel, PullRequestFile } from "../../review/diff/diff-model.js";
import type { PullRequestText } from "../../review/prompt/chat-message.js";
import { DiffMasker } from "../../review/secrets/diff-masker.js";
import { maskSecretsInText } from "../../review/secrets/mask-secrets.js";
import type { PullRequestSnapshot } from "../read/read-pull-request.js";
import type { ReviewRun } from "../services/review-run.js";

/** What both models may read, and the whole PR's diff that placement checks against. */
export interface ReviewInput {
  /** Title and description, masked. */
  prText: PullRequestText;
  /**
   * The diff the models are shown (the whole PR, or the commits since the last review), NOT masked:
   * prompts are built from it only through `masker` (buildMaskedPrompt), which masks what they keep.
   */
  diff: DiffModel;
  masker: DiffMasker;
  /** The whole PR's diff: what GitHub accepts inline comments on. Never sent to a model. */
  prDiff: DiffModel;
  /** Values masked in the title and description. */
  textSecretsMasked: number;
}

/**
 * Stage 3, mask: the PR text is masked now (it is small and both prompts start with it); the diff as each
 * prompt keeps it (through `masker`).
 */
export async function buildReviewInput({ ref, repoConfig, services }: ReviewRun, { snapshot, promptFiles }: { snapshot: PullRequestSnapshot; promptFiles: PullRequestFile[] }): Promise<ReviewInput> {
  const secrets = services.settings.ownSecrets;
  const ignore = repoConfig.config.ignore;
  const diff = buildDiffModel(promptFiles, ignore);
  const title = await maskSecretsInText(snapshot.pr.title, secrets);
  const body = await maskSecretsInText(snapshot.pr.body, secrets);
  return {
    prText: { number: ref.pullNumber, title: title.text, body: body.text },
    diff,
    masker: new DiffMasker(secrets),
    prDiff: promptFiles === snapshot.files ? diff : buildDiffModel(snapshot.files, ignore),
    textSecretsMasked: title.masked + body.masked,
  };
}

/** Values masked before any model call so far: the PR text's and those in the files the prompts kept. */
export const secretsMasked = (input: ReviewInput): number => input.textSecretsMasked + input.masker.secretsMasked;
