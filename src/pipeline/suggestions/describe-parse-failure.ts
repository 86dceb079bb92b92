import type { Node, Tree } from "web-tree-sitter";

const PAIRS: [string, string][] = [["{", "}"], ["(", ")"], ["[", "]"]];
/** Bracket tokens as the grammars name them; a template substitution's `${` opens a `{`. */
const BRACKET_TOKENS = ["{", "}", "(", ")", "[", "]", "${", "#{"];

/**
 * Brackets opened and closed on rows `fromRow..toRow`, counted from the parser's tokens: a bracket
 * inside a string, comment, regex or template literal is part of that token, never a bracket token,
 * whatever the language writes comments with. MISSING tokens (inserted by error recovery) have no text.
 */
function bracketBalance(tree: Tree, fromRow: number, toRow: number): Map<string, number> {
  const balance = new Map<string, number>(PAIRS.map(([open]) => [open, 0]));
  if (toRow < fromRow) return balance;
  const tokens = tree.rootNode.descendantsOfType(BRACKET_TOKENS, { row: fromRow, column: 0 }, { row: toRow + 1, column: 0 });
  for (const token of tokens) {
    if (!token || token.isMissing || token.startPosition.row < fromRow || token.startPosition.row > toRow) continue;
    const type = token.type.endsWith("{") ? "{" : token.type;
    for (const [open, close] of PAIRS) {
      if (type === open) balance.set(open, (balance.get(open) ?? 0) + 1);
      if (type === close) balance.set(open, (balance.get(open) ?? 0) - 1);
    }
  }
  return balance;
}

/**
 * "unbalanced `}` near line 42" when the replacement (rows of `after` from `startLine`, `length` lines)
 * opens or closes a bracket that the replaced lines (`startLine..line` of `before`) did not.
 */
export function describeImbalance(before: Tree, after: Tree, range: { startLine: number; line: number; length: number }): string | null {
  const { startLine, line, length } = range;
  const was = bracketBalance(before, startLine - 1, line - 1);
  const now = bracketBalance(after, startLine - 1, startLine - 2 + length);
  for (const [open, close] of PAIRS) {
    const diff = (now.get(open) ?? 0) - (was.get(open) ?? 0);
    if (diff !== 0) return `unbalanced \`${diff > 0 ? open : close}\` near line ${startLine + Math.max(0, length - 1)}`;
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
