import { estimateTokens } from "../../review/diff/estimate-tokens.js";
import { renderLines } from "./file-source.js";
import type { FileTiers } from "./scope-tiers.js";

/**
 * Tier by tier, file by file, the lines that fit `budgetTokens` once rendered (lines the diff already
 * shows are left out), and how many scopes, definitions and hunks with a scope made it in.
 */
export function fillContextBudget(perFile: Map<string, FileTiers>, budgetTokens: number, render: (path: string, lines: string) => string) {
  const chosen = new Map<string, Set<number>>();
  let tokens = 0;
  const counted = { scopes: 0, definitions: 0, hunksWithScope: 0 };
  for (let tier = 0; tier < 3; tier++) {
    for (const [path, entry] of perFile) {
      const lines = new Set(chosen.get(path) ?? []);
      for (const n of entry.tiers[tier as 0 | 1 | 2]) if (!entry.shown.has(n)) lines.add(n);
      if (lines.size === (chosen.get(path)?.size ?? 0)) {
        if (tier === 0 && entry.tiers[0].size > 0) counted.hunksWithScope += entry.hunksWithScope; // signatures all inside the hunk
        continue;
      }
      const before = chosen.get(path);
      const cost = estimateTokens(render(path, renderLines(entry.source, lines))) - (before ? estimateTokens(render(path, renderLines(entry.source, before))) : 0);
      if (tokens + cost > budgetTokens) continue;
      chosen.set(path, lines);
      tokens += cost;
      if (tier === 0) {
        counted.scopes += entry.scopes;
        counted.hunksWithScope += entry.hunksWithScope;
      }
      if (tier === 2) counted.definitions += entry.definitions;
    }
  }
  return { chosen, counted };
}
