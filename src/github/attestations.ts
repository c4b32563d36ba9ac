import { getOctokit } from "@actions/github";
import { GreenlightError } from "../errors";
import type { SerializedBundle } from "../provenance/dsse";
import type { GitHubRun } from "./run";

/** Stores a bundle through GitHub's attestations API; returns the attestation id. */
export type AttestationUpload = (bundle: SerializedBundle) => Promise<string>;

/**
 * The attestations API of the repository the workflow runs in (needs `attestations: write`), as
 * actions/attest stores them, so `gh attestation verify` finds them without the registry.
 */
export function githubAttestationUpload(token: string, github: GitHubRun | undefined): AttestationUpload {
  const [owner, repo] = (github?.repository ?? "").split("/");
  if (!github || !owner || !repo) {
    throw new GreenlightError("github-attestations needs GITHUB_REPOSITORY", {
      hint: "run inside GitHub Actions",
    });
  }
  const octokit = getOctokit(token, { baseUrl: github.apiUrl });
  return async (bundle) => {
    try {
      const response = await octokit.request("POST /repos/{owner}/{repo}/attestations", {
        owner,
        repo,
        // Octokit types the bundle loosely (index signatures); the JSON is a bundle v0.3.
        bundle: bundle as unknown as Record<string, Record<string, unknown>>,
      });
      return String((response.data as { id?: number }).id ?? "");
    } catch (error) {
      throw new GreenlightError(`GitHub attestations API refused the bundle for ${owner}/${repo}`, {
        cause: error,
        hint: "give the job 'permissions: attestations: write', or set github-attestations: false",
      });
    }
  };
}
