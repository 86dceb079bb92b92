/** Where a posted finding stands: still open, or how its thread ended. */
export type FindingState = "open" | "applied" | "fixed" | "dismissed" | "outdated";

/**
 * A finding the app posted inline, with its identity and its life: kept by both engines, shared by
 * replicas, and read at each later review of the PR.
 */
export interface FindingRecord {
  fingerprint: string;
  /** The inline review comment (REST id, GraphQL `databaseId`); null when GitHub did not list it. */
  commentId: number | null;
  /** The review thread's GraphQL node id, once a read of the threads has seen it. */
  threadId: string | null;
  path: string;
  startLine: number | null;
  line: number;
  severity: string;
  title: string;
  /** The replacement offered one-click, as the comment holds it; null when none was offered. */
  suggestion: string | null;
  state: FindingState;
  /** The head the finding was posted on. */
  postedOn: string;
  /** Who ended it and why (dismissed), or the head that fixed or applied it. */
  endedBy?: string;
  reason?: string;
}

/** Counts by state, for the summary's "Earlier findings" line and the gate. */
export function countStates(records: readonly FindingRecord[]): Record<FindingState, number> {
  const counts: Record<FindingState, number> = { open: 0, applied: 0, fixed: 0, dismissed: 0, outdated: 0 };
  for (const r of records) counts[r.state]++;
  return counts;
}
