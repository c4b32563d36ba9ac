import { getOctokit } from "@actions/github";
import { describeError } from "../errors";
import type { Logger } from "../log";
import {
  type DeploymentFinish,
  type DeploymentMirror,
  type DeploymentStart,
  type DeploymentState,
  NoMirror,
  type SuccessfulDeployment,
} from "./mirror";
import type { GitHubRun } from "./run";

/** Chooses the mirror once: GitHub's API when running in Actions with a token, NoMirror otherwise. */
export function createDeploymentMirror(opts: {
  token: string | undefined;
  /** The workflow run; undefined outside Actions. */
  github: GitHubRun | undefined;
  log: Logger;
}): DeploymentMirror {
  const { token, github, log } = opts;
  const [owner, repo] = (github?.repository ?? "").split("/");
  if (!token || !github || !owner || !repo) {
    log.debug("GitHub Deployments: not mirrored (needs GitHub Actions and a github-token)");
    return new NoMirror();
  }
  log.mask(token);
  // the API is https://<host>/api/v3 on GitHub Enterprise Server
  const octokit = getOctokit(token, { baseUrl: github.apiUrl });
  return new GitHubDeployments(octokit, { owner, repo }, log);
}

type Octokit = ReturnType<typeof getOctokit>;

/** How many recent deployments of the environment are checked for a `success` to mark inactive. */
const RECENT = 10;

/**
 * GitHub Deployments through the REST API. One GitHub deployment per greenlight deploy attempt:
 * `start` creates it and posts `in_progress`, `finish` posts the outcome. After a `success`, the
 * deployments of the environment that were live before are marked `inactive` here, with
 * `auto_inactive: false`: GitHub's own auto_inactive skips production environments, and doing it
 * explicitly logs what was retired.
 */
export class GitHubDeployments implements DeploymentMirror {
  private current: { id: number; environment: string; logUrl: string | undefined } | undefined;

  constructor(
    private readonly octokit: Octokit,
    private readonly repo: { owner: string; repo: string },
    private readonly log: Logger,
  ) {}

  async start(args: DeploymentStart): Promise<void> {
    this.current = undefined;
    await this.guard("create the deployment", async () => {
      const created = await this.octokit.rest.repos.createDeployment({
        ...this.repo,
        ref: args.ref,
        environment: args.environment,
        description: short(args.description),
        payload: { digest: args.digest, image: args.image, release: args.release },
        // The digest already passed its gates; commit status checks must not block or merge anything.
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
      });
      if (!("id" in created.data)) throw new Error(`GitHub did not create it: ${created.data.message ?? ""}`);
      this.current = { id: created.data.id, environment: args.environment, logUrl: args.logUrl };
      await this.status(created.data.id, "in_progress", {
        logUrl: args.logUrl,
        description: args.description,
      });
    });
  }

  async finish(state: DeploymentState, args: DeploymentFinish = {}): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.guard(`set the deployment ${state}`, async () => {
      await this.status(current.id, state, { ...args, logUrl: args.logUrl ?? current.logUrl });
      if (state === "success") await this.retirePrevious(current.environment, current.id);
    });
  }

  async listSuccessful(environment: string): Promise<SuccessfulDeployment[]> {
    const found: SuccessfulDeployment[] = [];
    await this.guard(`list deployments of '${environment}'`, async () => {
      for (const d of await this.recent(environment, 30)) {
        const statuses = await this.octokit.rest.repos.listDeploymentStatuses({
          ...this.repo,
          deployment_id: d.id,
          per_page: 100,
        });
        if (!statuses.data.some((s) => s.state === "success")) continue;
        found.push({
          id: d.id,
          ref: d.ref,
          sha: d.sha,
          digest: payloadDigest(d.payload),
          createdAt: d.created_at,
        });
      }
    });
    return found;
  }

  /** Marks `inactive` every recent deployment of the environment whose latest status is `success`. */
  private async retirePrevious(environment: string, currentId: number): Promise<void> {
    for (const d of await this.recent(environment, RECENT)) {
      if (d.id === currentId) continue;
      const latest = await this.octokit.rest.repos.listDeploymentStatuses({
        ...this.repo,
        deployment_id: d.id,
        per_page: 1,
      });
      if (latest.data[0]?.state !== "success") continue;
      await this.status(d.id, "inactive", { description: `replaced by deployment ${currentId}` });
      this.log.info(`GitHub Deployments: deployment ${d.id} (${d.sha.slice(0, 7)}) marked inactive`);
    }
  }

  private async recent(environment: string, count: number) {
    const list = await this.octokit.rest.repos.listDeployments({
      ...this.repo,
      environment,
      per_page: count,
    });
    return list.data;
  }

  private async status(
    id: number,
    state: DeploymentState | "in_progress",
    args: DeploymentFinish,
  ): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      ...this.repo,
      deployment_id: id,
      state,
      ...(args.environmentUrl ? { environment_url: args.environmentUrl } : {}),
      ...(args.logUrl ? { log_url: args.logUrl } : {}),
      ...(args.description ? { description: short(args.description) } : {}),
      auto_inactive: false,
    });
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const status = (error as { status?: number }).status;
      const hint =
        status === 403 || status === 404
          ? " (give the job `permissions: deployments: write`, or set github-token to '' to stop mirroring)"
          : "";
      this.log.warn(`GitHub Deployments: could not ${what}: ${describeError(error)}${hint}`);
    }
  }
}

/** GitHub keeps at most 140 characters of a description. */
function short(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

function payloadDigest(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const digest = (value as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" ? digest : undefined;
}
