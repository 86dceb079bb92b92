import type { Prices } from "./settings-schema.js";

/**
 * Unit prices from Cloudflare's Workers AI model pages (USD per million tokens), used when the endpoint
 * is Cloudflare and no *_PRICE_* variable is set. Other endpoints have no default: prices vary by account.
 */
const CLOUDFLARE: Record<string, Prices> = {
  "@cf/zai-org/glm-5.2": { input: 1.4, output: 4.4, cachedInput: 0.26 },
  "@cf/zai-org/glm-4.7-flash": { input: 0.06, output: 0.4, cachedInput: 0.06 },
};

export function knownPrices(provider: string, model: string): Prices | undefined {
  return provider === "cloudflare" ? CLOUDFLARE[model] : undefined;
}
