import { SEVERITIES, type Finding } from "../../review/answer/delegate-answer-schema.js";
import type { DiffModel, Hunk } from "../../review/diff/diff-model.js";

export interface InlineFinding {
  finding: Finding;
  /** start_line for a multi-line comment; undefined for a single line. */
  startLine: number | undefined;
  line: number;
}

export type UnplacedReason = "line not in the diff" | "range spans more than one hunk" | "file not reviewable here" | "overlaps a more severe finding's suggestion";

export interface Placement {
  inline: InlineFinding[];
  /** Findings shown only in the summary, with why. */
  unplaced: { finding: Finding; reason: UnplacedReason }[];
  /** Findings on paths that are not in this PR at all (the model invented them): dropped, counted. */
  droppedOutsidePr: number;
  /** Findings beyond max_findings, least severe first out. */
  droppedOverLimit: number;
}

function hunkOf(hunks: Hunk[], line: number): Hunk | undefined {
  return hunks.find((h) => h.rightLines.includes(line));
}

/**
 * Decides, per finding, whether GitHub will accept it as an inline comment: its path is in the diff,
 * `line` is a RIGHT-side line of a hunk, and `start_line` (when given) lies in the same hunk before it.
 * Anything else goes to the summary, so the review request can never fail with 422 on placement.
 */
export function placeFindings(findings: Finding[], diff: DiffModel, allPrPaths: ReadonlySet<string>, maxFindings: number): Placement {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const inPr = findings.filter((f) => allPrPaths.has(f.path));
  const sorted = [...inPr].sort((a, b) => rank(a) - rank(b));
  const kept = sorted.slice(0, maxFindings);
  const byPath = new Map(diff.files.map((f) => [f.path, f]));
  const placement: Placement = {
    inline: [],
    unplaced: [],
    droppedOutsidePr: findings.length - inPr.length,
    droppedOverLimit: sorted.length - kept.length,
  };
  for (const finding of kept) {
    const file = byPath.get(finding.path);
    if (!file) {
      placement.unplaced.push({ finding, reason: "file not reviewable here" });
      continue;
    }
    const hunk = hunkOf(file.hunks, finding.line);
    if (!hunk) {
      placement.unplaced.push({ finding, reason: "line not in the diff" });
      continue;
    }
    // GitHub wants start_line strictly before line (422 otherwise): an equal one is a single-line comment.
    const startLine = finding.startLine === finding.line ? undefined : finding.startLine;
    if (startLine !== undefined && (startLine > finding.line || !hunk.rightLines.includes(startLine))) {
      placement.unplaced.push({ finding, reason: "range spans more than one hunk" });
      continue;
    }
    // GitHub applies one suggestion per line in a batch: the more severe finding (placed first) keeps
    // the lines; a later one with a patch on any of them goes to the summary.
    const from = startLine ?? finding.line;
    const clash = placement.inline.some((p) => p.finding.path === finding.path && p.finding.suggestion !== undefined && (p.startLine ?? p.line) <= finding.line && from <= p.line);
    if (clash && finding.suggestion !== undefined) {
      placement.unplaced.push({ finding, reason: "overlaps a more severe finding's suggestion" });
      continue;
    }
    placement.inline.push({ finding, startLine, line: finding.line });
  }
  return placement;
}
