// Running this repository's real workflows under act (nektos/act, host mode, offline): the release
// folder `greenlight/greenlight@v1` assembled from this checkout, the pinned third-party actions as
// their release folders, one bounded act run with its wall time.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { buildBundle, type Finished, freePort, nodeBin, repoRoot, start } from "./runner";

/**
 * The pinned third-party actions as their release tags ship them (action.yml + dist/ + LICENSE),
 * one folder `OWNER-REPO@SHA` each (see that folder's README). Not in this repository: they are
 * release builds of other projects, made once from their tags.
 */
// CI lays shared/ beside the checkout, as on the developers' machines.
export const actionsDir = process.env.GREENLIGHT_ACTIONS_DIR || join(repoRoot, "..", "shared", "actions");

/** `OWNER/REPO@REF` -> folder, for act's --local-repository. */
export type Mappings = Record<string, string>;

/** The third-party folders, keyed the way a `uses:` names them. */
export async function thirdPartyMappings(): Promise<Mappings> {
  const mappings: Mappings = {};
  const entries = await readdir(actionsDir, { withFileTypes: true }).catch((cause) => {
    throw new Error(
      `no release folders of the pinned actions at ${actionsDir} (OWNER-REPO@SHA each): set GREENLIGHT_ACTIONS_DIR`,
      { cause },
    );
  });
  for (const entry of entries) {
    const m = /^([A-Za-z0-9_.]+)-([A-Za-z0-9_.-]+)@([0-9a-f]{40})$/.exec(entry.name);
    if (!entry.isDirectory() || !m) continue;
    mappings[`${m[1]}/${m[2]}@${m[3]}`] = join(actionsDir, entry.name);
  }
  return mappings;
}

/**
 * `greenlight/greenlight@v1` as a release tag would ship it: action.yml, a fresh bundle as dist/,
 * the reusable workflows, the license; no node_modules (act tars the folder for every step).
 */
export async function releaseFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "gl-release-v1-"));
  const bundle = await buildBundle();
  await cp(bundle, join(dir, "dist"), { recursive: true });
  await rm(bundle, { recursive: true, force: true });
  await cp(join(repoRoot, "action.yml"), join(dir, "action.yml"));
  await mkdir(join(dir, ".github/workflows"), { recursive: true });
  for (const file of ["deploy.yml", "rollback.yml"]) {
    await cp(join(repoRoot, ".github/workflows", file), join(dir, ".github/workflows", file));
  }
  await cp(join(repoRoot, "LICENSE"), join(dir, "LICENSE")).catch(() => undefined);
  return dir;
}

/** Every remote `uses:` of a workflow's jobs and steps (not `./…`, not `docker://…`). */
export function remoteUses(workflowText: string): string[] {
  const doc = parse(workflowText) as {
    jobs?: Record<string, { uses?: string; steps?: { uses?: string }[] }>;
  };
  return Object.values(doc.jobs ?? {})
    .flatMap((job) => [job.uses, ...(job.steps ?? []).map((s) => s.uses)])
    .filter((u): u is string => typeof u === "string" && !u.startsWith("./") && !u.startsWith("docker://"));
}

/** `OWNER/REPO[/path]@REF` -> `OWNER/REPO@REF`, the key act's --local-repository matches. */
export const repositoryRef = (uses: string): string =>
  `${uses.split("@")[0]?.split("/").slice(0, 2).join("/")}@${uses.split("@")[1] ?? ""}`;

/**
 * The `uses:` of these workflows, and of the reusable workflows they call, that no folder maps
 * (act would try the network for them and fail).
 */
export async function unmapped(workflows: string[], mappings: Mappings): Promise<string[]> {
  const missing = new Set<string>();
  const followed = new Set<string>();
  const queue = [...workflows];
  for (let text = queue.shift(); text !== undefined; text = queue.shift()) {
    for (const uses of remoteUses(text)) {
      const folder = mappings[repositoryRef(uses)];
      if (!folder) {
        missing.add(repositoryRef(uses));
        continue;
      }
      const workflow = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(uses)?.[1];
      if (workflow && !followed.has(uses)) {
        followed.add(uses);
        queue.push(await readFile(join(folder, workflow), "utf8"));
      }
    }
  }
  return [...missing].sort();
}

export interface ActOptions {
  act: string;
  /** the caller's repository (a git work tree); act's working directory */
  repo: string;
  event: "push" | "workflow_dispatch";
  workflow: string;
  mappings: Mappings;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  inputs?: Record<string, string>;
  /** the act process's environment (host mode hands it to every step) */
  env: NodeJS.ProcessEnv;
  /**
   * Variables of GitHub's runner that act 0.2.89 does not set (GITHUB_WORKFLOW_REF,
   * GITHUB_REPOSITORY_ID, GITHUB_REPOSITORY_OWNER_ID), given to every step through act's --env-file.
   */
  runnerEnv: Record<string, string>;
  /** act is interrupted (SIGINT, then SIGKILL 30 s later) when it runs longer */
  timeoutMs: number;
}

export interface ActRun extends Finished {
  ms: number;
  timedOut: boolean;
  /** act's output, stdout then stderr */
  log: string;
}

/** One act run of one workflow, offline: loopback artifact server, no cache server, temp dirs wiped. */
export async function runAct(o: ActOptions): Promise<ActRun> {
  const scratch = await mkdtemp(join(tmpdir(), "gl-act-run-"));
  try {
    // vars and secrets as YAML (JSON is YAML): multi-line values (PEM keys, known_hosts) survive,
    // and no secret appears in act's argv
    await writeFile(join(scratch, "vars.yml"), JSON.stringify(o.vars), { mode: 0o600 });
    await writeFile(join(scratch, "secrets.yml"), JSON.stringify(o.secrets), { mode: 0o600 });
    await writeFile(join(scratch, "runner.yml"), JSON.stringify(o.runnerEnv));
    const argv = [
      o.act,
      o.event,
      ...["-C", o.repo, "-W", `.github/workflows/${o.workflow}`],
      ...["-P", "ubuntu-latest=-self-hosted"],
      ...["--var-file", join(scratch, "vars.yml"), "--secret-file", join(scratch, "secrets.yml")],
      ...["--env-file", join(scratch, "runner.yml")],
      ...["--artifact-server-addr", "127.0.0.1", "--artifact-server-port", String(await freePort())],
      ...["--artifact-server-path", join(scratch, "artifacts")],
      ...["--no-cache-server", "--action-cache-path", join(scratch, "actions")],
      ...Object.entries(o.mappings).flatMap(([k, v]) => ["--local-repository", `${k}=${v}`]),
      ...Object.entries(o.inputs ?? {}).flatMap(([k, v]) => ["--input", `${k}=${v}`]),
    ];
    const started = Date.now();
    const running = start(argv, { ...o.env, XDG_CACHE_HOME: join(scratch, "cache") });
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      running.child.kill("SIGINT");
      kill = setTimeout(() => running.child.kill("SIGKILL"), 30_000);
    }, o.timeoutMs);
    const finished = await running.done;
    clearTimeout(timer);
    clearTimeout(kill);
    return {
      ...finished,
      ms: Date.now() - started,
      timedOut,
      log: `${finished.stdout}\n${finished.stderr}`,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The environment act runs with: Node 24 first on PATH (act runs the first `node` whatever `runs.using` says). */
export function actEnv(
  home: string,
  extraPath: string[],
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: [dirname(nodeBin), ...extraPath, process.env.PATH ?? ""].join(":"),
    HOME: home,
    ACT_DISABLE_VERSION_CHECK: "1",
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}

/** Lines act printed for one job's steps' output (`[workflow/job]   | line`), for messages. */
export function tail(log: string, lines = 60): string {
  return log.split("\n").slice(-lines).join("\n");
}

export { repoRoot };
