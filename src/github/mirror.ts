/** What a deploy, promote or rollback reports to GitHub when it starts. */
export interface DeploymentStart {
  environment: string;
  /** Commit (or branch/tag) the release was built from; GitHub shows it on the deployment. */
  ref: string;
  digest: string;
  /** Repository without tag, e.g. ghcr.io/acme/app. */
  image: string;
  /** Ledger release id. */
  release: string;
  description: string;
  logUrl?: string;
}

export type DeploymentState = "success" | "failure" | "inactive" | "error";

export interface DeploymentFinish {
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
}

/** A deployment that once reached `success`, newest first in `listSuccessful`. */
export interface SuccessfulDeployment {
  id: number;
  ref: string;
  sha: string;
  /** `payload.digest`; undefined for deployments greenlight did not create. */
  digest: string | undefined;
  createdAt: string;
}

/**
 * Mirrors greenlight's deploys into GitHub Deployments. A mirror never fails a deploy: GitHub errors
 * are logged as warnings, because the release already happened (or was refused) on the target and
 * the ledger in the registry is the record greenlight trusts.
 */
export interface DeploymentMirror {
  start(args: DeploymentStart): Promise<void>;
  finish(state: DeploymentState, args?: DeploymentFinish): Promise<void>;
  listSuccessful(environment: string): Promise<SuccessfulDeployment[]>;
}

/** The mirror outside Actions or without a token: does nothing. */
export class NoMirror implements DeploymentMirror {
  async start(): Promise<void> {}
  async finish(): Promise<void> {}
  async listSuccessful(): Promise<SuccessfulDeployment[]> {
    return [];
  }
}
