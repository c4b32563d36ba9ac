import { readFileSync } from "node:fs";

/**
 * The GitHub Actions run this process is a step of: the runner's GITHUB_* variables (and the event
 * payload's repository visibility), parsed once at the edge. The front-ends put it on the
 * RunContext; everything that asks "am I in Actions?" asks whether it is there.
 */
export interface GitHubRun {
  /** `https://github.com` or a GHES URL, without a trailing slash. */
  serverUrl: string;
  /** `https://api.github.com`, or `https://<host>/api/v3` on GHES. */
  apiUrl: string;
  /** `owner/repo`; empty when the runner did not set it. */
  repository: string;
  /** `<serverUrl>/<repository>`; undefined without a repository. */
  repositoryUrl: string | undefined;
  repositoryId: string;
  repositoryOwnerId: string;
  /** `refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge` */
  ref: string;
  /** The head branch of a pull request. */
  headRef: string | undefined;
  sha: string;
  /** `owner/repo/.github/workflows/x.yml@<ref>`: the top-level workflow. */
  workflowRef: string;
  eventName: string;
  runId: string;
  runAttempt: string;
  /** The workflow run's page; undefined without a repository and a run id. */
  runUrl: string | undefined;
  actor: string;
  /** `public`, `private` or `internal`, from the event payload; undefined when it cannot be read. */
  visibility: string | undefined;
  /** `github-hosted` or `self-hosted`. */
  runnerEnvironment: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The run when GITHUB_ACTIONS is `true`; undefined anywhere else (the CLI on a workstation). */
export function readGitHubRun(
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): GitHubRun | undefined {
  if (env.GITHUB_ACTIONS !== "true") return undefined;
  const serverUrl = githubServerUrl(env);
  const repository = env.GITHUB_REPOSITORY ?? "";
  const runAttempt = env.GITHUB_RUN_ATTEMPT || "1";
  return {
    serverUrl,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    repository,
    repositoryUrl: repository ? `${serverUrl}/${repository}` : undefined,
    repositoryId: env.GITHUB_REPOSITORY_ID ?? "",
    repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID ?? "",
    ref: env.GITHUB_REF ?? "",
    headRef: env.GITHUB_HEAD_REF || undefined,
    sha: env.GITHUB_SHA ?? "",
    workflowRef: env.GITHUB_WORKFLOW_REF ?? "",
    eventName: env.GITHUB_EVENT_NAME ?? "",
    runId: env.GITHUB_RUN_ID ?? "",
    runAttempt,
    runUrl: workflowRunUrl(env),
    actor: env.GITHUB_ACTOR ?? "",
    visibility: eventVisibility(env.GITHUB_EVENT_PATH, readFile),
    runnerEnvironment: env.RUNNER_ENVIRONMENT || "github-hosted",
  };
}

function eventVisibility(path: string | undefined, readFile: (path: string) => string): string | undefined {
  if (!path) return undefined;
  try {
    const visibility = JSON.parse(readFile(path))?.repository?.visibility;
    return typeof visibility === "string" ? visibility : undefined;
  } catch {
    return undefined;
  }
}

/** GitHub's web address (a GHES host, or github.com), without a trailing slash. */
function githubServerUrl(env: Env): string {
  return (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
}

/** The workflow run's page, from its variables; undefined without a repository and a run id. */
function workflowRunUrl(env: Env): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT || "1";
  return `${githubServerUrl(env)}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${attempt}`;
}

/**
 * Who runs this command and the workflow run it belongs to (the lock's owner and the ledger's run
 * link): the runner's variables, also when a CLI is handed them, else the local user.
 */
export function runIdentity(env: Env): { actor: string; runUrl: string | undefined } {
  return { actor: env.GITHUB_ACTOR || env.USER || env.LOGNAME || "unknown", runUrl: workflowRunUrl(env) };
}
