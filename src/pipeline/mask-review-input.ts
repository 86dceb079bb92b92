import type { PullRef } from "../github/github-client.js";
import { buildDiffModel } from "../review/diff/build-diff-model.js";
import type { DiffModel, PullRequestFile } from "../review/diff/diff-model.js";
import type { PullRequestText } from "../review/prompt/chat-message.js";
import { maskSecretsInDiff, maskSecretsInText } from "../review/secrets/mask-secrets.js";
import type { ParsedRepoConfig } from "../settings/parse-repo-config.js";
import type { PullRequestSnapshot } from "./read-pull-request.js";
import type { ReviewLogger, ReviewServices } from "./review-context.js";

/** What both models may read, secrets masked, and the whole PR's diff that placement checks against. */
export interface ReviewInput {
  prText: PullRequestText;
  /** The diff the models see (the whole PR, or the commits since the last review), masked. */
  diff: DiffModel;
  /** The whole PR's diff: what GitHub accepts inline comments on. Never sent to a model. */
  prDiff: DiffModel;
  maskedSecrets: number;
}

/** Secrets are masked before any model sees the diff or the PR text; line numbers stay as they are. */
export async function maskReviewInput(
  ref: PullRef,
  snapshot: PullRequestSnapshot,
  promptFiles: PullRequestFile[],
  repoConfig: ParsedRepoConfig,
  services: ReviewServices,
  log: ReviewLogger,
): Promise<ReviewInput> {
  const secrets = services.settings.ownSecrets;
  const ignore = repoConfig.config.ignore;
  const masked = await maskSecretsInDiff(buildDiffModel(promptFiles, ignore), secrets);
  const title = await maskSecretsInText(snapshot.pr.title, secrets);
  const body = await maskSecretsInText(snapshot.pr.body, secrets);
  const maskedSecrets = masked.masked + title.masked + body.masked;
  if (maskedSecrets > 0) log.info({ maskedSecrets }, "masked likely secrets before the model calls");
  return {
    prText: { number: ref.pullNumber, title: title.text, body: body.text },
    diff: masked.diff,
    prDiff: promptFiles === snapshot.files ? masked.diff : buildDiffModel(snapshot.files, ignore),
    maskedSecrets,
  };
}
