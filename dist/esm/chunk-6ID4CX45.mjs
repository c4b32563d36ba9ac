import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  getOctokit
} from "./chunk-UOVNDZV4.mjs";
import {
  NoMirror
} from "./chunk-IVCESDVZ.mjs";
import "./chunk-3H344A3Z.mjs";
import {
  describeError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/github/deployments.ts
function createDeploymentMirror(opts) {
  const { token, github, log } = opts;
  const [owner, repo] = (github?.repository ?? "").split("/");
  if (!token || !github || !owner || !repo) {
    log.debug("GitHub Deployments: not mirrored (needs GitHub Actions and a github-token)");
    return new NoMirror();
  }
  log.mask(token);
  const octokit = getOctokit(token, { baseUrl: github.apiUrl });
  return new GitHubDeployments(octokit, { owner, repo }, log);
}
var RECENT = 10;
var GitHubDeployments = class {
  constructor(octokit, repo, log) {
    this.octokit = octokit;
    this.repo = repo;
    this.log = log;
  }
  octokit;
  repo;
  log;
  current;
  async start(args) {
    this.current = void 0;
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
        transient_environment: false
      });
      if (!("id" in created.data)) throw new Error(`GitHub did not create it: ${created.data.message ?? ""}`);
      this.current = { id: created.data.id, environment: args.environment, logUrl: args.logUrl };
      await this.status(created.data.id, "in_progress", {
        logUrl: args.logUrl,
        description: args.description
      });
    });
  }
  async finish(state, args = {}) {
    const current = this.current;
    if (!current) return;
    await this.guard(`set the deployment ${state}`, async () => {
      await this.status(current.id, state, { ...args, logUrl: args.logUrl ?? current.logUrl });
      if (state === "success") await this.retirePrevious(current.environment, current.id);
    });
  }
  async listSuccessful(environment) {
    const found = [];
    await this.guard(`list deployments of '${environment}'`, async () => {
      for (const d of await this.recent(environment, 30)) {
        const statuses = await this.octokit.rest.repos.listDeploymentStatuses({
          ...this.repo,
          deployment_id: d.id,
          per_page: 100
        });
        if (!statuses.data.some((s) => s.state === "success")) continue;
        found.push({
          id: d.id,
          ref: d.ref,
          sha: d.sha,
          digest: payloadDigest(d.payload),
          createdAt: d.created_at
        });
      }
    });
    return found;
  }
  /** Marks `inactive` every recent deployment of the environment whose latest status is `success`. */
  async retirePrevious(environment, currentId) {
    for (const d of await this.recent(environment, RECENT)) {
      if (d.id === currentId) continue;
      const latest = await this.octokit.rest.repos.listDeploymentStatuses({
        ...this.repo,
        deployment_id: d.id,
        per_page: 1
      });
      if (latest.data[0]?.state !== "success") continue;
      await this.status(d.id, "inactive", { description: `replaced by deployment ${currentId}` });
      this.log.info(`GitHub Deployments: deployment ${d.id} (${d.sha.slice(0, 7)}) marked inactive`);
    }
  }
  async recent(environment, count) {
    const list = await this.octokit.rest.repos.listDeployments({
      ...this.repo,
      environment,
      per_page: count
    });
    return list.data;
  }
  async status(id, state, args) {
    await this.octokit.rest.repos.createDeploymentStatus({
      ...this.repo,
      deployment_id: id,
      state,
      ...args.environmentUrl ? { environment_url: args.environmentUrl } : {},
      ...args.logUrl ? { log_url: args.logUrl } : {},
      ...args.description ? { description: short(args.description) } : {},
      auto_inactive: false
    });
  }
  async guard(what, fn) {
    try {
      await fn();
    } catch (error) {
      const status = error.status;
      const hint = status === 403 || status === 404 ? " (give the job `permissions: deployments: write`, or set github-token to '' to stop mirroring)" : "";
      this.log.warn(`GitHub Deployments: could not ${what}: ${describeError(error)}${hint}`);
    }
  }
};
function short(text) {
  return text.length > 140 ? `${text.slice(0, 139)}\u2026` : text;
}
function payloadDigest(payload) {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return void 0;
    }
  }
  const digest = value?.digest;
  return typeof digest === "string" ? digest : void 0;
}
export {
  GitHubDeployments,
  createDeploymentMirror
};
//# sourceMappingURL=chunk-6ID4CX45.mjs.map
