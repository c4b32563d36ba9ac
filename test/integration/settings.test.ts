// Environments remember their settings, through the bundled CLI against the stack: an environment
// deployed with ports A/B (from greenlight.yml) is then driven with only `--environment` (status,
// rollback), and a deploy that gives it another live port is refused with the difference spelled
// out, before anything changes: live keeps serving on its port, and no check runs against the
// wrong one. Found by a new user: the README's deploy line, run against an environment created
// with other ports, was checked on the default port.
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  get,
  nodeBin,
  parseCliOutputs,
  removeEnvironment,
  run,
} from "../support/runner";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("settings");
const image = `${stack.registry}/${repo}`;
const app = repo.split("/").pop() as string;
const environment = `st-${app.slice(-6)}`;
const digests: Record<string, string> = {};
let cli = "";
let work = "";
let elsewhere = "";
let livePort = 0;
let previewPort = 0;

const env = () =>
  baseEnv({
    GREENLIGHT_USERNAME: stack.username,
    GREENLIGHT_PASSWORD: stack.password,
    USER: "settings-test",
    ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}),
  });

function cliIn(dir: string, argv: string[]): Promise<Finished> {
  return run(["bash", "-c", 'cd "$0" && exec "$@"', dir, nodeBin, cli, ...argv], env());
}

async function ok(dir: string, argv: string[]): Promise<Record<string, string>> {
  const f = await cliIn(dir, argv);
  if (f.exitCode !== 0) throw new Error(`greenlight ${argv.join(" ")} failed (${f.exitCode}):\n${f.stderr}`);
  return parseCliOutputs(f.stdout);
}

async function version(port: number): Promise<string> {
  return (await get(`http://127.0.0.1:${port}/version`)).body.trim();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-settings-"));
  elsewhere = await mkdtemp(join(tmpdir(), "gl-settings-elsewhere-"));
  cli = join(await buildBundle(), "cli.cjs");
  expect((await cliIn(work, ["keygen", "--signing-key-file", "k.key"])).exitCode).toBe(0);
  livePort = await freePort();
  previewPort = await freePort();
  // a checkout holding the sample app (provenance names its commit)
  for (const file of ["Dockerfile", "server"]) await copyFile(join(stack.appContext, file), join(work, file));
  const git = (args: string[]) =>
    run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", work, ...args], env());
  await writeFile(join(work, ".gitignore"), "k.key\n");
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
    ["commit", "-qm", "app"],
  ])
    expect((await git(args)).exitCode).toBe(0);
  for (const v of ["v1", "v2"]) {
    const built = await ok(work, [
      ...["build", "--image", image, "--context", ".", "--build-args", `VERSION=${v}`],
      ...["--signing-key-file", "k.key", "--builder", "classic"],
    ]);
    digests[v] = built.digest ?? "";
    expect(digests[v]).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
  // the repository's settings: the environment's ports live in its section
  await writeFile(
    join(work, "greenlight.yml"),
    [
      `image: ${image}`,
      `router-image: ${stack.routerImage}`,
      "public-key-file: k.pub",
      "watch-seconds: 1",
      "lock-timeout: 5",
      "environments:",
      `  ${environment}:`,
      `    live-port: ${livePort}`,
      `    preview-port: ${previewPort}`,
      "",
    ].join("\n"),
  );
  // somewhere else, only the policy: what the environment runs comes from the environment
  await mkdir(elsewhere, { recursive: true });
  await copyFile(join(work, "k.pub"), join(elsewhere, "k.pub"));
  await writeFile(join(elsewhere, "greenlight.yml"), "public-key-file: k.pub\n");
}, 600_000);

const otherApp = `${app.slice(0, 30)}-b`;

afterAll(async () => {
  await removeEnvironment(app, environment);
  await removeEnvironment(otherApp, environment);
});

describe("environments remember their settings", () => {
  it("a deploy giving another live port is refused, naming both ports; live is untouched", async () => {
    // every setting on the command line, as before greenlight.yml
    const flags = [
      ...["--environment", environment, "--router-image", stack.routerImage],
      ...["--public-key-file", "k.pub", "--watch-seconds", "1", "--lock-timeout", "5"],
    ];
    const ports = ["--live-port", String(livePort), "--preview-port", String(previewPort)];
    await ok(work, ["deploy", "--image", `${image}@${digests.v1}`, ...flags, ...ports]);
    expect(await version(livePort)).toBe("v1");
    const otherPort = await freePort();
    const refused = await cliIn(work, [
      ...["deploy", "--image", `${image}@${digests.v2}`, ...flags],
      ...["--live-port", String(otherPort), "--preview-port", String(previewPort)],
    ]);
    expect(refused.exitCode, refused.stderr).not.toBe(0);
    expect(refused.stderr).toContain(
      `environment ${environment} runs with live-port ${livePort}, you gave ${otherPort}`,
    );
    expect(refused.stderr).not.toMatch(/checks?.*127\.0\.0\.1:(8080|8081)/);
    expect(await version(livePort)).toBe("v1");
  }, 300_000);

  it("status and rollback need only the environment's name", async () => {
    await ok(work, ["deploy", "--image", `${image}@${digests.v2}`, "--environment", environment]);
    expect(await version(livePort)).toBe("v2");
    const status = await ok(elsewhere, ["status", "--environment", environment]);
    expect(status["live-digest"]).toBe(digests.v2);
    expect(status.url).toBe(`http://127.0.0.1:${livePort}`);
    const back = await ok(elsewhere, ["rollback", "--environment", environment, "--reason", "test"]);
    expect(back["live-digest"] ?? back.digest).toBe(digests.v1);
    expect(await version(livePort)).toBe("v1");
    const history = await cliIn(elsewhere, ["history", "--environment", environment]);
    expect(history.exitCode, history.stderr).toBe(0);
    expect(history.stdout).toContain(digests.v2);
  }, 300_000);

  it("a port in greenlight.yml that differs is refused naming the file's line; live is untouched", async () => {
    const other = await mkdtemp(join(tmpdir(), "gl-settings-other-"));
    await copyFile(join(work, "k.pub"), join(other, "k.pub"));
    const otherPort = await freePort();
    await writeFile(
      join(other, "greenlight.yml"),
      [
        "public-key-file: k.pub",
        "environments:",
        `  ${environment}:`,
        `    preview-port: ${otherPort}`,
        "",
      ].join("\n"),
    );
    const before = await ok(elsewhere, ["status", "--environment", environment]);
    const refused = await cliIn(other, [
      "deploy",
      "--image",
      `${image}@${digests.v2}`,
      "--environment",
      environment,
    ]);
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(
      `environment ${environment} runs with preview-port ${previewPort}, you gave ${otherPort} (in greenlight.yml line 4 (environments.${environment}))`,
    );
    expect(await ok(elsewhere, ["status", "--environment", environment])).toEqual(before);
  }, 300_000);

  it("an environment name several apps have on the engine is refused, listing them; --app picks one", async () => {
    const ports = ["--live-port", String(await freePort()), "--preview-port", String(await freePort())];
    await ok(work, [
      "deploy",
      "--image",
      `${image}@${digests.v1}`,
      "--app",
      otherApp,
      "--environment",
      environment,
      ...ports,
    ]);
    const ambiguous = await cliIn(elsewhere, ["status", "--environment", environment]);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toContain(
      `environment ${environment} exists for 2 apps on this Docker engine: ${[app, otherApp].sort().join(", ")}`,
    );
    const picked = await ok(elsewhere, ["status", "--environment", environment, "--app", app]);
    expect(picked.url).toBe(`http://127.0.0.1:${livePort}`);
  }, 300_000);
});
