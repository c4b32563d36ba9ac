import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  getOctokit
} from "./chunk-UOVNDZV4.mjs";
import "./chunk-3H344A3Z.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/github/attestations.ts
function githubAttestationUpload(token, github) {
  const [owner, repo] = (github?.repository ?? "").split("/");
  if (!github || !owner || !repo) {
    throw new GreenlightError("github-attestations needs GITHUB_REPOSITORY", {
      hint: "run inside GitHub Actions"
    });
  }
  const octokit = getOctokit(token, { baseUrl: github.apiUrl });
  return async (bundle) => {
    try {
      const response = await octokit.request("POST /repos/{owner}/{repo}/attestations", {
        owner,
        repo,
        // Octokit types the bundle loosely (index signatures); the JSON is a bundle v0.3.
        bundle
      });
      return String(response.data.id ?? "");
    } catch (error) {
      throw new GreenlightError(`GitHub attestations API refused the bundle for ${owner}/${repo}`, {
        cause: error,
        hint: "give the job 'permissions: attestations: write', or set github-attestations: false"
      });
    }
  };
}
export {
  githubAttestationUpload
};
//# sourceMappingURL=chunk-VKTXCHT5.mjs.map
