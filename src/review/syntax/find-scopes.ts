import type { Node, Tree } from "web-tree-sitter";

/** A function, method, class (or the like) that holds a changed line: 1-based new-file lines. */
export interface Scope {
  startLine: number;
  endLine: number;
  /** Its declaration's first line: what the delegate needs at least. */
  signatureLine: number;
  name: string | undefined;
}

// Declarations across the grammars we load: functions, methods, classes and their kin.
const SCOPE_TYPES = new Set([
  "function_declaration", "function_definition", "function_item", "function_expression", "generator_function_declaration",
  "arrow_function", "method_definition", "method_declaration", "method", "singleton_method", "constructor_declaration",
  "class_declaration", "abstract_class_declaration", "class_definition", "class", "class_specifier", "struct_specifier",
  "interface_declaration", "trait_item", "impl_item", "struct_item", "enum_item", "mod_item", "module", "internal_module",
  "namespace_declaration", "namespace_definition", "enum_declaration", "record_declaration", "type_declaration", "func_literal",
  "decorated_definition", "lambda_expression", "trait_declaration",
]);

// A declaration's first line is its statement's (`export const f = () =>`), not the arrow's.
const WRAPPERS = new Set(["lexical_declaration", "variable_declaration", "variable_declarator", "export_statement", "decorated_definition", "public_field_definition", "field_definition", "assignment", "expression_statement", "pair"]);

function declarationStart(node: Node): number {
  let top = node;
  while (top.parent && WRAPPERS.has(top.parent.type) && top.parent.startPosition.row >= top.startPosition.row - 3) top = top.parent;
  return top.startPosition.row + 1;
}

function nameOf(node: Node): string | undefined {
  const named = node.childForFieldName("name");
  if (named) return named.text;
  // C/C++: the name sits in the function declarator (`void Cart::add(Item)` → add).
  const declarator = node.childForFieldName("declarator")?.childForFieldName("declarator");
  if (declarator) return /([A-Za-z_]\w*)\s*$/.exec(declarator.text)?.[1];
  const variable = node.parent?.type === "variable_declarator" ? node.parent.childForFieldName("name") : null;
  return variable?.text;
}

/** The chain of scopes around a line, outermost first (class, then method, ...). */
export function scopesAt(tree: Tree, line: number): Scope[] {
  const row = Math.max(0, line - 1);
  let node: Node | null = tree.rootNode.descendantForPosition({ row, column: 0 }, { row, column: 1_000 });
  const chain: Scope[] = [];
  while (node) {
    if (node.parent && SCOPE_TYPES.has(node.type) && node.endPosition.row > node.startPosition.row) {
      chain.unshift({ startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1, signatureLine: declarationStart(node), name: nameOf(node) });
    }
    node = node.parent;
  }
  return chain;
}

/** Every named declaration in a file, for finding what a changed line calls. */
export function namedScopes(tree: Tree): Scope[] {
  const out: Scope[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 6) return;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (SCOPE_TYPES.has(child.type)) {
        const name = nameOf(child);
        if (name) out.push({ startLine: child.startPosition.row + 1, endLine: child.endPosition.row + 1, signatureLine: declarationStart(child), name });
      }
      visit(child, depth + 1);
    }
  };
  visit(tree.rootNode, 0);
  return out;
}

const CALL_TYPES = new Set(["call_expression", "call", "method_invocation", "invocation_expression", "function_call_expression", "member_call_expression", "scoped_call_expression"]);

/** Names the given lines call (`foo(...)`, `obj.bar(...)` → foo, bar). */
export function calledNames(tree: Tree, lines: ReadonlySet<number>): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node) => {
    if (node.endPosition.row + 1 < Math.min(...lines) || node.startPosition.row + 1 > Math.max(...lines)) return;
    if (CALL_TYPES.has(node.type) && lines.has(node.startPosition.row + 1)) {
      const callee = node.childForFieldName("function") ?? node.childForFieldName("name") ?? node.childForFieldName("method") ?? node.namedChild(0);
      const text = callee?.text ?? "";
      const last = /([A-Za-z_$][\w$]*)\s*$/.exec(text)?.[1];
      if (last && text.length < 200) names.add(last);
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  if (lines.size > 0) visit(tree.rootNode);
  return names;
}
