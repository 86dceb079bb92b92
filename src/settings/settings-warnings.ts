import type { Endpoint } from "./build-role-settings.js";
import { SETTINGS_DEFAULTS, type RawEnv } from "./settings-schema.js";

/** Settings that start but will likely not do what was meant: printed at start and by the doctor. */
export function settingsWarnings(e: RawEnv, at: { delegate: Endpoint; lead: Endpoint | null; leadModel: string | undefined }): string[] {
  const warnings: string[] = [];
  if (!at.leadModel) warnings.push("LEAD_MODEL is not set: summaries will be a file list only. Set LEAD_MODEL to a cheap, fast model of your endpoint.");
  const { delegateMinMaxTokens: min, delegateMaxTokens: fallback } = SETTINGS_DEFAULTS;
  // A warning, not a refusal: a small budget is a legitimate way to test the out-of-budget path.
  if (e.DELEGATE_MAX_TOKENS < min) {
    warnings.push(
      `DELEGATE_MAX_TOKENS=${e.DELEGATE_MAX_TOKENS} is below ${min}: GLM-5.2 reasons before it answers and will likely ` +
        `spend it all on thinking and answer nothing; set DELEGATE_MAX_TOKENS to at least ${min} (default ${fallback})`,
    );
  }
  for (const [name, model, endpoint] of [["DELEGATE_MODEL", e.DELEGATE_MODEL, at.delegate], ["LEAD_MODEL", at.leadModel, at.lead]] as const) {
    if (model?.startsWith("@cf/") && endpoint && endpoint.provider !== "cloudflare") {
      warnings.push(
        `${name} is \`${model}\`, a Cloudflare Workers AI name, but its endpoint ${new URL(endpoint.baseURL).host} is not Cloudflare: ` +
          `set ${name} to a model that endpoint serves, or use CLOUDFLARE_ACCOUNT_ID`,
      );
    }
  }
  if (e.DELEGATE_MAX_TOKENS >= e.DAILY_TOKEN_BUDGET) {
    warnings.push(
      `DAILY_TOKEN_BUDGET (${e.DAILY_TOKEN_BUDGET}) does not exceed DELEGATE_MAX_TOKENS (${e.DELEGATE_MAX_TOKENS}): ` +
        "every delegate call reserves its prompt plus max_tokens, so the delegate will never be called",
    );
  }
  const coderModel = e.CODER_MODEL ?? at.leadModel;
  if (coderModel !== undefined && coderModel === e.DELEGATE_MODEL && at.lead) {
    warnings.push("CODER_MODEL is the delegate model: the coder must be a cheap model, so it is off; set CODER_MODEL to the lead's model or another cheap one");
  }
  return warnings;
}
