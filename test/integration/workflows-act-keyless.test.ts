// Keyless signing end to end in the real reusable workflow, under act (host mode, offline), against
// the local stack: the shop's `ship-keyless.yml` calls `greenlight/greenlight/.github/workflows/
// deploy.yml@v1` with `signing: keyless` on a private Sigstore deployment (`fulcio-url`, `rekor-url`,
// `tsa-url`, `trusted-root`). Two doubles stand in for what cannot be reached from here: GitHub's
// OIDC token endpoint (test/support/github-oidc.ts, given to act as ACTIONS_ID_TOKEN_REQUEST_URL/
// _TOKEN, answering with the claims GitHub gives the job) and the Sigstore deployment itself
// (test/support/sigstore-double.ts: @sigstore/mock's Fulcio, Rekor and TSA on loopback, with its
// trusted_root.json). Everything else is real: the build job signs with the certificate the mock
// Fulcio issues from the token, the deploy job verifies it against the trusted root with the
// caller's identity policy (signer workflow, repository, ref) and deploys blue-green.
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import {
  type ActRun,
  ActRunner,
  makeShop,
  mappedRelease,
  removeLocalImages,
  type Shop,
  tail,
} from "../support/act";
import { GitHubOidcDouble, type JobIdentity } from "../support/github-oidc";
import { freePort, get, removeEnvironment } from "../support/runner";
import { type SigstoreDouble, startSigstoreDouble } from "../support/sigstore-double";
import { loadStack, loggedInDockerConfig, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repoName = uniqueRepo("act-keyless");
const image = `${stack.registry}/${repoName}`;
const app = repoName.split("/").pop() as string;
const environment = "production";
const WORKFLOW = "ship-keyless.yml";
const ROLLBACK = "rollback-keyless.yml";
/** The signer GitHub's Fulcio names for a job of greenlight's reusable workflow called at `@v1`. */
const DEPLOY_WORKFLOW_REF = "greenlight/greenlight/.github/workflows/deploy.yml@refs/tags/v1";
const ACT_TIMEOUT_MS = 6 * 60_000;
const TEST_TIMEOUT_MS = ACT_TIMEOUT_MS + 60_000;

let shop: Shop;
let work = "";
let release = "";
let acts: ActRunner;
let vars: Record<string, string> = {};
let livePort = 0;
let sigstore: SigstoreDouble;
let oidc: GitHubOidcDouble;

const git = (...args: string[]) => shop.git(...args);

/**
 * One act run of the keyless caller, as the repository `repository` (act reads it from the `origin`
 * remote); the OIDC double answers the job with the claims of `token` (by default, as GitHub would,
 * the run's own repository and workflow).
 */
async function shipAs(
  name: string,
  repository: string,
  token: Partial<JobIdentity> = {},
  extraVars: Record<string, string> = {},
): Promise<ActRun> {
  await git("remote", "set-url", "origin", `https://github.com/${repository}.git`);
  const sha = await git("rev-parse", "HEAD");
  const workflowRef = `${repository}/.github/workflows/${WORKFLOW}@refs/heads/main`;
  const idToken = oidc.job({
    repository,
    workflowRef,
    jobWorkflowRef: DEPLOY_WORKFLOW_REF,
    ref: "refs/heads/main",
    sha,
    ...token,
  });
  // what GitHub's runner gives a job with `id-token: write`, given to every step with act's --env-file
  return act(name, "push", WORKFLOW, { workflowRef, extraEnv: idToken, extraVars });
}

/** Dispatches the keyless rollback caller (`command`: rollback, promote or reject) as acme/shop. */
async function dispatch(name: string, inputs: Record<string, string>): Promise<ActRun> {
  await git("remote", "set-url", "origin", "https://github.com/acme/shop.git");
  const workflowRef = `acme/shop/.github/workflows/${ROLLBACK}@refs/heads/main`;
  return act(name, "workflow_dispatch", ROLLBACK, { workflowRef, inputs });
}

function act(
  name: string,
  event: "push" | "workflow_dispatch",
  workflow: string,
  o: {
    workflowRef: string;
    extraEnv?: Record<string, string>;
    extraVars?: Record<string, string>;
    inputs?: Record<string, string>;
  },
): Promise<ActRun> {
  return acts.run(name, {
    event,
    workflow,
    ...(o.extraVars ? { vars: o.extraVars } : {}),
    ...(o.inputs ? { inputs: o.inputs } : {}),
    runnerEnv: { GITHUB_WORKFLOW_REF: o.workflowRef, ...o.extraEnv },
  });
}

const live = async () => (await get(`http://127.0.0.1:${livePort}/version`)).body;
function expectSucceeded(r: ActRun): void {
  if (r.exitCode !== 0) throw new Error(`act failed (${r.exitCode}):\n${tail(r.log, 120)}`);
}

/** Releases staged with promotion manual, by version: release id and digest, from the deploy job's lines. */
const staged: Record<string, { release: string; digest: string }> = {};
function stagedRelease(r: ActRun): { release: string; digest: string } {
  const release = /\| record: (r\S+) staged/.exec(r.log)?.[1];
  const digest = /\| stage: \w+ from \S+@(sha256:[0-9a-f]{64})/.exec(r.log)?.[1];
  if (!release || !digest) throw new Error(`no staged release in act's output:\n${tail(r.log, 80)}`);
  return { release, digest };
}

const preview = async () =>
  get(`http://127.0.0.1:${vars.PREVIEW_PORT}/version`).then(
    (r) => (r.status === 200 ? r.body : `status ${r.status}`),
    (error: Error) => `unreachable (${error.message})`,
  );

/** The verification lines the deploy job printed (`ok   name: detail` / `FAIL name: detail`). */
const verifyLines = (r: ActRun) =>
  [
    ...r.log.matchAll(/\|\s+(ok {3}|FAIL )(signature|signer identity|source repository|source ref): (.*)$/gm),
  ].map((m) => `${m[1]?.trim()} ${m[2]}: ${m[3]?.trim()}`);

/** cosign verify-attestation of a keyless bundle against the private Sigstore's trusted root. */
async function cosignVerify(pinned: string, repository: string) {
  const docker = await loggedInDockerConfig(stack, work);
  return exec(
    stack.cosign,
    [
      "verify-attestation",
      "--new-bundle-format",
      "--trusted-root",
      join(work, "trusted_root.json"),
      "--certificate-identity",
      `https://github.com/${DEPLOY_WORKFLOW_REF}`,
      "--certificate-oidc-issuer",
      "https://token.actions.githubusercontent.com",
      "--certificate-github-workflow-repository",
      repository,
      "--allow-http-registry",
      "--allow-insecure-registry",
      "--type",
      "https://slsa.dev/provenance/v1",
      pinned,
    ],
    {
      env: { DOCKER_CONFIG: docker, TUF_ROOT: join(work, "tuf") },
      allowFailure: true,
      timeoutMs: 60_000,
    },
  );
}

beforeAll(async () => {
  if (!stack.act) throw new Error("stack.env has no GREENLIGHT_ACT: run `bash scripts/stack.sh up`");
  shop = await makeShop("gl-act-keyless-", stack.appContext, "acme/shop");
  work = shop.work;
  const mapped = await mappedRelease(shop, [WORKFLOW, ROLLBACK]);
  release = mapped.release;

  sigstore = await startSigstoreDouble();
  oidc = await GitHubOidcDouble.start();
  // the private deployment's trusted_root.json, as its operators publish it
  await writeFile(join(work, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot, null, 2));
  livePort = await freePort();
  vars = {
    IMAGE: image,
    REGISTRY_USER: stack.username,
    LIVE_PORT: String(livePort),
    PREVIEW_PORT: String(await freePort()),
    PUBLIC_URL: `http://127.0.0.1:${livePort}`,
    ROUTER_IMAGE: stack.routerImage,
    SIGSTORE_FULCIO_URL: sigstore.url,
    SIGSTORE_REKOR_URL: sigstore.url,
    SIGSTORE_TSA_URL: `${sigstore.url}/api/v1/timestamp`,
    // the trusted root as a repository variable holds it: the JSON itself
    SIGSTORE_TRUSTED_ROOT: await readFile(join(work, "trusted_root.json"), "utf8"),
  };
  acts = new ActRunner({
    act: stack.act,
    shop,
    mappings: mapped.mappings,
    vars,
    secrets: { REGISTRY_PASSWORD: stack.password },
    path: [dirname(stack.crane)],
    runnerEnv: { GITHUB_REPOSITORY_ID: "712345678", GITHUB_REPOSITORY_OWNER_ID: "98765432" },
    timeoutMs: ACT_TIMEOUT_MS,
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  if (acts?.times.length) console.log(acts.wallTimes());
  await oidc?.close();
  await sigstore?.close();
  await removeEnvironment(app, environment);
  // the local references this file's builds and deploys made (its repository is unique to the run)
  await removeLocalImages(image);
  if (work) await rm(work, { recursive: true, force: true });
  if (release) await rm(release, { recursive: true, force: true });
});

describe("keyless signing in the reusable deploy workflow under act, on a private Sigstore", () => {
  it(
    "acme/shop ships v1 keyless: signed with the OIDC double's identity, verified against the trusted root and the identity policy, live",
    async () => {
      const r = await shipAs("keyless ship v1", "acme/shop");
      expectSucceeded(r);
      // the build job asked GitHub's OIDC (the double) for a token for Sigstore, as acme/shop
      expect(oidc.requests).toContainEqual({ repository: "acme/shop", audience: "sigstore" });
      // ...and signed on the private deployment the three inputs name, none of an instance's
      expect(r.log).toContain(
        `| keyless signing on a private Sigstore: Fulcio ${sigstore.url}, Rekor ${sigstore.url}, TSA ${sigstore.url}/api/v1/timestamp`,
      );
      expect(verifyLines(r)).toEqual([
        expect.stringMatching(
          /^ok signature: .* is signed with a Fulcio certificate, verified against the trusted root in the input's JSON \(input trusted-root\)$/,
        ),
        `ok signer identity: https://github.com/${DEPLOY_WORKFLOW_REF} (https://token.actions.githubusercontent.com)`,
        "ok source repository: https://github.com/acme/shop matches acme/shop",
        "ok source ref: refs/heads/main matches /^refs/heads/main$/",
      ]);
      expect(r.log).toMatch(/ship outputs: url=http:\/\/127\.0\.0\.1:\d+ digest=sha256:[0-9a-f]{64}/);
      expect(r.log).toContain("live: v1");
      expect(await live()).toBe("v1");
      // an independent verifier agrees: cosign, against the same trusted root and identity
      const digest = /ship outputs: url=\S* digest=(sha256:[0-9a-f]{64})/.exec(r.log)?.[1];
      const accepted = await cosignVerify(`${image}@${digest}`, "acme/shop");
      expect(accepted.exitCode, accepted.stderr).toBe(0);
      // and is not vacuous: another repository in the policy, and cosign refuses the same bundle
      const refused = await cosignVerify(`${image}@${digest}`, "mallory/shop");
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/mallory\/shop/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "the same caller in a repository of another name (its token says mallory/shop) is refused at verify; live untouched",
    async () => {
      await shop.commitVersion("v2");
      const r = await shipAs("keyless ship from another repository", "mallory/shop");
      expect(r.exitCode, tail(r.log)).not.toBe(0);
      expect(oidc.requests).toContainEqual({ repository: "mallory/shop", audience: "sigstore" });
      expect(verifyLines(r)).toContainEqual(
        "FAIL source repository: source repository https://github.com/mallory/shop (the statement) and https://github.com/mallory/shop (the certificate) does not match acme/shop",
      );
      expect(r.log).toContain("Error: Job 'deploy' failed");
      expect(r.log).not.toContain("ship outputs:");
      expect(await live()).toBe("v1");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a run that says it is acme/shop but whose token names mallory/shop is refused: the certificate, not the runner's variables, decides",
    async () => {
      const r = await shipAs("keyless ship, token of another repository", "acme/shop", {
        repository: "mallory/shop",
        workflowRef: `mallory/shop/.github/workflows/${WORKFLOW}@refs/heads/main`,
      });
      expect(r.exitCode, tail(r.log)).not.toBe(0);
      expect(verifyLines(r)).toContainEqual(
        "FAIL source repository: source repository https://github.com/mallory/shop (the certificate) does not match acme/shop",
      );
      expect(r.log).not.toContain("ship outputs:");
      expect(await live()).toBe("v1");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "promotion manual: acme/shop's v2 is staged on the preview port and live stays on v1",
    async () => {
      const r = await shipAs("keyless ship v2, promotion manual", "acme/shop", {}, { PROMOTION: "manual" });
      expectSucceeded(r);
      expect(r.log).toContain("live: v1");
      staged.v2 = stagedRelease(r);
      expect(await live()).toBe("v1");
      expect(await preview()).toBe("v2");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "promote, dispatched through rollback.yml's command input: verified keyless again, live serves v2",
    async () => {
      const r = await dispatch("promote (dispatched)", {
        environment,
        command: "promote",
        reason: "reviewed (act test)",
      });
      expectSucceeded(r);
      expect(verifyLines(r)).toEqual([
        expect.stringMatching(
          /^ok signature: .*the trusted root in the input's JSON \(input trusted-root\)$/,
        ),
        `ok signer identity: https://github.com/${DEPLOY_WORKFLOW_REF} (https://token.actions.githubusercontent.com)`,
        "ok source repository: https://github.com/acme/shop matches acme/shop",
        "ok source ref: refs/heads/main matches /^refs/heads/main$/",
      ]);
      expect(r.log).toContain(`ok   subject digest: the statement names ${staged.v2?.digest}`);
      expect(r.log).toMatch(/\| switch: live -> (blue|green)\n/);
      expect(r.log).toContain(`| record: ${staged.v2?.release} promoted`);
      expect(await live()).toBe("v2");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "reject, dispatched: a staged v3 is thrown away and live stays on v2",
    async () => {
      await shop.commitVersion("v3");
      const ship = await shipAs(
        "keyless ship v3, promotion manual",
        "acme/shop",
        {},
        { PROMOTION: "manual" },
      );
      expectSucceeded(ship);
      staged.v3 = stagedRelease(ship);
      expect(await preview()).toBe("v3");
      const r = await dispatch("reject (dispatched)", {
        environment,
        command: "reject",
        reason: "wrong banner (act test)",
      });
      expectSucceeded(r);
      expect(r.log).toContain("| retire: ");
      expect(r.log).toContain(`| record: ${staged.v3?.release} failed`);
      // the staged color is gone; the preview port serves the live color again
      expect(await live()).toBe("v2");
      expect(await preview()).toBe("v2");
    },
    TEST_TIMEOUT_MS,
  );
});
