/** A PR's file at its head commit, as read for context and suggestion checks: its text, or why not. */
export type HeadFile = { kind: "read"; text: string } | { kind: "unreadable"; reason: string };
