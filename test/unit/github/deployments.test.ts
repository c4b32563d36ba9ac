// GitHub's API cannot be reached from here: these tests talk to a loopback double of the Deployments
// REST endpoints (test/support/github-api.ts) through the real @actions/github client.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeploymentMirror, GitHubDeployments } from "../../../src/github/deployments";
import { type DeploymentMirror, NoMirror } from "../../../src/github/mirror";
import { readGitHubRun } from "../../../src/github/run";
import { MemoryLogger } from "../../../src/log";
import { GitHubApiDouble } from "../../support/github-api";

const DIGEST = `sha256:${"a".repeat(64)}`;
const OLD_DIGEST = `sha256:${"b".repeat(64)}`;
const SHA = "3f2a9c1".padEnd(40, "0");
const RUN = "https://github.com/acme/app/actions/runs/7/attempts/1";
const REPO = "/repos/acme/app";

let api: GitHubApiDouble;
let log: MemoryLogger;
let mirror: DeploymentMirror;

beforeEach(async () => {
  api = await GitHubApiDouble.start();
  log = new MemoryLogger();
  mirror = createDeploymentMirror({
    token: "t0ken",
    github: readGitHubRun({
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "acme/app",
      GITHUB_API_URL: api.baseUrl,
    }),
    log,
  });
});
afterEach(() => api.close());

const start = (overrides: { ref?: string; digest?: string } = {}) =>
  mirror.start({
    environment: "production",
    ref: overrides.ref ?? SHA,
    digest: overrides.digest ?? DIGEST,
    image: "127.0.0.1:5000/acme/app",
    release: "r20260101T000000Z-3f2a9c1",
    description: "greenlight deploy",
    logUrl: RUN,
  });

describe("GitHub Deployments mirror", () => {
  it("chooses the GitHub API in Actions with a token", () => {
    expect(mirror).toBeInstanceOf(GitHubDeployments);
    expect(log.lines.join("\n")).not.toContain("t0ken");
  });

  it("a successful release: creates, in_progress, success, then retires the previous live deployment", async () => {
    const previous = api.seed({
      ref: "1".repeat(40),
      environment: "production",
      payload: { digest: OLD_DIGEST },
      states: ["in_progress", "success"],
    });
    const failedEarlier = api.seed({ ref: "2".repeat(40), environment: "production", states: ["failure"] });
    api.requests.length = 0;

    await start();
    await mirror.finish("success", { environmentUrl: "http://127.0.0.1:8080", description: "promoted" });

    const id = failedEarlier + 1;
    expect(api.calls()).toEqual([
      `POST ${REPO}/deployments`,
      `POST ${REPO}/deployments/${id}/statuses`,
      `POST ${REPO}/deployments/${id}/statuses`,
      `GET ${REPO}/deployments`,
      `GET ${REPO}/deployments/${failedEarlier}/statuses`,
      `GET ${REPO}/deployments/${previous}/statuses`,
      `POST ${REPO}/deployments/${previous}/statuses`,
    ]);
    const [create, inProgress, success, list, , , inactive] = api.requests;
    expect(create?.authorization).toBe("token t0ken");
    expect(create?.body).toEqual({
      ref: SHA,
      environment: "production",
      description: "greenlight deploy",
      payload: { digest: DIGEST, image: "127.0.0.1:5000/acme/app", release: "r20260101T000000Z-3f2a9c1" },
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
    });
    expect(inProgress?.body).toMatchObject({ state: "in_progress", log_url: RUN, auto_inactive: false });
    expect(success?.body).toEqual({
      state: "success",
      environment_url: "http://127.0.0.1:8080",
      log_url: RUN,
      description: "promoted",
      auto_inactive: false,
    });
    expect(list?.query).toEqual({ environment: "production", per_page: "10" });
    expect(inactive?.body).toMatchObject({ state: "inactive" });
    expect(api.latestState(previous)).toBe("inactive");
    expect(api.latestState(failedEarlier)).toBe("failure");
    expect(api.latestState(id)).toBe("success");
  });

  it("a failed gate: creates, in_progress, failure, and leaves the live deployment alone", async () => {
    const live = api.seed({ ref: "1".repeat(40), environment: "production", states: ["success"] });
    api.requests.length = 0;

    await start();
    await mirror.finish("failure", { description: "gate http-checks failed: /healthz answered 500" });

    expect(api.calls()).toEqual([
      `POST ${REPO}/deployments`,
      `POST ${REPO}/deployments/${live + 1}/statuses`,
      `POST ${REPO}/deployments/${live + 1}/statuses`,
    ]);
    expect(api.requests[2]?.body).toMatchObject({ state: "failure", log_url: RUN });
    expect(api.latestState(live)).toBe("success");
  });

  it("a rollback: lists deployments that once succeeded, redeploys one, retires the live one", async () => {
    const good = api.seed({
      ref: "1".repeat(40),
      environment: "production",
      payload: { digest: OLD_DIGEST },
      states: ["in_progress", "success", "inactive"],
    });
    const failed = api.seed({
      ref: "2".repeat(40),
      environment: "production",
      states: ["in_progress", "failure"],
    });
    api.seed({ ref: "4".repeat(40), environment: "staging", states: ["success"] });
    const live = api.seed({
      ref: "3".repeat(40),
      environment: "production",
      payload: JSON.stringify({ digest: DIGEST }),
      states: ["in_progress", "success"],
    });
    api.requests.length = 0;

    const successful = await mirror.listSuccessful("production");
    expect(successful).toEqual([
      { id: live, ref: "3".repeat(40), sha: "3".repeat(40), digest: DIGEST, createdAt: expect.any(String) },
      {
        id: good,
        ref: "1".repeat(40),
        sha: "1".repeat(40),
        digest: OLD_DIGEST,
        createdAt: expect.any(String),
      },
    ]);
    const target = successful[1];
    api.requests.length = 0;

    await start({ ref: target?.sha, digest: target?.digest });
    await mirror.finish("success", { environmentUrl: "http://127.0.0.1:8080", description: "rolled back" });

    expect(api.calls()).toEqual([
      `POST ${REPO}/deployments`,
      `POST ${REPO}/deployments/${live + 1}/statuses`,
      `POST ${REPO}/deployments/${live + 1}/statuses`,
      `GET ${REPO}/deployments`,
      `GET ${REPO}/deployments/${live}/statuses`,
      `POST ${REPO}/deployments/${live}/statuses`,
      `GET ${REPO}/deployments/${failed}/statuses`,
      `GET ${REPO}/deployments/${good}/statuses`,
    ]);
    expect(api.requests[0]?.body).toMatchObject({ ref: "1".repeat(40), payload: { digest: OLD_DIGEST } });
    expect(api.latestState(live)).toBe("inactive");
  });

  it("turns GitHub errors into warnings and never throws", async () => {
    api.failures.set(`POST ${REPO}/deployments`, 403);

    await expect(start()).resolves.toBeUndefined();
    await expect(mirror.finish("success")).resolves.toBeUndefined();

    expect(api.calls()).toEqual([`POST ${REPO}/deployments`]);
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^warning: GitHub Deployments: could not create the deployment: .*deployments: write/s,
      ),
    ]);
  });

  it("warns and returns nothing when listing fails", async () => {
    api.failures.set(`GET ${REPO}/deployments`, 500);
    await expect(mirror.listSuccessful("production")).resolves.toEqual([]);
    expect(log.lines[0]).toMatch(/^warning: GitHub Deployments: could not list deployments of 'production'/);
  });

  it.each([
    ["no token", undefined, { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/app" }],
    ["an empty token", "", { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/app" }],
    ["outside Actions", "t0ken", { GITHUB_REPOSITORY: "acme/app" }],
    ["no repository", "t0ken", { GITHUB_ACTIONS: "true" }],
  ])("uses NoMirror with %s", async (_name, token, env) => {
    const github = readGitHubRun({ ...env, GITHUB_API_URL: api.baseUrl });
    const chosen = createDeploymentMirror({ token, github, log });
    expect(chosen).toBeInstanceOf(NoMirror);
    await chosen.start({
      environment: "production",
      ref: SHA,
      digest: DIGEST,
      image: "x",
      release: "r",
      description: "d",
    });
    await chosen.finish("success");
    expect(await chosen.listSuccessful("production")).toEqual([]);
    expect(api.requests).toEqual([]);
  });
});
