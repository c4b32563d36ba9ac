import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  exec
} from "./chunk-HLSVML6X.mjs";

// src/git.ts
async function readGitState(dir, github) {
  const git = async (...args) => {
    const result = await exec("git", ["-C", dir, ...args], { allowFailure: true }).catch(() => void 0);
    return result?.exitCode === 0 ? result.stdout.trim() : void 0;
  };
  const head = splitLines(await git("show", "-s", "--format=%H%n%cI", "HEAD"));
  const fromRepo = { tags: [] };
  const [sha, commitTime] = head;
  if (sha && /^[0-9a-f]{40,64}$/.test(sha)) {
    const [branch, tags, remote, status] = await Promise.all([
      git("symbolic-ref", "--short", "-q", "HEAD"),
      git("tag", "--points-at", "HEAD"),
      git("remote", "get-url", "origin"),
      git("status", "--porcelain")
    ]);
    fromRepo.sha = sha;
    fromRepo.commitTime = commitTime;
    fromRepo.branch = branch || void 0;
    fromRepo.tags = splitLines(tags);
    fromRepo.remoteUrl = remote ? normaliseRemoteUrl(remote) : void 0;
    fromRepo.dirty = status === void 0 ? void 0 : status.length > 0;
  }
  return github ? mergeGitHubRef(fromRepo, github) : fromRepo;
}
function mergeGitHubRef(state, github) {
  const out = { ...state, tags: [...state.tags] };
  if (!out.sha && github.sha) out.sha = github.sha;
  if (!out.remoteUrl && github.repositoryUrl) out.remoteUrl = github.repositoryUrl;
  const ref = github.ref;
  const pr = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref);
  if (pr?.[1]) out.pullRequest = Number(pr[1]);
  else if (ref.startsWith("refs/heads/")) out.branch = ref.slice("refs/heads/".length);
  else if (ref.startsWith("refs/tags/")) {
    const tag = ref.slice("refs/tags/".length);
    if (!out.tags.includes(tag)) out.tags.push(tag);
  }
  if (github.headRef) out.branch = github.headRef;
  return out;
}
function normaliseRemoteUrl(remote) {
  const text = remote.trim();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(text);
  if (scp?.[1] && scp[2] && !/^[a-z]+:\/\//i.test(text)) return `https://${scp[1]}/${trimRepoPath(scp[2])}`;
  try {
    const url = new URL(text);
    if (!url.hostname) return void 0;
    return `https://${url.hostname}/${trimRepoPath(url.pathname)}`;
  } catch {
    return text.includes("@") ? void 0 : text;
  }
}
function trimRepoPath(path) {
  return path.replace(/^\/+/, "").replace(/\/+$/, "").replace(/\.git$/, "");
}
function splitLines(text) {
  return (text ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
}

export {
  readGitState
};
//# sourceMappingURL=chunk-4H3VVQUC.mjs.map
