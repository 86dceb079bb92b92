import { formatCount } from "./format-count.js";

/** "1 file", "3 files". */
export const plural = (count: number, one: string, many = `${one}s`): string => `${formatCount(count)} ${count === 1 ? one : many}`;
