import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childEnv, exec } from "../../src/exec";

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
