// Running this repository's real workflows under act (nektos/act, host mode, offline): the release
// folder `greenlight/greenlight@v1` assembled from this checkout, the pinned third-party actions as
// their release folders, one bounded act run with its wall time.
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { baseEnv, buildBundle, type Finished, freePort, nodeBin, repoRoot, run, start } from "./runner";

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

/** The caller's repository under act: the shop fixture with the stack's sample app, a real git repository. */
export interface Shop {
  /** temp dir holding everything of the file's runs (removed by `close`) */
  work: string;
  /** the runner user's home (act's HOME: ~/.actrc, ~/.gitconfig, ~/.ssh) */
  home: string;
  /** the shop's work tree */
  dir: string;
  git(...args: string[]): Promise<string>;
  /** A new commit whose Dockerfile builds `version` (`brokenHome`: the home page fails). */
  commitVersion(version: string, brokenHome?: boolean): Promise<void>;
}

/** test/fixtures/act/shop plus the sample app, committed on `main` as v1 with `origin` at `repository`. */
export async function makeShop(prefix: string, appContext: string, repository: string): Promise<Shop> {
  const work = await mkdtemp(join(tmpdir(), prefix));
  const home = join(work, "home");
  const dir = join(work, "shop");
  await cp(join(repoRoot, "test/fixtures/act/shop"), dir, { recursive: true });
  await cp(join(appContext, "Dockerfile"), join(dir, "Dockerfile"));
  await cp(join(appContext, "server"), join(dir, "server"));
  await chmod(join(dir, "server"), 0o755);
  await mkdir(join(home, ".ssh"), { recursive: true });
  // act asks for a default image when it finds no ~/.actrc
  await writeFile(join(home, ".actrc"), "");
  await writeFile(join(home, ".gitconfig"), "[user]\n\tname = Shop Dev\n\temail = dev@shop.example\n");
  const git = async (...args: string[]): Promise<string> => {
    const r = await run(["git", "-C", dir, ...args], baseEnv({ HOME: home }));
    if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const commitVersion = async (version: string, brokenHome = false): Promise<void> => {
    const dockerfile = join(dir, "Dockerfile");
    const text = (await readFile(dockerfile, "utf8"))
      .replace(/^ARG VERSION=.*$/m, `ARG VERSION=${version}`)
      .replace(/^ARG BROKEN_HOME=.*$/m, `ARG BROKEN_HOME=${brokenHome ? 1 : 0}`);
    await writeFile(dockerfile, text);
    await git("commit", "-q", "-am", `shop ${version}${brokenHome ? " (home page broken)" : ""}`);
  };
  await git("init", "-q", "-b", "main");
  await git("remote", "add", "origin", `https://github.com/${repository}.git`);
  await git("add", ".");
  await git("commit", "-q", "-m", "shop");
  await commitVersion("v1");
  return { work, home, dir, git, commitVersion };
}

/**
 * `greenlight/greenlight@v1` (this checkout as a release folder) and the pinned third-party actions,
 * mapped for act; throws when a `uses:` of these callers (or of what they call) is left unmapped.
 */
export async function mappedRelease(
  shop: Shop,
  callers: string[],
): Promise<{ release: string; mappings: Mappings }> {
  const release = await releaseFolder();
  const mappings = { ...(await thirdPartyMappings()), "greenlight/greenlight@v1": release };
  const texts = await Promise.all(
    callers.map((f) => readFile(join(shop.dir, ".github/workflows", f), "utf8")),
  );
  const missing = await unmapped(texts, mappings);
  if (missing.length > 0) throw new Error(`act would fetch these from the network: ${missing.join(", ")}`);
  return { release, mappings };
}

/** What differs between one act run of a file and the next. */
export interface ActCall {
  event: ActOptions["event"];
  workflow: string;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  inputs?: Record<string, string>;
  /** added to the act process's environment */
  env?: Record<string, string>;
  /** added to the runner variables given through --env-file */
  runnerEnv?: Record<string, string>;
}

/**
 * The act runs of one test file: the shop, its mappings, vars and secrets shared by every run; each
 * run's wall time kept, its log written to $GREENLIGHT_ACT_LOGS when set, and its output checked
 * for every secret it was given (act masks them as GitHub does).
 */
export class ActRunner {
  readonly times: [string, number][] = [];

  constructor(
    private readonly base: {
      act: string;
      shop: Shop;
      mappings: Mappings;
      vars: Record<string, string>;
      secrets: Record<string, string>;
      /** folders put on PATH after Node 24's (tools the callers run, e.g. crane) */
      path: string[];
      runnerEnv: Record<string, string>;
      timeoutMs: number;
    },
  ) {}

  async run(name: string, call: ActCall): Promise<ActRun> {
    const { base } = this;
    const secrets = { ...base.secrets, ...call.secrets };
    const r = await runAct({
      act: base.act,
      repo: base.shop.dir,
      event: call.event,
      workflow: call.workflow,
      mappings: base.mappings,
      vars: { ...base.vars, ...call.vars },
      secrets,
      ...(call.inputs ? { inputs: call.inputs } : {}),
      env: actEnv(base.shop.home, base.path, call.env),
      runnerEnv: { ...base.runnerEnv, ...call.runnerEnv },
      timeoutMs: base.timeoutMs,
    });
    this.times.push([name, r.ms]);
    if (process.env.GREENLIGHT_ACT_LOGS) {
      await writeFile(join(process.env.GREENLIGHT_ACT_LOGS, `${name.replace(/\W+/g, "-")}.log`), r.log);
    }
    console.log(`act ${name}: exit ${r.exitCode}, ${(r.ms / 1000).toFixed(1)} s wall`);
    if (r.timedOut) throw new Error(`act ${name} ran longer than ${base.timeoutMs} ms:\n${tail(r.log, 120)}`);
    const printed = printedSecrets(r.log, secrets);
    if (printed.length > 0) throw new Error(`act ${name} printed the secrets ${printed.join(", ")}`);
    return r;
  }

  /** One line of every run's wall time and their total, for the test log. */
  wallTimes(): string {
    const total = this.times.reduce((sum, [, ms]) => sum + ms, 0);
    const each = this.times.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(", ");
    return `act wall times: ${each}; total ${(total / 1000).toFixed(1)} s`;
  }
}

/** Names of the secrets whose value (or a line of a multi-line value, PEM armour aside) is in `log`. */
export function printedSecrets(log: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => {
      const lines = value.split("\n").filter((l) => l.length >= 8 && !l.startsWith("-----"));
      return lines.some((line) => log.includes(line));
    })
    .map(([name]) => name);
}

/** Removes the local Docker references (tags and digests) of `repository` that builds and deploys made. */
export async function removeLocalImages(repository: string): Promise<void> {
  const listed = await run(
    [
      "docker",
      "images",
      "--digests",
      "--filter",
      `reference=${repository}`,
      "--format",
      "{{.Tag}} {{.Digest}}",
    ],
    baseEnv({}),
  );
  const refs = new Set<string>();
  for (const [tag, digest] of listed.stdout.split("\n").map((l) => l.split(" "))) {
    if (tag && tag !== "<none>") refs.add(`${repository}:${tag}`);
    if (digest?.startsWith("sha256:")) refs.add(`${repository}@${digest}`);
  }
  if (refs.size > 0) await run(["docker", "rmi", ...refs], baseEnv({}));
}

export { repoRoot };
