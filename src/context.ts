import type { AttestationUpload } from "./github/attestations";
import type { DeploymentMirror } from "./github/mirror";
import type { CacheStore } from "./image/cache";
import type { Logger } from "./log";

/** What a command gets from the front-end besides its Config: where to log and the process facts. */
export interface RunContext {
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** A directory that lives as long as the run (temporary docker config, bundles). */
  tempDir: string;
  /** Who runs this: GITHUB_ACTOR in Actions, the local user otherwise. */
  actor: string;
  /** The workflow run URL in Actions. */
  runUrl: string | undefined;
  now: () => Date;
  /** Aborted on SIGINT/SIGTERM: the engine stops at its next safe point and releases the lock. */
  signal?: AbortSignal;
  /** Fetches the workflow's OIDC token for an audience (the action, with id-token: write). */
  idToken?: (audience: string) => Promise<string>;
  /** The Actions cache, when the front-end is the action. */
  cacheStore?: CacheStore;
  /** GitHub's attestations API, when the action runs with github-attestations: true and a token. */
  attestationUpload?: AttestationUpload;
  /** GitHub Deployments, when the front-end is the action and has a token. */
  deployments?: DeploymentMirror;
}

/** GitHub's web address for this run (a GHES host, or github.com), without a trailing slash. */
export function githubServerUrl(env: NodeJS.ProcessEnv | Record<string, string | undefined>): string {
  return (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
}

/** Actor and run URL from the GitHub Actions environment, with local fallbacks. */
export function runFacts(env: NodeJS.ProcessEnv): Pick<RunContext, "actor" | "runUrl"> {
  const server = githubServerUrl(env);
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || "1"}`
      : undefined;
  return { actor: env.GITHUB_ACTOR || env.USER || env.LOGNAME || "unknown", runUrl };
}
