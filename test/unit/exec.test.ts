import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childEnv, exec, startBackground } from "../../src/exec";

// What greenlight's own process holds in Actions and on a laptop; no child may see the secrets.
const SECRETS = {
  INPUT_PASSWORD: "input-password-value",
  "INPUT_SIGNING-KEY": "input-signing-key-value",
  "INPUT_GITHUB-TOKEN": "input-github-token-value",
  GREENLIGHT_PASSWORD: "greenlight-password-value",
  GITHUB_TOKEN: "github-token-value",
  GH_TOKEN: "gh-token-value",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "id-token-request-value",
  ACTIONS_RUNTIME_TOKEN: "runtime-token-value",
  ACTIONS_CACHE_URL: "https://cache.example/",
  DOCKER_PASSWORD: "docker-password-value",
};
const NEEDED = {
  HTTPS_PROXY: "http://proxy:3128",
  no_proxy: "localhost",
  DOCKER_HOST: "unix:///tmp/d.sock",
  BUILDX_CONFIG: "/tmp/buildx",
  SSH_AUTH_SOCK: "/tmp/agent.sock",
  LC_ALL: "C.UTF-8",
  GIT_SSH_COMMAND: "ssh -i key",
};

describe("exec gives children a minimal environment", () => {
  const saved = { ...process.env };
  beforeEach(() => Object.assign(process.env, SECRETS, NEEDED));
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("a real child running env sees none of greenlight's secrets, and what it needs", async () => {
    const { stdout } = await exec("env", [], { env: { EXPLICIT: "given" } });
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(stdout, name).not.toContain(value);
      expect(stdout, name).not.toMatch(new RegExp(`^${name}=`, "m"));
    }
    for (const [name, value] of Object.entries({ ...NEEDED, EXPLICIT: "given" }))
      expect(stdout).toContain(`${name}=${value}\n`);
    expect(stdout).toContain(`PATH=${process.env.PATH}\n`);
  });

  it.each([
    ["PATH", true],
    ["HOME", true],
    ["LANG", true],
    ["LC_CTYPE", true],
    ["TZ", true],
    ["TMPDIR", true],
    ["http_proxy", true],
    ["NO_PROXY", true],
    ["DOCKER_CONFIG", true],
    ["DOCKER_CONTEXT", true],
    ["BUILDKIT_PROGRESS", true],
    ["SSH_AUTH_SOCK", true],
    ["GITHUB_SHA", false],
    ["RUNNER_TEMP", false],
    ["NODE_OPTIONS", false],
    ["AWS_SECRET_ACCESS_KEY", false],
    ...Object.keys(SECRETS).map((name) => [name, false] as const),
  ] as const)("%s inherited: %s", (name, inherited) => {
    expect(name in childEnv({ [name]: "x" }, {})).toBe(inherited);
  });

  it("inherits more only where the caller names it, and never the secrets", () => {
    const env = childEnv({ AWS_REGION: "eu", INPUT_PASSWORD: "p", ACTIONS_RUNTIME_TOKEN: "t" }, {}, [
      "AWS_*",
      "INPUT_*",
      "ACTIONS_RUNTIME_TOKEN",
    ]);
    expect(env).toEqual(expect.objectContaining({ AWS_REGION: "eu" }));
    expect(env).not.toHaveProperty("INPUT_PASSWORD");
    expect(env).not.toHaveProperty("ACTIONS_RUNTIME_TOKEN");
  });

  it("passes what the caller gives explicitly and removes what it unsets", () => {
    expect(childEnv({ HOME: "/h", TZ: "UTC" }, { A: "1", TZ: undefined })).toEqual({ HOME: "/h", A: "1" });
  });
});

describe("startBackground: a long-lived child under exec's rules", () => {
  const saved = { ...process.env };
  beforeEach(() => Object.assign(process.env, SECRETS));
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("runs until stopped, with the minimal environment", async () => {
    const child = startBackground("sh", ["-c", "env >&2; echo started >&2; exec sleep 30"], {
      env: { EXPLICIT: "given" },
    });
    let ended = false;
    void child.exited.then(() => {
      ended = true;
    });
    await sleep(300);
    expect(ended).toBe(false);
    const exit = await child.stop();
    expect(exit.signal).toBe("SIGTERM");
    expect(exit.stderr).toContain("EXPLICIT=given\n");
    for (const value of Object.values(SECRETS)) expect(exit.stderr).not.toContain(value);
  });

  it("shows a child that ends early: its status and the end of its stderr", async () => {
    const child = startBackground("sh", ["-c", `printf '%5000s' x >&2; echo; echo why it ended >&2; exit 3`]);
    const exit = await child.exited;
    expect(exit).toMatchObject({ exitCode: 3, signal: null });
    expect(exit.stderr.length).toBeLessThanOrEqual(4096);
    expect(exit.stderr).toMatch(/why it ended\n$/);
    expect(await child.stop()).toBe(exit);
  });

  it("a program that does not exist ends at once, saying so", async () => {
    const exit = await startBackground("greenlight-no-such-program", []).exited;
    expect(exit.stderr).toMatch(/^cannot start greenlight-no-such-program: .*ENOENT/);
  });

  it("the child reads EOF on its stdin when greenlight is killed (SIGKILL): nothing outlives it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-background-"));
    const marker = join(dir, "eof");
    const parent = spawn(
      process.execPath,
      [
        ...["--import", "tsx", "--input-type=module", "-e"],
        `const { startBackground } = await import(${JSON.stringify(resolve("src/exec.ts"))});
         startBackground("sh", ["-c", "cat; echo eof > ${marker}"]);
         console.log("started"); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((done) => parent.stdout.once("data", done));
    await sleep(200);
    await expect(readFile(marker, "utf8")).rejects.toThrow(/ENOENT/);
    parent.kill("SIGKILL");
    for (let i = 0; i < 100 && !existsSync(marker); i++) await sleep(50);
    expect(await readFile(marker, "utf8")).toBe("eof\n");
    await rm(dir, { recursive: true, force: true });
  });
});
