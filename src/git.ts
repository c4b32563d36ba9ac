import { exec } from "./exec";
import type { GitHubRun } from "./github/run";

/** What the build knows about the commit it builds. Fields are undefined outside a git repository. */
export interface GitState {
  /** Full commit sha of HEAD (or GITHUB_SHA when there is no repository). */
  sha?: string;
  /** Committer time of HEAD, ISO 8601 (`git show -s --format=%cI`). */
  commitTime?: string;
  /** Branch name; in a pull request the head branch (GITHUB_HEAD_REF). Undefined when detached. */
  branch?: string;
  /** Pull request number when GITHUB_REF is `refs/pull/<n>/merge` (or `/head`). */
  pullRequest?: number;
  /** Tags pointing at HEAD (plus the tag named by GITHUB_REF=refs/tags/...). */
  tags: string[];
  /** Remote `origin` as `https://host/owner/repo`, without credentials. */
  remoteUrl?: string;
  /** True when the work tree has changes (tracked or untracked) against HEAD. */
  dirty?: boolean;
}

/** Reads the git state of the repository containing `dir`; never throws for "not a repository". */
export async function readGitState(dir: string, github?: GitHubRun): Promise<GitState> {
  const git = async (...args: string[]): Promise<string | undefined> => {
    const result = await exec("git", ["-C", dir, ...args], { allowFailure: true }).catch(() => undefined);
    return result?.exitCode === 0 ? result.stdout.trim() : undefined;
  };
  // one process for the commit, then the rest at once (each is a process start: ~10-20 ms)
  const head = splitLines(await git("show", "-s", "--format=%H%n%cI", "HEAD"));
  const fromRepo: GitState = { tags: [] };
  const [sha, commitTime] = head;
  if (sha && /^[0-9a-f]{40,64}$/.test(sha)) {
    const [branch, tags, remote, status] = await Promise.all([
      git("symbolic-ref", "--short", "-q", "HEAD"),
      git("tag", "--points-at", "HEAD"),
      git("remote", "get-url", "origin"),
      git("status", "--porcelain"),
    ]);
    fromRepo.sha = sha;
    fromRepo.commitTime = commitTime;
    fromRepo.branch = branch || undefined;
    fromRepo.tags = splitLines(tags);
    fromRepo.remoteUrl = remote ? normaliseRemoteUrl(remote) : undefined;
    fromRepo.dirty = status === undefined ? undefined : status.length > 0;
  }
  return github ? mergeGitHubRef(fromRepo, github) : fromRepo;
}

/** Applies what the workflow run says about the ref (its ref, head ref, sha, repository). */
export function mergeGitHubRef(state: GitState, github: GitHubRun): GitState {
  const out: GitState = { ...state, tags: [...state.tags] };
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

/**
 * `git@host:owner/repo.git`, `ssh://git@host:22/owner/repo`, `https://user:token@host/owner/repo.git`
 * → `https://host/owner/repo`. Credentials are always dropped; unknown forms are returned unchanged
 * only when they carry none.
 */
export function normaliseRemoteUrl(remote: string): string | undefined {
  const text = remote.trim();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(text);
  if (scp?.[1] && scp[2] && !/^[a-z]+:\/\//i.test(text)) return `https://${scp[1]}/${trimRepoPath(scp[2])}`;
  try {
    const url = new URL(text);
    if (!url.hostname) return undefined;
    return `https://${url.hostname}/${trimRepoPath(url.pathname)}`;
  } catch {
    return text.includes("@") ? undefined : text;
  }
}

function trimRepoPath(path: string): string {
  return path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
}

function splitLines(text: string | undefined): string[] {
  return (text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
