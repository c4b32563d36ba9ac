// The commands greenlight prints as next steps run as printed: the rollback line after a deploy, the
// `--to` line after a rollback, promote and reject after a manual stage. Each is taken from a real
// run's result (`--format json`) and run through bash exactly as printed, with `greenlight` on PATH
// (the bundled CLI) and the password in GREENLIGHT_PASSWORD, as a person at a terminal would.
// Found by hand: the printed rollback line lacked the public key, ports and router image the
// environment was deployed with, so it failed when pasted; a staged release said nothing of how to
// promote or reject it; reject's summary title said "failed" and its live-digest output was empty.
import { chmod, cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  nodeBin,
  removeEnvironment,
  run,
} from "../support/runner";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("next");
const image = `${stack.registry}/${repo}`;
const app = `glnext-${repo.split("-").slice(-2).join("")}`;
const environment = "next";
const digests: Record<string, string> = {};
let work = "";
let bin = "";
let livePort = 0;
let previewPort = 0;

interface JsonResult {
  status: string;
  exitCode: number;
  title: string;
  outputs: Record<string, string>;
  facts: Record<string, string>;
  rollback?: string;
  next?: { heading: string; commands: string };
}

const env = () =>
  baseEnv({
    PATH: `${bin}:${baseEnv({}).PATH}`,
    GREENLIGHT_PASSWORD: stack.password,
    USER: "next-steps-test",
    ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}),
  });

/** A shell line run by bash in the work directory, as pasted. */
function shell(line: string): Promise<Finished> {
  return run(["bash", "-c", `cd ${work} && ${line}`], env());
}

const quoted = (args: string[]) => args.map((a) => `'${a}'`).join(" ");

/** greenlight in the work directory with `--format json`: its result. */
async function greenlight(args: string[]): Promise<JsonResult> {
  const f = await shell(`greenlight ${quoted(args)} --format json`);
  const result = JSON.parse(f.stdout) as JsonResult;
  expect(result.exitCode, f.stderr).toBe(f.exitCode);
  return result;
}

/** The greenlight lines of a printed block (comments dropped). */
function commandsIn(block: string | undefined): string[] {
  return (block ?? "").split("\n").filter((l) => l.startsWith("greenlight "));
}

const deployFlags = () => [
  ...["--username", stack.username, "--app", app, "--environment", environment],
  ...["--router-image", stack.routerImage, "--live-port", String(livePort)],
  ...["--preview-port", String(previewPort), "--public-key-file", "release.pub"],
  ...["--checks", "/healthz 200", "--lock-timeout", "5", "--watch-seconds", "1"],
];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-next-"));
  const bundle = await buildBundle();
  bin = await mkdtemp(join(tmpdir(), "gl-next-bin-"));
  await writeFile(join(bin, "greenlight"), `#!/bin/sh\nexec ${nodeBin} ${join(bundle, "cli.cjs")} "$@"\n`);
  await chmod(join(bin, "greenlight"), 0o755);
  expect((await shell("greenlight keygen --signing-key-file release.key")).exitCode).toBe(0);
  livePort = await freePort();
  previewPort = await freePort();
  // the build context lives in a checkout, as a user's does (provenance names its commit; a
  // context outside the workspace is refused)
  await cp(stack.appContext, join(work, "app"), { recursive: true });
  const commit = "git -c user.name=test -c user.email=test@example.com commit -qm app";
  expect((await shell(`git init -q . && git add app && ${commit}`)).exitCode).toBe(0);
  for (const version of ["v1", "v2", "v3", "v4"]) {
    const built = await greenlight([
      "build",
      ...["--image", image, "--username", stack.username, "--context", "app"],
      ...["--build-args", `VERSION=${version}`, "--tags", version],
      ...["--signing-key-file", join(work, "release.key")],
      ...(stack.buildxBuilder ? ["--buildx-builder", stack.buildxBuilder] : []),
    ]);
    digests[version] = built.outputs.digest ?? "";
    expect(digests[version]).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
}, 600_000);

afterAll(async () => {
  await removeEnvironment(app, environment);
});

/** Deploys a version from the work directory, as the README's CLI section does. */
async function deploy(version: string, extra: string[] = []): Promise<JsonResult> {
  const result = await greenlight([
    "deploy",
    "--image",
    `${image}@${digests[version]}`,
    ...deployFlags(),
    ...extra,
  ]);
  expect(result.exitCode, JSON.stringify(result)).toBe(0);
  return result;
}

/** The commands under "roll back:" in the report a person reads on stderr. */
function printedRollback(stderr: string): string[] {
  const lines = stderr.split("\n");
  const at = lines.indexOf("  roll back:");
  const block: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (at < 0 || !line.startsWith("    ")) break;
    block.push(line.slice(4));
  }
  return commandsIn(block.join("\n"));
}

describe("printed next steps run as printed", () => {
  let rollbackStderr = "";

  it("the rollback line after a deploy switches back", async () => {
    await deploy("v1");
    const second = await deploy("v2");
    expect(second.title).toMatch(/^deploy .*: live on (blue|green)$/);
    // the preview port is published on loopback only (the live port on every address)
    const ports = await run(["docker", "port", `${app}--${environment}--router`], env());
    expect(ports.stdout).toContain(`-> 127.0.0.1:${previewPort}`);
    expect(ports.stdout).toContain(`-> 0.0.0.0:${livePort}`);
    const [line] = commandsIn(second.rollback);
    expect(line, second.rollback).toBeDefined();
    const pasted = await shell(`${line} --reason 'pasted from the summary'`);
    expect(pasted.exitCode, `${line}\n${pasted.stderr}`).toBe(0);
    expect(pasted.stdout).toContain(`live-digest=${digests.v1}`);
    expect(pasted.stderr).toMatch(/reason +pasted from the summary/);
    const status = await greenlight(["status", "--image", image, ...deployFlags()]);
    expect(status.status, JSON.stringify(status)).toBe("done");
    expect(status.facts["last change"]).toMatch(/^rollback promoted .*: pasted from the summary$/);
    rollbackStderr = pasted.stderr;
  });

  it("the --to line after a rollback redeploys what it replaced", async () => {
    const [line] = printedRollback(rollbackStderr);
    expect(line, rollbackStderr).toContain(`--to ${digests.v2}`);
    const pasted = await shell(line as string);
    expect(pasted.exitCode, `${line}\n${pasted.stderr}`).toBe(0);
    expect(pasted.stdout).toContain(`live-digest=${digests.v2}`);
  });

  it("a manual stage says how to promote, and the promote line promotes", async () => {
    const staged = await deploy("v3", ["--promotion", "manual"]);
    expect(staged.title).toMatch(/staged on (blue|green), waiting for promote or reject/);
    expect(staged.next?.heading).toMatch(/^Promote or reject release r/);
    const [promote, reject] = commandsIn(staged.next?.commands);
    expect(promote).toMatch(/^greenlight promote /);
    expect(reject).toMatch(/^greenlight reject /);
    const pasted = await shell(promote as string);
    expect(pasted.exitCode, `${promote}\n${pasted.stderr}`).toBe(0);
    expect(pasted.stdout).toContain(`live-digest=${digests.v3}`);
  });

  it("the reject line rejects: a title that says so, live-digest filled, the reason recorded", async () => {
    const staged = await deploy("v4", ["--promotion", "manual"]);
    const [, reject] = commandsIn(staged.next?.commands);
    const pasted = await shell(`${reject} --format json --reason 'wrong banner'`);
    expect(pasted.exitCode, `${reject}\n${pasted.stderr}`).toBe(0);
    const result = JSON.parse(pasted.stdout) as JsonResult;
    expect(result.status).toBe("done");
    expect(result.title).toMatch(
      /^reject .*: rejected, (blue|green) stopped; live on (blue|green), untouched$/,
    );
    expect(result.title).not.toContain("failed");
    expect(result.outputs["live-digest"]).toBe(digests.v3);
    expect(result.facts.reason).toBe("wrong banner");
    expect(result.facts.verification).toBeUndefined();
    const status = await greenlight(["status", "--image", image, ...deployFlags()]);
    expect(status.status, JSON.stringify(status)).toBe("done");
    expect(status.facts["last change"]).toMatch(/^reject failed .*: wrong banner$/);
  });
});
