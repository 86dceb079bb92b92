import type { Node, Tree } from "web-tree-sitter";

const PAIRS: [string, string][] = [["{", "}"], ["(", ")"], ["[", "]"]];

/** Brackets opened and closed, outside strings and line comments (roughly: enough to name the culprit). */
function bracketBalance(lines: readonly string[]): Map<string, number> {
  const balance = new Map<string, number>(PAIRS.map(([open]) => [open, 0]));
  for (const line of lines) {
    const code = line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, "").replace(/\/\/.*$|#.*$/, "");
    for (const ch of code) {
      for (const [open, close] of PAIRS) {
        if (ch === open) balance.set(open, (balance.get(open) ?? 0) + 1);
        if (ch === close) balance.set(open, (balance.get(open) ?? 0) - 1);
      }
    }
  }
  return balance;
}

/** "unbalanced `}` near line 42" when the replacement opens or closes a bracket the original did not. */
export function describeImbalance(original: readonly string[], replacement: readonly string[], startLine: number): string | null {
  const was = bracketBalance(original);
  const now = bracketBalance(replacement);
  for (const [open, close] of PAIRS) {
    const diff = (now.get(open) ?? 0) - (was.get(open) ?? 0);
    if (diff !== 0) return `unbalanced \`${diff > 0 ? open : close}\` near line ${startLine + Math.max(0, replacement.length - 1)}`;
  }
  return null;
}

function firstBroken(node: Node): Node | null {
  if (node.isMissing || node.isError) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstBroken(child);
      if (found) return found;
    }
  }
  return null;
}

/** The first ERROR or MISSING node in words: "missing `;` near line 7" or "unexpected `else` near line 9". */
export function describeSyntaxError(tree: Tree, line: number | undefined): string {
  const node = firstBroken(tree.rootNode);
  const at = node ? node.startPosition.row + 1 : line;
  if (node?.isMissing) return `missing \`${node.type}\` near line ${at}`;
  const text = node?.text.split("\n")[0]?.trim().slice(0, 30);
  return text ? `unexpected \`${text}\` near line ${at}` : `a syntax error near line ${at ?? "?"}`;
}
