import type { ReviewableFile } from "./diff-model.js";

/** How likely a file's change hides a defect, from its path and its changed lines alone. */
export interface Risk {
  /** auth, crypto, secrets, SQL, permissions, deserialisation...: reviewed first among equals. */
  sensitivePath: boolean;
  /** Changed lines that alter control flow or error handling. */
  riskyLines: number;
  /** All changed lines: a small focused change goes before a mass edit of equal risk. */
  changedLines: number;
}

const SENSITIVE = /(auth|login|passw|secret|token|crypt|session|permission|acl|sanitiz|escape|sql|query|serializ|upload|payment|billing|security|oauth|jwt|csrf|cors)/i;
const RISKY =
  /\b(if|else|elif|switch|case|match|for|while|loop|return|break|continue|throw|throws|raise|try|catch|except|finally|panic|recover|unwrap|expect|await|async|defer|goto|yield|lock|unlock|mutex|free|delete|null|nil|None|undefined)\b|[!=]==?|&&|\|\||\?\?|err\s*!=|<=|>=/;

export const isRiskyLine = (code: string): boolean => RISKY.test(code);

export function riskOf(file: ReviewableFile): Risk {
  let riskyLines = 0;
  let changedLines = 0;
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line[0] !== "+" && line[0] !== "-") continue;
      changedLines++;
      if (RISKY.test(line.slice(1))) riskyLines++;
    }
  }
  return { sensitivePath: SENSITIVE.test(file.path), riskyLines, changedLines };
}

/**
 * Riskier first: a sensitive path, then more control-flow and error-handling lines (capped, so a mass
 * edit cannot win on volume alone), then the smaller change.
 */
export function compareRisk(a: Risk, b: Risk): number {
  const capped = (r: Risk) => Math.min(r.riskyLines, 40);
  return Number(b.sensitivePath) - Number(a.sensitivePath) || capped(b) - capped(a) || a.changedLines - b.changedLines;
}
