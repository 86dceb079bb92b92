import { rawContentText } from "./raw-content-text.js";
import { httpStatusOf, type GitHubClient, type PullRef } from "./github-client.js";

/** A file larger than this is not an instruction file worth reading whole (they are read capped anyway). */
const MAX_FILE_BYTES = 64 * 1024;

/**
 * The paths of the default branch, from one recursive tree read (GET …/git/trees/{branch}?recursive=1).
 * GitHub truncates the listing of a very large repository: what it lists is used, and `truncated` says so.
 */
export async function listDefaultBranchTree(octokit: GitHubClient, ref: PullRef, branch: string): Promise<{ paths: string[]; truncated: boolean }> {
  const { data } = await octokit.rest.git.getTree({ owner: ref.owner, repo: ref.repo, tree_sha: branch, recursive: "true" });
  return { paths: data.tree.flatMap((e) => (e.type === "blob" && e.path ? [e.path] : [])), truncated: data.truncated };
}

/** One file of the default branch as text (raw), or null when it is absent, binary or too large. */
export async function readDefaultBranchFile(octokit: GitHubClient, ref: PullRef, path: string): Promise<string | null> {
  try {
    const response = await octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, mediaType: { format: "raw" } });
    const text = rawContentText(response.data);
    if (text === null || text.length > MAX_FILE_BYTES || text.includes("\u0000")) return null;
    return text;
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
}
