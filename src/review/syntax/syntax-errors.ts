import type { Node, Tree } from "web-tree-sitter";

/** Syntax errors (ERROR or MISSING nodes) between two lines; the whole file without bounds. */
export function syntaxErrors(tree: Tree, from = 1, to = Number.MAX_SAFE_INTEGER): { count: number; firstLine: number | undefined } {
  let count = 0;
  let firstLine: number | undefined;
  const visit = (node: Node) => {
    if (!node.hasError && !node.isMissing) return;
    if (node.endPosition.row + 1 < from || node.startPosition.row + 1 > to) return;
    if (node.isError || node.isMissing) {
      count++;
      firstLine ??= node.startPosition.row + 1;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return { count, firstLine };
}

/**
 * Python blocks with no statement: tree-sitter-python accepts them without an ERROR node, but Python
 * does not (a re-indented body leaves `if x:` with nothing under it).
 */
export function emptyPythonBlocks(tree: Tree): { count: number; firstLine: number | undefined } {
  let count = 0;
  let firstLine: number | undefined;
  const visit = (node: Node) => {
    if (node.type === "block" && node.namedChildCount === 0) {
      count++;
      firstLine ??= node.startPosition.row + 1;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  return { count, firstLine };
}
