// The bundled action run the way a GitHub runner runs a `node24` action: a fresh bundle's index.cjs
// under Node 24, inputs as INPUT_<NAME> variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the
// GitHub context variables, key signing and no github-token (so no GitHub API is called). Against
// the real stack: release v1, release v2, rollback to warm v1, then a deploy whose smoke test fails.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_DIR } from "../../src/deploy/docker/haproxy";
import { environmentNames } from "../../src/deploy/docker/names";
import { RegistryLedger } from "../../src/ledger/registry-store";
import { GitHubApiDouble } from "../support/github-api";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  get,
  nodeBin,
  parseGithubOutput,
  removeEnvironment,
  repoRoot,
  run,
} from "../support/runner";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("action-run");
const image = `${stack.registry}/${repo}`;
const app = `glact-${repo.split("-").slice(-2).join("")}`;
const environment = "ci";
let bundle = "";
let work = "";
let privateKey = "";
let publicKey = "";
let livePort = 0;
let previewPort = 0;

/** GitHub's context for a push to main; values a runner sets for every step. */
const GITHUB = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "octo-org/shop",
  GITHUB_SHA: "3f786850e387550fdab836ed7e6dc881de23001b",
  GITHUB_REF: "refs/heads/main",
  GITHUB_WORKFLOW_REF: "octo-org/shop/.github/workflows/release.yml@refs/heads/main",
  GITHUB_EVENT_NAME: "push",
  GITHUB_REPOSITORY_ID: "712345678",
  GITHUB_REPOSITORY_OWNER_ID: "98765432",
  GITHUB_RUN_ID: "9876543210",
  GITHUB_RUN_ATTEMPT: "1",
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_ACTOR: "octocat",
  RUNNER_ENVIRONMENT: "self-hosted",
};

interface StepRun extends Finished {
  outputs: Record<string, string>;
  summary: string;
}

/**
 * What the runner passes for inputs a step leaves out: action.yml's defaults, expressions evaluated.
 * The only expression default is `${{ github.token }}`: empty here, so no GitHub API is called.
 */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [
      name,
      spec.default?.includes("${{") ? "" : (spec.default ?? ""),
    ]),
  );
}

/** One action step: `with:` inputs become INPUT_<NAME> (upper case, spaces to _, dashes kept). */
async function step(
  name: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<StepRun> {
  const dir = await mkdtemp(join(work, `${name}-`));
  const outputFile = join(dir, "output");
  const summaryFile = join(dir, "summary");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const with_ = {
    ...actionDefaults(),
    image,
    username: stack.username,
    password: stack.password,
    app,
    environment,
    "router-image": stack.routerImage,
    "live-port": String(livePort),
    "preview-port": String(previewPort),
    "public-key": publicKey,
    checks: "/healthz 200",
    "watch-seconds": "2",
    "lock-timeout": "60",
    ...inputs,
  };
  const env = baseEnv({
    ...GITHUB,
    ...Object.fromEntries(
      Object.entries(with_).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]),
    ),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: repoRoot,
    ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}),
    ...extraEnv,
  });
  const finished = await run([nodeBin, join(bundle, "index.cjs")], env);
  return {
    ...finished,
    outputs: parseGithubOutput(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
  };
}

const release = (version: string) =>
  step(`release-${version}`, {
    command: "release",
    context: "examples/app",
    "build-args": `VERSION=${version}`,
    "signing-key": privateKey,
    ...(stack.buildxBuilder ? { "buildx-builder": stack.buildxBuilder } : {}),
  });

/** What a runner would show: stdout without the `::add-mask::` commands it consumes itself. */
function shown(r: StepRun): string {
  return [
    r.stdout
      .split("\n")
      .filter((l) => !l.startsWith("::add-mask::"))
      .join("\n"),
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
  ].join("\n");
}

/** No secret in anything the step shows: the registry password and each line of the private key's body. */
function expectNoSecret(r: StepRun): void {
  const text = shown(r);
  expect(text).not.toContain(stack.password);
  const keyLines = privateKey.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
  expect(keyLines.length).toBeGreaterThan(0);
  for (const line of keyLines) expect(text).not.toContain(line);
  // the runner is told to mask the password
  expect(r.stdout).toContain(`::add-mask::${stack.password}`);
}

function expectOk(r: StepRun): void {
  if (r.exitCode !== 0) throw new Error(`step failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
}

const runs: Record<string, StepRun> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-action-run-"));
  bundle = await buildBundle();
  const keygen = await run(
    [nodeBin, join(bundle, "cli.cjs"), "keygen", "--signing-key-file", join(work, "k.key")],
    baseEnv({}),
  );
  expect(keygen.exitCode).toBe(0);
  privateKey = await readFile(join(work, "k.key"), "utf8");
  publicKey = await readFile(join(work, "k.pub"), "utf8");
  livePort = await freePort();
  previewPort = await freePort();
});

afterAll(async () => {
  await removeEnvironment(app, environment);
  await removeEnvironment(app, "secrets");
});

describe("the bundled action (node24) on the local stack", () => {
  it("release v1: builds, pushes, signs, deploys; outputs pin the image by digest", async () => {
    const r = await release("v1");
    runs.v1 = r;
    expectOk(r);
    expect(r.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.outputs.image).toBe(`${image}@${r.outputs.digest}`);
    expect(r.outputs.color).toBe("blue");
    expect(r.outputs["previous-digest"]).toBe("");
    expect(r.outputs.url).toBe(`http://127.0.0.1:${livePort}`);
    expect((await get(r.outputs.url as string)).body).toBe("greenlight sample app v1");
    expect(r.summary).toContain("### Timeline");
    expect(r.summary).toContain("### Gates");
    expectNoSecret(r);
  });

  it("release v2: color flips, previous-digest is v1's, the summary has timeline, gates and rollback", async () => {
    const r = await release("v2");
    runs.v2 = r;
    const v1 = runs.v1 as StepRun;
    expectOk(r);
    expect(r.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.outputs.digest).not.toBe(v1.outputs.digest);
    expect(r.outputs.image).toBe(`${image}@${r.outputs.digest}`);
    expect(r.outputs.color).toBe("green");
    expect(r.outputs["previous-digest"]).toBe(v1.outputs.digest);
    expect((await get(r.outputs.url as string)).body).toBe("greenlight sample app v2");
    expect(r.summary).toContain(`## deploy ${image}@${r.outputs.digest}: live on ${r.outputs.color}`);
    expect(r.summary).toMatch(
      /\| step \| outcome \| duration \|[\s\S]*\| stage \|[\s\S]*\| switch \| live -> green/,
    );
    expect(r.summary).toMatch(/\| gate \| result \| detail \| duration \|[\s\S]*\/healthz[^\n]*✅ passed/);
    expect(r.summary).toContain("### Roll back");
    expect(r.summary).toContain(`# switch back to the warm previous color (${v1.outputs.digest})`);
    // the line repeats the inputs this run was given that rollback reads (no password)
    const line = r.summary.split("\n").find((l) => l.startsWith("greenlight rollback ")) ?? "";
    expect(line).toMatch(
      new RegExp(`^greenlight rollback --image ${image} .*--app ${app} --environment ${environment}`),
    );
    expect(line).not.toContain("--password");
    expect(r.summary).toContain(`gh workflow run rollback.yml -f environment=${environment} -f reason=`);
    expect(r.summary).toMatch(/\| verification \| verified: ok signature, [^|]*ok subject digest/);
    expectNoSecret(r);
  });

  it("rollback (no 'to'): switches back to warm v1", async () => {
    const r = await step("rollback", { command: "rollback" });
    runs.rollback = r;
    expectOk(r);
    expect(r.outputs.color).toBe("blue");
    expect(r.outputs.digest).toBe(runs.v1?.outputs.digest);
    expect((await get(r.outputs.url as string)).body).toBe("greenlight sample app v1");
    expect(r.summary).toContain("rollback");
    expectNoSecret(r);
  });

  it("a deploy whose smoke test exits 1 fails the step (exit 1, ::error::) and leaves live on v1", async () => {
    const v2 = runs.v2?.outputs.digest as string;
    const dump = join(work, "smoke-env.json");
    const r = await step("deploy-smoke-fails", {
      command: "deploy",
      image: `${image}@${v2}`,
      "smoke-command": `${nodeBin} -e "require('fs').writeFileSync(process.env.ENV_DUMP, JSON.stringify(process.env)); process.exit(1)"`,
      "smoke-env": `ENV_DUMP=${dump}`,
    });
    // the smoke command saw the preview and what smoke-env set, none of the step's inputs or secrets
    const seen = JSON.parse(await readFile(dump, "utf8")) as Record<string, string>;
    expect(seen).toMatchObject({
      ENV_DUMP: dump,
      COLOR: "green",
      PREVIEW_URL: `http://127.0.0.1:${previewPort}`,
    });
    expect(
      Object.keys(seen).filter((k) => /^(INPUT_|ACTIONS_)|^(GREENLIGHT_PASSWORD|GITHUB_TOKEN)$/.test(k)),
    ).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(stack.password);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^::error::.*failed/m);
    expect(r.summary).toMatch(/smoke[^\n]*❌ failed/);
    expect(r.outputs.color).toBe("blue");
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe("greenlight sample app v1");
    expectNoSecret(r);
  });

  it("promotion: manual stages v2 on the preview port only; command promote then switches to it", async () => {
    const v2 = runs.v2?.outputs.digest as string;
    const staged = await step("deploy-manual", {
      command: "deploy",
      image: `${image}@${v2}`,
      promotion: "manual",
    });
    expectOk(staged);
    expect(staged.summary).toContain(`: staged on `);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe("greenlight sample app v1");
    expect((await get(staged.outputs["preview-url"] as string)).body).toBe("greenlight sample app v2");

    const promoted = await step("promote", { command: "promote" });
    expectOk(promoted);
    expect(promoted.outputs.color).toBe("green");
    expect(promoted.outputs.digest).toBe(v2);
    expect(promoted.summary).toMatch(/\| verification \| verified: ok signature/);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe("greenlight sample app v2");
    expectNoSecret(promoted);
  });

  it("command reject throws away a manually staged release; live stays on v2", async () => {
    const v1 = runs.v1?.outputs.digest as string;
    const staged = await step("deploy-manual-v1", {
      command: "deploy",
      image: `${image}@${v1}`,
      promotion: "manual",
    });
    expectOk(staged);
    const rejected = await step("reject", { command: "reject", reason: "not today" });
    expectOk(rejected);
    // a reject that did what was asked is not titled "failed"
    expect(rejected.summary).toContain(`reject ${image}@${v1}: rejected, `);
    expect(rejected.summary).toContain("| reason | not today |");
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe("greenlight sample app v2");
    expect((await get(staged.outputs["preview-url"] as string)).body).toBe("greenlight sample app v2");
  });
});

describe("build through the bundled action: the digest contract", () => {
  const build = (inputs: Record<string, string>) =>
    step("build", {
      command: "build",
      context: "examples/app",
      "build-args": "VERSION=contract",
      builder: "classic",
      ...inputs,
    });

  it("the digest output is sha256 of the manifest bytes the registry serves; crane agrees; docker pulls it by digest", async () => {
    const r = await build({ tags: "contract" });
    expectOk(r);
    const digest = r.outputs.digest as string;
    expect(r.outputs.image).toBe(`${image}@${digest}`);
    expect(r.summary).toMatch(/\| digest \| sha256:[0-9a-f]{64} \|/);
    expect(r.summary).toMatch(/\| size \| .*(KiB|MiB)/);

    const manifest = await fetch(`http://${stack.registry}/v2/${repo}/manifests/contract`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.username}:${stack.password}`).toString("base64")}`,
        accept:
          "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json",
      },
    });
    expect(manifest.status).toBe(200);
    const bytes = Buffer.from(await manifest.arrayBuffer());
    expect(`sha256:${createHash("sha256").update(bytes).digest("hex")}`).toBe(digest);

    const env = baseEnv({ DOCKER_CONFIG: await loggedInDockerConfig(stack, work) });
    const crane = await run([stack.crane, "digest", "--insecure", `${image}:contract`], env);
    expect(crane.stdout.trim()).toBe(digest);

    const removed = await run(["docker", "rmi", "-f", ...(r.outputs.tags ?? "").split("\n")], env);
    expect(removed.exitCode, removed.stderr).toBe(0);
    const pulled = await run(["docker", "pull", `${image}@${digest}`], env);
    expect(pulled.exitCode, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(digest);
  });

  it("a wrong password fails the step naming the registry and the input, and pushes no tag", async () => {
    const r = await build({ password: "not-the-password", tags: "wrong-password" });
    expect(r.exitCode).toBe(1);
    const error = r.stdout.split("\n").find((l) => l.startsWith("::error::")) ?? "";
    expect(error).toContain(stack.registry);
    expect(error).toMatch(/password/);
    const tags = await run(
      [stack.crane, "ls", "--insecure", image],
      baseEnv({ DOCKER_CONFIG: await loggedInDockerConfig(stack, work) }),
    );
    expect(tags.stdout.split("\n")).not.toContain("wrong-password");
  });

  it("a registry that does not answer fails the step after bounded retries, naming it", async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const r = await build({ image: `${closed}/nothing/here`, username: "", password: "" });
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split("\n").find((l) => l.startsWith("::error::"))).toContain(closed);
  }, 60_000); // bounded retries: a hang fails the test at its timeout
});

describe("no secret anywhere: a whole release, smoke command and rollback with every secret set", () => {
  // a GitHub token of the real shape (only the loopback GitHub API double ever receives it)
  const token = `ghp_${randomBytes(18).toString("hex")}`;
  const secretsEnv = "secrets";
  const captured: string[] = [];
  let api: GitHubApiDouble;
  let ports: Record<string, string> = {};

  const secretStep = async (name: string, inputs: Record<string, string>) => {
    const r = await step(
      name,
      {
        environment: secretsEnv,
        ...ports,
        "github-token": token,
        "github-attestations": "true",
        // prints its whole environment: whatever it was given ends up in the log
        "smoke-command": "sh -c 'env; echo smoke ok'",
        "smoke-env": `SMOKE_TOKEN_NAME=token`,
        ...inputs,
      },
      { GITHUB_API_URL: api.baseUrl },
    );
    expectOk(r);
    // every byte, less the ::add-mask:: commands (the runner consumes them; they must name secrets only)
    const masks = r.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
    const secretLines = new Set([
      stack.password,
      token,
      privateKey.trim(),
      ...privateKey.split("\n").map((l) => l.trim()),
    ]);
    for (const mask of masks) {
      const value = mask
        .slice("::add-mask::".length)
        .replaceAll("%0D", "\r")
        .replaceAll("%0A", "\n")
        .replaceAll("%25", "%");
      // a secret, a line of one, or an encoding of one (the registry's Basic credentials)
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const ofSecret =
        secretLines.has(value.trim()) || [stack.password, token].some((x) => decoded.includes(x));
      expect(ofSecret, `masked something else: ${value.slice(0, 12)}…`).toBe(true);
    }
    captured.push(
      `--- ${name} stdout`,
      r.stdout
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n"),
      `--- ${name} stderr`,
      r.stderr,
      `--- ${name} summary`,
      r.summary,
      `--- ${name} outputs`,
      JSON.stringify(r.outputs),
    );
    return r;
  };

  beforeAll(async () => {
    api = await GitHubApiDouble.start();
    ports = { "live-port": String(await freePort()), "preview-port": String(await freePort()) };
  });
  afterAll(() => api?.close());

  it("release v1, release v2 (smoke command prints its environment), rollback: none of the secrets, their base64 or a PEM line anywhere", async () => {
    const release = (version: string) =>
      secretStep(`secret-release-${version}`, {
        command: "release",
        context: "examples/app",
        "build-args": `VERSION=${version}`,
        "signing-key": privateKey,
        ...(stack.buildxBuilder ? { "buildx-builder": stack.buildxBuilder } : {}),
      });
    const v1 = await release("s1");
    const v2 = await release("s2");
    expect(v2.outputs["previous-digest"]).toBe(v1.outputs.digest);
    expect(captured.join("\n")).toContain("smoke ok");
    const back = await secretStep("secret-rollback", { command: "rollback" });
    expect(back.outputs.digest).toBe(v1.outputs.digest);

    // the target: every container of the environment (labels, env, command: the whole inspect)
    const names = environmentNames(app, secretsEnv);
    const ps = await run(
      [
        "docker",
        "ps",
        "-a",
        "--filter",
        `label=dev.greenlight.app=${app}`,
        "--filter",
        `label=dev.greenlight.env=${secretsEnv}`,
        "--format",
        "{{.Names}}",
      ],
      baseEnv({}),
    );
    const containerNames = ps.stdout.split("\n").filter(Boolean);
    expect(containerNames).toEqual(
      expect.arrayContaining([names.router, names.colors.blue, names.colors.green]),
    );
    for (const name of containerNames) {
      const inspected = await run(["docker", "container", "inspect", name], baseEnv({}));
      captured.push(`--- docker inspect ${name}`, inspected.stdout);
    }
    // the router's configuration: haproxy.cfg and the colors map, as files and as the runtime sees it
    const config = await run(["docker", "cp", `${names.router}:${CONFIG_DIR}`, "-"], baseEnv({}));
    expect(config.stdout).toContain("frontend live");
    captured.push("--- router config (tar)", config.stdout);
    // every ledger record, walked from the head
    const ledger = new RegistryLedger({
      client: stackClient(stack),
      repository: repo,
      environment: secretsEnv,
    });
    const records = await ledger.history();
    expect(records.filter((r) => r.outcome === "promoted").length).toBeGreaterThanOrEqual(2);
    expect(records.map((r) => r.outcome)).toContain("rolled-back");
    captured.push("--- ledger", JSON.stringify(records));
    // what reached the GitHub API (less the Authorization header, which carries the token to GitHub by design)
    expect(api.requests.length).toBeGreaterThan(0);
    captured.push(
      "--- GitHub API bodies",
      JSON.stringify(api.requests.map((q) => ({ ...q, authorization: undefined }))),
    );

    const all = captured.join("\n");
    const forms: [string, string][] = [];
    for (const [what, secret] of [
      ["registry password", stack.password],
      ["GitHub token", token],
      ["signing key", privateKey],
    ] as const) {
      forms.push([what, secret], [`${what} (base64)`, Buffer.from(secret).toString("base64")]);
      forms.push([`${what} (base64url)`, Buffer.from(secret).toString("base64url")]);
    }
    for (const line of privateKey
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("-----")))
      forms.push(["a line of the signing key", line]);
    forms.push([
      "registry basic auth",
      Buffer.from(`${stack.username}:${stack.password}`).toString("base64"),
    ]);
    const found = forms.filter(([, form]) => all.includes(form)).map(([what]) => what);
    console.log(
      `secrets: ${captured.length / 2} captures, ${all.length} bytes searched for ${forms.length} forms; found: ${found.length ? found.join(", ") : "none"}`,
    );
    expect(found).toEqual([]);
  }, 900_000);
});
