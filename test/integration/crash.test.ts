// SIGKILL for real: the bundled CLI deploying a pinned, key-signed digest is killed (a) right after
// staging (its log shows the `preview:` step) and (b) after the router switch, during the watch,
// before the ledger write. A rerun converges each time, and a keep-alive poller of the live port,
// running from before the first killed deploy to the end, sees no failed request.
//
// The killed run's lock stays behind until its heartbeat lapses (30 s after its last renewal).
// (a) A rerun within that time waits `lock-timeout` and fails naming the holder and when its lock
// runs out; once it has, `greenlight unlock --reason …` (as that error's hint says) breaks it without
// force and records it, and the rerun converges. (A rerun that waits long enough takes it over:
// lock-heal.test.ts.)
// (b) In Actions, a re-run (the next attempt of the same workflow run) takes the lock over at once:
// GitHub runs one attempt of a run at a time, so the holder is dead.

import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentNames } from "../../src/deploy/docker/names";
import {
  baseEnv,
  buildBundle,
  freePort,
  get,
  nodeBin,
  type Poller,
  type PollResult,
  parseCliOutputs,
  type Running,
  removeEnvironment,
  run,
  start,
  startPoller,
} from "../support/runner";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("crash");
const image = `${stack.registry}/${repo}`;
const app = `glcrash-${repo.split("-").slice(-2).join("")}`;
const environment = "crash";
const lockName = environmentNames(app, environment).lock;
const owner = `crash-test-${repo.split("-").at(-1)}`;
const digests: Record<string, string> = {};
let cli = "";
let work = "";
let livePort = 0;
let previewPort = 0;
let liveUrl = "";
let poller: Poller | undefined;

const env = () => baseEnv({ GREENLIGHT_PASSWORD: stack.password, USER: owner });
const body = (version: string) => `greenlight sample app ${version}`;

function common(): string[] {
  return [
    ...["--username", stack.username, "--app", app, "--environment", environment],
    ...["--router-image", stack.routerImage, "--live-port", String(livePort)],
    ...["--preview-port", String(previewPort), "--public-key-file", join(work, "k.pub")],
    ...["--checks", "/healthz 200", "--lock-timeout", "1"],
  ];
}

/** A deploy from the CLI, or, with `attempt`, as that attempt of one GitHub Actions workflow run. */
function deploy(version: string, watchSeconds: number, attempt?: number): Running {
  const pinned = `${image}@${digests[version]}`;
  const actions = attempt
    ? { GITHUB_REPOSITORY: "acme/shop", GITHUB_RUN_ID: "4242", GITHUB_RUN_ATTEMPT: String(attempt) }
    : {};
  return start(
    [nodeBin, cli, "deploy", "--image", pinned, ...common(), "--watch-seconds", String(watchSeconds)],
    { ...env(), ...actions },
  );
}

async function expectOk(running: Running): Promise<Record<string, string>> {
  const f = await running.done;
  if (f.exitCode !== 0) throw new Error(`deploy failed (${f.exitCode ?? f.signal}):\n${f.stderr}`);
  return parseCliOutputs(f.stdout);
}

/** `greenlight status`: its outputs and the facts it prints (lock, ledger live, drift). */
async function status() {
  const f = await run([nodeBin, cli, "status", "--image", image, ...common()], env());
  if (f.exitCode !== 0) throw new Error(`status failed:\n${f.stderr}`);
  const fact = (label: string) => new RegExp(`^\\s+${label}\\s+(.*)$`, "m").exec(f.stderr)?.[1]?.trim();
  return {
    outputs: parseCliOutputs(f.stdout),
    lock: fact("lock"),
    ledgerLive: fact("ledger live"),
    drift: fact("drift"),
  };
}

/** Steps the CLI logged (`<step>: …` lines), in order. */
const steps = (stderr: string) =>
  stderr
    .split("\n")
    .map((l) => /^\s*(lock|stage|preview|switch|switch back|record|retire):/.exec(l)?.[1])
    .filter(Boolean);

/** The rerun while the dead run's lock is held: fails after lock-timeout, naming the holder and its lease's end. */
async function expectBlockedByDeadRun(version: string, killedAt: number): Promise<number> {
  const blocked = await deploy(version, 2).done;
  expect(blocked.exitCode).toBe(2); // an error, not a refusal by a gate or a policy
  const held = new RegExp(`${lockName} is held by ${owner}, until (\\S+)`).exec(blocked.stderr);
  expect(held, blocked.stderr).not.toBeNull();
  const expiresAt = Date.parse(held?.[1] as string);
  // the heartbeat's lease (30 s) runs out at most 30 s after the kill
  expect(expiresAt - killedAt).toBeLessThanOrEqual(30_000);
  expect(blocked.stderr).toContain("greenlight unlock --reason");
  return expiresAt;
}

/** What the error's hint tells the operator to do with a dead run's lock, once its heartbeat has lapsed. */
async function unlockDeadLock(expiresAt: number): Promise<void> {
  await sleep(Math.max(0, expiresAt - Date.now() + 500));
  const unlocked = await run(
    [nodeBin, cli, "unlock", "--image", image, ...common(), "--reason", "crash test: holder killed"],
    env(),
  );
  expect(unlocked.exitCode, unlocked.stderr).toBe(0);
  expect(unlocked.stderr).toContain(`unlocked (broke the lock of ${owner})`);
}

async function build(version: string): Promise<string> {
  const f = await run(
    [
      ...[nodeBin, cli, "build", "--image", image, "--username", stack.username, "--context", "examples/app"],
      ...["--build-args", `VERSION=${version}`, "--signing-key-file", join(work, "k.key")],
      ...(stack.buildxBuilder ? ["--buildx-builder", stack.buildxBuilder] : []),
    ],
    { ...env(), ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}) },
  );
  if (f.exitCode !== 0) throw new Error(`build ${version} failed:\n${f.stderr}`);
  const digest = parseCliOutputs(f.stdout).digest ?? "";
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(f.stderr).toMatch(/attest|provenance/i);
  return digest;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-crash-"));
  const bundle = await buildBundle();
  cli = join(bundle, "cli.cjs");
  const keygen = await run([nodeBin, cli, "keygen", "--signing-key-file", join(work, "k.key")], env());
  expect(keygen.exitCode).toBe(0);
  expect(await readFile(join(work, "k.pub"), "utf8")).toContain("PUBLIC KEY");
  livePort = await freePort();
  previewPort = await freePort();
  liveUrl = `http://127.0.0.1:${livePort}`;
  for (const version of ["v1", "v2", "v3"]) digests[version] = await build(version);
}, 300_000);

afterAll(async () => {
  await poller?.stop();
  await removeEnvironment(app, environment);
});

describe("SIGKILL during a deploy, then a rerun", () => {
  it("deploys v1 (baseline), then polls the live port from here on", async () => {
    const outputs = await expectOk(deploy("v1", 1));
    expect(outputs["live-digest"]).toBe(digests.v1);
    expect((await get(liveUrl)).body).toBe(body("v1"));
    poller = startPoller(liveUrl, { intervalMs: 20, maxRequests: 30_000, maxMs: 600_000 });
    await poller.sees(body("v1"));
  });

  it("(a) killed right after staging: the rerun keeps the staged color and converges", async () => {
    const started = Date.now();
    const first = deploy("v2", 2);
    const line = await first.line(/^preview:/);
    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    const killed = await first.done;
    const killMs = Date.now() - started;
    expect(killed.signal).toBe("SIGKILL");
    expect(line).toBe("preview: preview -> green");
    expect(steps(killed.stderr)).toEqual(["lock", "stage", "preview"]);
    expect((await get(liveUrl)).body).toBe(body("v1"));
    const left = await status();
    expect(left.lock).toMatch(new RegExp(`^${owner} until `));
    expect(left.outputs["live-digest"]).toBe(digests.v1);

    const expiresAt = await expectBlockedByDeadRun("v2", killedAt);
    expect((await get(liveUrl)).body).toBe(body("v1"));
    await unlockDeadLock(expiresAt);

    const rerun = deploy("v2", 2);
    const outputs = await expectOk(rerun);
    // staged green already runs v2: kept, not restarted
    expect(steps(rerun.stderr())).toEqual(["lock", "preview", "switch", "record"]);
    expect(outputs.color).toBe("green");
    expect(outputs["live-digest"]).toBe(digests.v2);
    expect(outputs["previous-digest"]).toBe(digests.v1);
    expect((await get(liveUrl)).body).toBe(body("v2"));
    const after = await status();
    expect(after).toMatchObject({ lock: "free", drift: "none" });
    expect(after.ledgerLive).toMatch(new RegExp(`^${digests.v2} \\(release `));
    expect(after.outputs["live-digest"]).toBe(digests.v2);
    console.log(`(a) killed ${killMs} ms after start, at '${line}'`);
  });

  it("(b) killed after the switch, during the watch: the re-run attempt takes the lock over and records without switching", async () => {
    const started = Date.now();
    const first = deploy("v3", 8, 1);
    // kill as soon as the live port serves v3 (the run is then switched, watching, not recorded)
    await Promise.race([
      (poller as Poller).sees(body("v3")),
      first.done.then((f) => {
        throw new Error(`deploy ended (${f.exitCode}) before live served v3:\n${f.stderr}`);
      }),
    ]);
    first.child.kill("SIGKILL");
    const killed = await first.done;
    const killMs = Date.now() - started;
    expect(killed.signal).toBe("SIGKILL");
    expect(steps(killed.stderr)).toEqual(["lock", "stage", "preview", "switch"]);
    expect((await get(liveUrl)).body).toBe(body("v3"));
    const left = await status();
    expect(left.lock).toMatch(new RegExp(`^${owner} until `));
    expect(left.outputs["live-digest"]).toBe(digests.v3);
    expect(left.ledgerLive).toMatch(new RegExp(`^${digests.v2} `)); // the switch was never recorded
    expect(left.drift).not.toBe("none");

    const rerun = deploy("v3", 2, 2);
    const outputs = await expectOk(rerun);
    expect(rerun.stderr()).toContain(
      `taking over the lock ${lockName} (held by an earlier attempt of this workflow run)`,
    );
    expect(steps(rerun.stderr())).toEqual(["lock", "record"]);
    expect(outputs.color).toBe("blue");
    expect(outputs["live-digest"]).toBe(digests.v3);
    expect((await get(liveUrl)).body).toBe(body("v3"));
    const after = await status();
    expect(after).toMatchObject({ lock: "free", drift: "none" });
    expect(after.ledgerLive).toMatch(new RegExp(`^${digests.v3} \\(release `));
    console.log(`(b) killed ${killMs} ms after start, once live served v3; left drift: ${left.drift}`);
  });

  it("the live port answered every request throughout", async () => {
    const result: PollResult = await (poller as Poller).stop();
    poller = undefined;
    console.log(
      `poller: ${result.sent} requests in ${result.ms} ms, ${result.failed} failed; bodies ${JSON.stringify(result.bodies)}`,
    );
    expect(result.bounded).toBe(false);
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(100);
    expect(Object.keys(result.bodies).sort()).toEqual([body("v1"), body("v2"), body("v3")]);
  });
});
