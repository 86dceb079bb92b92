import type { DiffModel, ReviewableFile } from "../diff/diff-model.js";
import { maskFile, maskSecretsInText } from "./mask-secrets.js";

/**
 * Masks a diff's files on demand, each at most once per review, so only what a prompt sends is scanned
 * (a 10,000-file PR sends a few dozen). Shared by the lead's and the delegate's prompt.
 */
export class DiffMasker {
  /** Original file → its masked form. */
  readonly #masked = new Map<ReviewableFile, ReviewableFile>();
  /** The masked forms: the only file objects safe to put in a prompt. */
  readonly #safe = new Set<ReviewableFile>();
  #secrets = 0;

  constructor(private readonly knownSecrets: readonly string[]) {}

  /** Values masked so far (the summary tells the author to rotate them). */
  get secretsMasked(): number {
    return this.#secrets;
  }

  get filesScanned(): number {
    return this.#masked.size;
  }

  /** The diff with every file masked so far in place of its original; the others are not safe to send yet. */
  view(diff: DiffModel): DiffModel {
    return { ...diff, files: diff.files.map((f) => this.#masked.get(f) ?? f) };
  }

  isSafe(file: ReviewableFile): boolean {
    return this.#safe.has(file);
  }

  readonly #texts = new Map<string, Promise<string>>();

  /**
   * A whole head file (code shown as context, or to the coder), masked like the diff, line count
   * unchanged; each text scanned and counted once per review however many stages use it.
   */
  maskText(text: string): Promise<string> {
    let masked = this.#texts.get(text);
    if (!masked) {
      masked = maskSecretsInText(text, this.knownSecrets).then((result) => {
        this.#secrets += result.masked;
        return result.text;
      });
      this.#texts.set(text, masked);
    }
    return masked;
  }

  async mask(files: readonly ReviewableFile[]): Promise<void> {
    for (const file of files) {
      if (this.#safe.has(file) || this.#masked.has(file)) continue;
      const result = await maskFile(file, this.knownSecrets);
      this.#masked.set(file, result.file);
      this.#safe.add(result.file);
      this.#secrets += result.count;
    }
  }
}
