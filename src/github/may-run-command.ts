import type { GitHubClient, PullRef } from "./github-client.js";
import { httpStatusOf } from "./github-client.js";

const ALLOWED = new Set(["admin", "maintain", "write"]);

/**
 * Asks GitHub (not author_association) whether `login` may run /glm review: collaborator permission
 * admin, maintain or write. A 404 means not a collaborator: refused.
 */
export async function mayRunCommand(octokit: GitHubClient, ref: PullRef, login: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username: login });
    return ALLOWED.has(data.permission) || ALLOWED.has(data.role_name ?? "");
  } catch (error) {
    if (httpStatusOf(error) === 404) return false;
    throw error;
  }
}
