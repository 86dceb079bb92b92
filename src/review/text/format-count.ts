/** A count as people read it in a comment: 12,345. One formatter, so every figure looks the same. */
export const formatCount = (value: number): string => value.toLocaleString("en-US");
