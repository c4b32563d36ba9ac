import { describe, expect, it } from "vitest";
import { readGitHubRun, runIdentity } from "../../../src/github/run";
import { GITHUB_ENVS } from "../../support/github-context";

const events: Record<string, string> = {
  "/event/private.json": JSON.stringify({ repository: { visibility: "private" } }),
  "/event/broken.json": "{ not json",
};
const readFile = (path: string) => {
  const text = events[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};

describe("readGitHubRun: the run's facts, parsed once at the edge", () => {
  it.each([
    ["outside Actions (no GITHUB_ACTIONS)", { ...GITHUB_ENVS.push }, undefined],
    ["GITHUB_ACTIONS other than true", { ...GITHUB_ENVS.push, GITHUB_ACTIONS: "1" }, undefined],
    [
      "a push on github.com",
      { ...GITHUB_ENVS.push, GITHUB_ACTIONS: "true", GITHUB_ACTOR: "octocat" },
      {
        serverUrl: "https://github.com",
        apiUrl: "https://api.github.com",
        repository: "octo-org/shop",
        repositoryUrl: "https://github.com/octo-org/shop",
        ref: "refs/heads/main",
        headRef: undefined,
        eventName: "push",
        runUrl: "https://github.com/octo-org/shop/actions/runs/9876543210/attempts/2",
        actor: "octocat",
        visibility: undefined,
        runnerEnvironment: "github-hosted",
      },
    ],
    [
      "GHES with a trailing slash, a pull request, a private repository",
      {
        ...GITHUB_ENVS.pull_request,
        GITHUB_ACTIONS: "true",
        GITHUB_SERVER_URL: "https://ghe.example.com/",
        GITHUB_API_URL: "https://ghe.example.com/api/v3",
        GITHUB_HEAD_REF: "feature/x",
        GITHUB_EVENT_PATH: "/event/private.json",
      },
      {
        serverUrl: "https://ghe.example.com",
        apiUrl: "https://ghe.example.com/api/v3",
        repositoryUrl: "https://ghe.example.com/octo-org/shop",
        headRef: "feature/x",
        visibility: "private",
        runnerEnvironment: "self-hosted",
      },
    ],
    [
      "no repository, no run id, an unreadable event",
      { GITHUB_ACTIONS: "true", GITHUB_EVENT_PATH: "/event/broken.json" },
      { repository: "", repositoryUrl: undefined, runUrl: undefined, runAttempt: "1", visibility: undefined },
    ],
  ])("%s", (_name, env, expected) => {
    const run = readGitHubRun(env, readFile);
    if (expected === undefined) expect(run).toBeUndefined();
    else expect(run).toMatchObject(expected);
  });
});

describe("runIdentity: who runs this, and the workflow run it belongs to", () => {
  it.each([
    [
      "Actions",
      { GITHUB_ACTOR: "octocat", GITHUB_REPOSITORY: "a/b", GITHUB_RUN_ID: "7" },
      "octocat",
      "https://github.com/a/b/actions/runs/7/attempts/1",
    ],
    ["a workstation", { USER: "dev" }, "dev", undefined],
    ["nobody known", {}, "unknown", undefined],
  ])("%s", (_name, env, actor, runUrl) => {
    expect(runIdentity(env)).toEqual({ actor, runUrl });
  });
});
