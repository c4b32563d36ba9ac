// The reusable workflows run for real, end to end, under act (host mode, offline) against the local
// stack: a user's repository (test/fixtures/act/shop, made a real git repository here) calls
// `greenlight/greenlight/.github/workflows/deploy.yml@v1` and dispatches the README's rollback
// caller. `greenlight/greenlight@v1` is this checkout as a release folder (action.yml, a fresh
// bundle as dist/, the workflows); the pinned third-party actions are their release folders.
// In order: ship v1, ship v2, rollback (workflow_dispatch) to v1, a refused release (smoke test
// fails, live untouched), ship over ssh:// with the key passed as a secret, then a rollback
// dispatched from a repository of another name, refused by the provenance policy. The action's
// GitHub Deployments mirror runs too, with act's github.token, against a loopback double of the API.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ActRun,
  ActRunner,
  makeShop,
  mappedRelease,
  removeLocalImages,
  type Shop,
  tail,
} from "../support/act";
import { GitHubApiDouble } from "../support/github-api";
import { baseEnv, freePort, get, nodeBin, removeEnvironment, run } from "../support/runner";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repoName = uniqueRepo("act-shop");
const image = `${stack.registry}/${repoName}`;
const app = repoName.split("/").pop() as string;
const environment = "production";
/** Bound of one act run (a cold ship builds, pushes, signs and deploys: about a minute here). */
const ACT_TIMEOUT_MS = 6 * 60_000;
const TEST_TIMEOUT_MS = ACT_TIMEOUT_MS + 60_000;

let shop: Shop;
let home = "";
let release = "";
let acts: ActRunner;
let vars: Record<string, string> = {};
let livePort = 0;
/** owner/name of the caller's repository, as act reads it from the `origin` remote */
let repository = "acme/shop";
/** GitHub's REST API for the Deployments mirror: a loopback double (no GitHub from here) */
let api: GitHubApiDouble;
const TOKEN = "ghs_act-test-token-for-the-api-double";
const digests: Record<string, string> = {};

const git = (...args: string[]) => shop.git(...args);

async function act(
  name: string,
  event: "push" | "workflow_dispatch",
  workflow: string,
  extra: {
    vars?: Record<string, string>;
    secrets?: Record<string, string>;
    inputs?: Record<string, string>;
  } = {},
  env: Record<string, string> = {},
): Promise<ActRun> {
  return acts.run(name, {
    event,
    workflow,
    ...extra,
    env,
    runnerEnv: { GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/${workflow}@refs/heads/main` },
  });
}

function expectSucceeded(name: string, r: ActRun): void {
  if (r.exitCode !== 0) throw new Error(`act ${name} failed (${r.exitCode}):\n${tail(r.log, 120)}`);
}

/** The `check` job's echo of the ship outputs it received. */
function shipOutputs(r: ActRun): { url: string; digest: string } {
  const m = /ship outputs: url=(\S*) digest=(\S*)/.exec(r.log);
  if (!m) throw new Error(`no "ship outputs" line from the check job:\n${tail(r.log, 80)}`);
  return { url: m[1] as string, digest: m[2] as string };
}

/** vars and secrets of a deploy over ssh:// to the stack's sshd, as the README passes them. */
async function overSsh(): Promise<{ vars: Record<string, string>; secrets: Record<string, string> }> {
  if (!stack.sshHost || !stack.sshKey || !stack.sshKnownHosts || !stack.nssWrapper) {
    throw new Error(
      "stack.env has no sshd (GREENLIGHT_SSH_*) or nss_wrapper: run `bash scripts/stack.sh up`",
    );
  }
  // OpenSSH reads ~/.ssh from the passwd entry, never $HOME: nss_wrapper gives root the temp home,
  // as a GitHub runner's user has its own home
  const passwd = (await readFile("/etc/passwd", "utf8"))
    .split("\n")
    .filter((l) => l && !l.startsWith("root:"));
  await writeFile(join(home, "passwd"), [`root:x:0:0:root:${home}:/bin/bash`, ...passwd, ""].join("\n"));
  return {
    vars: { DOCKER_HOST: stack.sshHost, DEPLOY_KNOWN_HOSTS: await readFile(stack.sshKnownHosts, "utf8") },
    secrets: { DEPLOY_SSH_KEY: await readFile(stack.sshKey, "utf8") },
  };
}

const sshEnv = (): Record<string, string> => ({
  LD_PRELOAD: stack.nssWrapper ?? "",
  NSS_WRAPPER_PASSWD: join(home, "passwd"),
  NSS_WRAPPER_GROUP: "/etc/group",
});

/** The deploy's lock line names the docker host it worked on: the ssh:// one. */
function expectLockedOverSsh(r: ActRun): void {
  const host = (stack.sshHost ?? "").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  expect(r.log).toMatch(new RegExp(`\\| lock: ${app}\\S* on docker \\S+ \\(${host}\\)`));
}

/** A self-hosted runner's own ssh set-up, which a deploy over ssh must leave as it found it. */
const USER_SSH_CONFIG = "Host git.internal.example\n  User git\n";
const USER_KNOWN_HOSTS =
  "git.internal.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

/**
 * The workflow's last step removed what it installed: key, config block, known_hosts lines, and the
 * multiplexed connection (no ssh master left running with the deploy key, no socket in ~/.ssh).
 */
async function expectSshAsFound(): Promise<void> {
  expect(await readFile(join(home, ".ssh/config"), "utf8")).toBe(USER_SSH_CONFIG);
  expect(await readFile(join(home, ".ssh/known_hosts"), "utf8")).toBe(USER_KNOWN_HOSTS);
  expect((await readdir(join(home, ".ssh"))).sort()).toEqual(["config", "known_hosts"]);
}

/** The Deployments mirror as the API double saw it: `<version>: <states>`, oldest deployment first. */
function deployments(): string[] {
  const version = (digest: unknown) =>
    Object.entries(digests).find(([, d]) => d === digest)?.[0] ?? "another digest";
  return api
    .deploymentsSoFar()
    .map((d) => `${version((d.payload as { digest?: string }).digest)}: ${d.states.join(" ")}`);
}

const live = async () => (await get(`http://127.0.0.1:${livePort}/version`)).body;

beforeAll(async () => {
  if (!stack.act) throw new Error("stack.env has no GREENLIGHT_ACT: run `bash scripts/stack.sh up`");
  shop = await makeShop("gl-act-", stack.appContext, repository);
  home = shop.home;
  const mapped = await mappedRelease(shop, ["ship.yml", "rollback.yml"]);
  release = mapped.release;
  const keyFile = join(shop.work, "release.key");
  const keygen = await run(
    [nodeBin, join(release, "dist/cli.cjs"), "keygen", "--signing-key-file", keyFile],
    baseEnv({}),
  );
  expect(keygen.exitCode, keygen.stderr).toBe(0);
  livePort = await freePort();
  vars = {
    IMAGE: image,
    REGISTRY_USER: stack.username,
    LIVE_PORT: String(livePort),
    PREVIEW_PORT: String(await freePort()),
    PUBLIC_URL: `http://127.0.0.1:${livePort}`,
    ROUTER_IMAGE: stack.routerImage,
    RELEASE_PUBLIC_KEY: await readFile(join(shop.work, "release.pub"), "utf8"),
    DOCKER_HOST: "",
    DEPLOY_KNOWN_HOSTS: "",
  };
  api = await GitHubApiDouble.start();
  acts = new ActRunner({
    act: stack.act,
    shop,
    mappings: mapped.mappings,
    vars,
    secrets: {
      // github.token: the action's default `github-token`, so the Deployments mirror is on
      GITHUB_TOKEN: TOKEN,
      REGISTRY_PASSWORD: stack.password,
      RELEASE_SIGNING_KEY: await readFile(keyFile, "utf8"),
    },
    path: [dirname(stack.crane)],
    runnerEnv: {
      GITHUB_REPOSITORY_ID: "712345678",
      GITHUB_REPOSITORY_OWNER_ID: "98765432",
      // the GitHub API is the loopback double (act takes api_url from GITHUB_API_URL in --env-file)
      GITHUB_API_URL: api.baseUrl,
    },
    timeoutMs: ACT_TIMEOUT_MS,
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  if (acts?.times.length) console.log(acts.wallTimes());
  await api?.close();
  await removeEnvironment(app, environment);
  await removeLocalImages(image);
  if (shop) await rm(shop.work, { recursive: true, force: true });
  if (release) await rm(release, { recursive: true, force: true });
});

describe("the reusable workflows under act, against the local stack", () => {
  it(
    "ship v1: JUnit artifact, build, push, sign, blue-green deploy; url and digest reach the caller's next job",
    async () => {
      const r = await act("ship v1", "push", "ship.yml");
      expectSucceeded("ship v1", r);
      const out = shipOutputs(r);
      expect(out.url).toBe(`http://127.0.0.1:${livePort}`);
      expect(out.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(r.log).toContain(`checked: ${out.url} serves v1, ${image}:sha-`);
      // the JUnit artifact of the caller's test job gated the deploy; act prints the job summary
      expect(r.log).toContain("gate test results: passed: 3 ran, 0 failed");
      expect(r.log).toContain(`Summary - ## deploy ${image}@${out.digest}: live on `);
      expect(await live()).toBe("v1");
      digests.v1 = out.digest;
      // the GitHub Deployments mirror, with the token act gave as github.token, at the API double
      expect(deployments()).toEqual(["v1: in_progress success"]);
      const created = api.requests.find(
        (q) => q.method === "POST" && q.path === "/repos/acme/shop/deployments",
      );
      expect(created?.authorization).toBe(`token ${TOKEN}`);
      expect(created?.body).toMatchObject({ ref: await git("rev-parse", "HEAD"), environment });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "ship v2: a new commit is deployed beside v1 and promoted",
    async () => {
      await shop.commitVersion("v2");
      const r = await act("ship v2", "push", "ship.yml");
      expectSucceeded("ship v2", r);
      const out = shipOutputs(r);
      expect(out.digest).not.toBe(digests.v1);
      expect(await live()).toBe("v2");
      digests.v2 = out.digest;
      expect(deployments()).toEqual(["v1: in_progress success inactive", "v2: in_progress success"]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "rollback through workflow_dispatch of the README's caller: live serves v1 again",
    async () => {
      const r = await act("rollback", "workflow_dispatch", "rollback.yml", {
        inputs: { environment, reason: "v2 answers 500s (act test)" },
      });
      expectSucceeded("rollback", r);
      expect(r.log).toContain(`ok   subject digest: the statement names ${digests.v1}`);
      expect(await live()).toBe("v1");
      expect(deployments()).toEqual([
        "v1: in_progress success inactive",
        "v2: in_progress success inactive",
        "v1: in_progress success",
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a refused release (smoke test fails): the run fails and live is untouched",
    async () => {
      await shop.commitVersion("v3", true);
      const r = await act("refused v3", "push", "ship.yml");
      expect(r.exitCode, tail(r.log)).not.toBe(0);
      expect(r.log).toContain("gate smoke: ./smoke.sh: FAILED");
      expect(r.log).toContain("Error: Job 'deploy' failed");
      expect(r.log).not.toContain("ship outputs:");
      expect(await live()).toBe("v1");
      // the refused release is recorded as failed; the live deployment stays as it was
      expect(deployments().slice(-2)).toEqual([
        "v1: in_progress success",
        "another digest: in_progress failure",
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "ship v4 over ssh://: the key arrives as the ssh-private-key secret, known_hosts as the input",
    async () => {
      await writeFile(join(home, ".ssh/config"), USER_SSH_CONFIG, { mode: 0o600 });
      await writeFile(join(home, ".ssh/known_hosts"), USER_KNOWN_HOSTS, { mode: 0o600 });
      await shop.commitVersion("v4");
      const r = await act("ship v4 over ssh", "push", "ship.yml", await overSsh(), sshEnv());
      expectSucceeded("ship v4 over ssh", r);
      expectLockedOverSsh(r);
      expect(await live()).toBe("v4");
      await expectSshAsFound();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "rollback over ssh://: rollback.yml installs and removes the key the same way; live back on v1",
    async () => {
      const r = await act(
        "rollback over ssh",
        "workflow_dispatch",
        "rollback.yml",
        { ...(await overSsh()), inputs: { environment, reason: "v4 misbehaves (act test)" } },
        sshEnv(),
      );
      expectSucceeded("rollback over ssh", r);
      expectLockedOverSsh(r);
      expect(await live()).toBe("v1");
      await expectSshAsFound();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a rollback dispatched from another repository to the shop's v2 is refused: its provenance names acme/shop",
    async () => {
      // the same workflows and vars in a repository of another name (a fork, a copy): the policy's
      // source repository is the caller's, so the shop's signed digests are not trusted there
      repository = "mallory/shop";
      await git("remote", "set-url", "origin", `https://github.com/${repository}.git`);
      const r = await act("rollback from another repository", "workflow_dispatch", "rollback.yml", {
        inputs: { environment, to: digests.v2 as string, reason: "from another repository (act test)" },
      });
      expect(r.exitCode, tail(r.log)).not.toBe(0);
      expect(r.log).toMatch(
        /FAIL source repository: .*acme\/shop.* does not match https:\/\/github\.com\/mallory\/shop/,
      );
      expect(await live()).toBe("v1");
    },
    TEST_TIMEOUT_MS,
  );
});
