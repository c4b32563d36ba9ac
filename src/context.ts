import type { AttestationUpload } from "./github/attestations";
import type { DeploymentMirror } from "./github/mirror";
import type { GitHubRun } from "./github/run";
import type { CacheStore } from "./image/cache";
import type { Logger } from "./log";

/** What a command gets from the front-end besides its Config: where to log and the process facts. */
export interface RunContext {
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** A directory that lives as long as the run (temporary docker config, bundles). */
  tempDir: string;
  /**
   * The GitHub Actions run this is a step of, parsed once by the front-end (src/github/run.ts);
   * undefined outside Actions. The one answer to "am I in Actions?".
   */
  github?: GitHubRun;
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
