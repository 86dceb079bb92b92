/** The code around the hunks, from the head commit: a section of the delegate's prompt, and what it holds. */
export interface CodeContext {
  /** The section's text (masked by the caller), empty when nothing fit or nothing could be read. */
  text: string;
  tokens: number;
  files: number;
  scopes: number;
  definitions: number;
  /** Hunks whose enclosing scope was found (at least its signature is in the text). */
  hunksWithScope: number;
  unreadable: { path: string; reason: string }[];
  /** The new-file lines shown as context, by path (for measurement). */
  shown: Map<string, Set<number>>;
}
