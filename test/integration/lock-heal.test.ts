// Locks that heal, with real processes on the real stack: the bundled CLI deploying pinned digests
// of the sample app is SIGKILLed during the stage, during the gates and during the watch; each
// time the next deploy takes the dead run's lock over once its heartbeat (default 30 s) runs out,
// well within 60 s (the figure is printed). SIGTERM during the gates and SIGINT (then SIGTERM)
// during the watch stop the run at a safe point: exit 143/130, the lock released at once, live
// serving, and the message saying the state. `unlock` refuses a live holder, `force` breaks it,
// the ledger records it. A keep-alive poller of the live port runs from the first deploy to the end.
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { environmentNames } from "../../src/deploy/docker/names";
import {
  baseEnv,
  buildBundle,
  type Finished,
  get,
  nodeBin,
  type Poller,
  parseCliOutputs,
  type Running,
  removeEnvironment,
  repoRoot,
  run,
  start,
  startPoller,
} from "../support/runner";
import { dockerConfig, freePort, pushApp, registryLedger, stack, uniqueApp } from "./deploy.support";

const app = uniqueApp("heal");
const repo = `test/${app}`;
const environment = "heal";
const lockName = environmentNames(app, environment).lock;
const owner = `heal-${app.slice(-4)}`;
const versions = ["v1", "v2", "v3", "v4", "v5", "v6"] as const;
type Version = (typeof versions)[number];
const pinned: Partial<Record<Version, string>> = {};
let cli = "";
let actionEntry = "";
let livePort = 0;
let previewPort = 0;
let liveUrl = "";
let poller: Poller | undefined;
const takeovers: string[] = [];

const env = (user = owner) => baseEnv({ GREENLIGHT_PASSWORD: stack.password, USER: user });
const body = (version: string) => `greenlight sample app ${version}`;

function common(): string[] {
  return [
    ...["--username", stack.username, "--app", app, "--environment", environment],
    ...["--router-image", stack.routerImage, "--live-port", String(livePort)],
    ...["--preview-port", String(previewPort), "--verify", "false", "--checks", "/healthz 200"],
  ];
}

/** A deploy from the CLI; `flags` add to or replace the defaults (a slow smoke command, a long watch). */
function deploy(version: Version, flags: Record<string, string> = {}, user = owner): Running {
  const all = { "--watch-seconds": "1", "--lock-timeout": "75", ...flags };
  return start(
    [
      ...[nodeBin, cli, "deploy", "--image", pinned[version] as string, ...common()],
      ...Object.entries(all).flat(),
    ],
    env(user),
  );
}

function greenlight(command: string, extra: string[], user = owner): Promise<Finished> {
  return run(
    [nodeBin, cli, command, "--image", `${stack.registry}/${repo}`, ...common(), ...extra],
    env(user),
  );
}

/**
 * The bundled action as a runner starts it: action.yml's defaults, then `inputs`, as INPUT_<NAME>
 * variables, in a GitHub Actions environment (no token: no GitHub API is called).
 */
async function actionStep(inputs: Record<string, string>): Promise<Running> {
  const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults = Object.entries(action.inputs).map(([name, spec]): [string, string] => [
    name,
    spec.default?.includes("${{") ? "" : (spec.default ?? ""),
  ]);
  const with_: Record<string, string> = {
    ...Object.fromEntries(defaults),
    image: `${stack.registry}/${repo}`,
    username: stack.username,
    password: stack.password,
    app,
    environment,
    "router-image": stack.routerImage,
    "live-port": String(livePort),
    "preview-port": String(previewPort),
    verify: "false",
    checks: "/healthz 200",
    ...inputs,
  };
  const dir = await mkdtemp(join(tmpdir(), "gl-heal-action-"));
  await writeFile(join(dir, "output"), "");
  await writeFile(join(dir, "summary"), "");
  return start(
    [nodeBin, actionEntry],
    baseEnv({
      ...Object.fromEntries(Object.entries(with_).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "octo-org/shop",
      GITHUB_RUN_ID: "555",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_ACTOR: "octocat",
      GITHUB_WORKSPACE: repoRoot,
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_STEP_SUMMARY: join(dir, "summary"),
      RUNNER_TEMP: dir,
    }),
  );
}

/** Resolves once the child's stdout (where the action logs) matches `pattern`; rejects if it ends first. */
async function stdoutMatches(running: Running, pattern: RegExp): Promise<void> {
  let ended = false;
  void running.done.then(() => {
    ended = true;
  });
  while (!pattern.test(running.stdout())) {
    if (ended)
      throw new Error(`ended before stdout matched ${pattern}:\n${running.stdout()}${running.stderr()}`);
    await sleep(100);
  }
}

async function expectOk(running: Running): Promise<Record<string, string>> {
  const f = await running.done;
  if (f.exitCode !== 0) throw new Error(`deploy failed (${f.exitCode ?? f.signal}):\n${f.stderr}`);
  return parseCliOutputs(f.stdout);
}

async function lockHolder(): Promise<string> {
  const f = await greenlight("status", []);
  return /^\s+lock\s+(.*)$/m.exec(f.stderr)?.[1]?.trim() ?? `(no lock line)\n${f.stderr}`;
}

/** The first step after the lock (`stage`, `preview`, `switch` or `record`). */
const pastTheLock = /^(stage|preview|switch|record):/;

/**
 * SIGKILLs `victim` once `point` resolves, then deploys `next` at once and measures the time from
 * the kill to the next deploy's first step past the lock.
 */
async function killThenNext(victim: Running, point: Promise<unknown>, next: Version, label: string) {
  await point;
  victim.child.kill("SIGKILL");
  const killedAt = Date.now();
  const killed = await victim.done;
  expect(killed.signal).toBe("SIGKILL");
  expect(await lockHolder()).toMatch(new RegExp(`^${owner} until `)); // the dead run's lock is left behind
  const rerun = deploy(next);
  const line = await rerun.line(pastTheLock);
  const ms = Date.now() - killedAt;
  takeovers.push(`${label}: ${ms} ms`);
  console.log(`SIGKILL ${label}: the next deploy was past the lock ${ms} ms after the kill (at '${line}')`);
  expect(rerun.stderr()).toMatch(
    new RegExp(`taking over the lock ${lockName} \\(stale: no heartbeat since `),
  );
  expect(ms).toBeLessThan(60_000);
  const outputs = await expectOk(rerun);
  expect((await get(liveUrl)).body).toBe(body(next));
  expect(await lockHolder()).toBe("free");
  return outputs;
}

beforeAll(async () => {
  const bundle = await buildBundle();
  cli = `${bundle}/cli.cjs`;
  actionEntry = `${bundle}/index.cjs`;
  const config = await dockerConfig();
  for (const version of versions) pinned[version] = await pushApp(config, repo, version);
  livePort = await freePort();
  previewPort = await freePort();
  liveUrl = `http://127.0.0.1:${livePort}`;
}, 300_000);

afterAll(async () => {
  await poller?.stop();
  await removeEnvironment(app, environment);
});

describe("a killed holder's lock heals", () => {
  it("deploys v1, then polls the live port from here on", async () => {
    await expectOk(deploy("v1"));
    expect((await get(liveUrl)).body).toBe(body("v1"));
    poller = startPoller(liveUrl, { intervalMs: 20, maxRequests: 100_000, maxMs: 900_000 });
    await poller.sees(body("v1"));
  });

  it("SIGKILL during the stage: the next deploy takes the lock over within 60 s", async () => {
    const victim = deploy("v2");
    await killThenNext(victim, victim.line(/^stage:/), "v2", "during the stage");
  }, 120_000);

  it("SIGKILL during the gates (a slow smoke command): the next deploy takes the lock over within 60 s", async () => {
    const victim = deploy("v3", { "--smoke-command": "sleep 120" });
    await killThenNext(victim, victim.line(/^gate GET \/healthz: passed/), "v3", "during the gates");
  }, 120_000);

  it("SIGKILL during the watch: the next deploy takes the lock over within 60 s and records v4", async () => {
    const victim = deploy("v4", { "--watch-seconds": "120" });
    await killThenNext(victim, (poller as Poller).sees(body("v4")), "v4", "during the watch");
  }, 120_000);
});

describe("SIGINT/SIGTERM stop at a safe point", () => {
  it("SIGTERM during the gates: exit 143, staged color removed, lock free at once, live untouched", async () => {
    const victim = deploy("v5", { "--smoke-command": "sleep 120" });
    await victim.line(/^gate GET \/healthz: passed/);
    victim.child.kill("SIGTERM");
    const signalled = Date.now();
    const stopped = await victim.done;
    console.log(`SIGTERM during the gates: exited ${stopped.exitCode} after ${Date.now() - signalled} ms`);
    expect(stopped.exitCode).toBe(143);
    expect(stopped.stderr).toMatch(
      /stopped by SIGTERM; live is (blue|green) \(unchanged\); staged (blue|green) was removed; the lock is released/,
    );
    expect(await lockHolder()).toBe("free");
    expect((await get(liveUrl)).body).toBe(body("v4"));
    const next = deploy("v5");
    await expectOk(next);
    expect(next.stderr()).not.toContain("waiting for the lock");
    expect(next.stderr()).not.toContain("taking over");
    expect((await get(liveUrl)).body).toBe(body("v5"));
  }, 120_000);

  it("SIGINT then SIGTERM during the watch: exit 130, switched back and recorded failed, lock free", async () => {
    // a 6 s heartbeat (renewed every 2 s): the watch outlives it twice and keeps the lock
    const victim = deploy("v6", { "--watch-seconds": "120", "--lock-heartbeat": "6" });
    await (poller as Poller).sees(body("v6"));
    await sleep(13_000);
    const competitor = await deploy("v5", { "--lock-timeout": "2" }, "competitor").done;
    expect(competitor.exitCode).toBe(2); // an error (the lock is held), not a refusal by a gate
    expect(competitor.stderr).toMatch(
      new RegExp(`${lockName} is held by ${owner}, until \\S+ \\(last heartbeat `),
    );
    expect(competitor.stderr).not.toContain("taking over");
    victim.child.kill("SIGINT");
    const signalled = Date.now();
    await victim.line(/SIGINT received: stopping at the next safe point/);
    victim.child.kill("SIGTERM"); // as the runner does 7.5 s later: must not cut the undo short
    const stopped = await victim.done;
    console.log(
      `SIGINT+SIGTERM during the watch: exited ${stopped.exitCode} after ${Date.now() - signalled} ms`,
    );
    expect(stopped.exitCode).toBe(130);
    expect(stopped.stderr).toMatch(/^switch back: live -> (blue|green) \(stopped\)/m);
    expect(stopped.stderr).toMatch(/^record: .* failed/m);
    expect(stopped.stderr).toMatch(
      /stopped by SIGINT; live is (blue|green) \(unchanged\); the lock is released/,
    );
    expect(await lockHolder()).toBe("free");
    expect((await get(liveUrl)).body).toBe(body("v5"));
    const newest = (await registryLedger(repo, environment).history()).at(-1);
    expect(newest).toMatchObject({ digest: pinned.v6?.split("@")[1], outcome: "failed" });
    expect(newest?.reason).toMatch(/stopped by SIGINT during the watch; switched back to (blue|green)/);
    const status = await greenlight("status", []);
    expect(status.stderr).toMatch(/^\s+drift\s+none$/m);
  }, 120_000);
});

describe("unlock", () => {
  it("refuses a holder whose heartbeat is fresh; force breaks it, the holder stops, the ledger records it", async () => {
    const holder = deploy("v6", { "--smoke-command": "sleep 120" }, "holder");
    await holder.line(/^gate GET \/healthz: passed/);
    const refused = await greenlight("unlock", ["--reason", "looks stuck"], "operator");
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/the lock is held by holder, whose heartbeat is fresh/);
    expect(await lockHolder()).toMatch(/^holder until /);

    const noReason = await greenlight("unlock", ["--force", "true"], "operator");
    expect(noReason.exitCode).toBe(2);
    expect(noReason.stderr).toContain("--reason: is required by unlock");

    const forced = await greenlight("unlock", ["--reason", "runner wedged", "--force", "true"], "operator");
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("unlocked (broke the lock of holder)");
    expect(await lockHolder()).not.toMatch(/^holder /);

    // the holder's next heartbeat finds its lock gone and stops at the next safe point
    const ended = await holder.done;
    expect(ended.exitCode).toBe(2);
    expect(ended.stderr).toMatch(/lost the lock: the lock \S+ was removed/);
    expect((await get(liveUrl)).body).toBe(body("v5"));

    const newest = (await registryLedger(repo, environment).history()).at(-1);
    expect(newest).toMatchObject({
      action: "unlock",
      outcome: "unlocked",
      actor: "operator",
      reason: "runner wedged",
      brokenLock: { owner: "holder", fresh: true },
    });
    // the environment converges on the next deploy
    await expectOk(deploy("v6"));
    expect((await get(liveUrl)).body).toBe(body("v6"));
  }, 180_000);

  it("the action cancelled as a runner cancels it (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after): stops itself with 130", async () => {
    const victim = await actionStep({
      command: "deploy",
      image: pinned.v4 as string, // not running: staged as the idle color (the warm v5 is replaced)
      "smoke-command": "sleep 120",
    });
    await stdoutMatches(victim, /gate GET \/healthz: passed/);
    victim.child.kill("SIGINT");
    const signalled = Date.now();
    const term = setTimeout(() => victim.child.kill("SIGTERM"), 7500);
    const kill = setTimeout(() => victim.child.kill("SIGKILL"), 10_000);
    const stopped = await victim.done;
    clearTimeout(term);
    clearTimeout(kill);
    console.log(
      `action cancelled during the gates: exited ${stopped.exitCode ?? stopped.signal} after ${Date.now() - signalled} ms`,
    );
    expect(stopped.signal).toBeNull();
    expect(stopped.exitCode).toBe(130);
    expect(stopped.stdout).toMatch(
      /::error::.*stopped by SIGINT; live is (blue|green) \(unchanged\); staged (blue|green) was removed; the lock is released/,
    );
    expect(await lockHolder()).toBe("free");
    expect((await get(liveUrl)).body).toBe(body("v6"));

    const unlocked = await actionStep({ command: "unlock", reason: "nothing to break" });
    const done = await unlocked.done;
    expect(done.exitCode, done.stdout).toBe(0);
    expect(done.stdout).toContain(`${app}/${environment} is not locked; nothing to do`);
  }, 120_000);

  it("the live port answered every request throughout", async () => {
    const result = await (poller as Poller).stop();
    poller = undefined;
    console.log(
      `poller: ${result.sent} requests in ${result.ms} ms, ${result.failed} failed; bodies ${JSON.stringify(result.bodies)}; takeovers ${takeovers.join(", ")}`,
    );
    expect(result.bounded).toBe(false);
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(100);
  });
});
