import { rawContentText } from "./raw-content-text.js";
import type { HeadFile } from "../review/diff/head-file.js";
import { httpStatusOf, type GitHubClient, type PullRef } from "./github-client.js";

/** Files bigger than this are not read (GitHub's JSON contents API stops at 1 MB anyway). */
export const MAX_HEAD_FILE_BYTES = 512 * 1024;


/**
 * A PR's files at its head commit, each read at most once per review (GET contents?ref=head_sha, raw
 * media type), from the base repository: the head commit of a fork's PR is reachable there too. A file
 * that cannot be read (404, 403, too large, binary) is remembered as such; the review goes on without it.
 */
export class HeadFiles {
  readonly #files = new Map<string, Promise<HeadFile>>();
  readonly #dirs = new Map<string, Promise<Set<string> | null>>();
  #requests = 0;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly ref: PullRef,
    private readonly headSha: string,
  ) {}

  /** Contents requests made so far in this review. */
  get requests(): number {
    return this.#requests;
  }

  /**
   * Whether `path` is a file at the head, from one listing of its directory (GET contents/{dir}?ref=, shared by
   * every guess in that directory) instead of one 404 per guessed import path; undefined when the listing failed.
   */
  async exists(path: string): Promise<boolean | undefined> {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    let listing = this.#dirs.get(dir);
    if (!listing) {
      listing = this.#list(dir);
      this.#dirs.set(dir, listing);
    }
    const names = await listing;
    return names ? names.has(path.slice(path.lastIndexOf("/") + 1)) : undefined;
  }

  async #list(dir: string): Promise<Set<string> | null> {
    this.#requests++;
    try {
      const { data } = await this.octokit.rest.repos.getContent({ owner: this.ref.owner, repo: this.ref.repo, path: dir, ref: this.headSha });
      return Array.isArray(data) ? new Set(data.filter((e) => e.type === "file").map((e) => e.name)) : null;
    } catch (error) {
      // A directory that is not there holds no file; any other failure leaves the guess to a read.
      return httpStatusOf(error) === 404 ? new Set() : null;
    }
  }

  read(path: string): Promise<HeadFile> {
    let file = this.#files.get(path);
    if (!file) {
      file = this.#fetch(path);
      this.#files.set(path, file);
    }
    return file;
  }

  async #fetch(path: string): Promise<HeadFile> {
    this.#requests++;
    try {
      const response = await this.octokit.rest.repos.getContent({ owner: this.ref.owner, repo: this.ref.repo, path, ref: this.headSha, mediaType: { format: "raw" } });
      const text = rawContentText(response.data);
      if (text === null) return { kind: "unreadable", reason: "not a file" };
      if (text.length > MAX_HEAD_FILE_BYTES) return { kind: "unreadable", reason: "too large" };
      if (text.includes("\u0000")) return { kind: "unreadable", reason: "binary" };
      return { kind: "read", text };
    } catch (error) {
      const status = httpStatusOf(error);
      const reason = status === 404 ? "not found at the head commit" : status === 403 ? "too large or not accessible (403)" : `could not be read (${status ? `HTTP ${status}` : "network"})`;
      return { kind: "unreadable", reason };
    }
  }
}
