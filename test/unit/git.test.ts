import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { mergeGitHubRef, normaliseRemoteUrl, readGitState } from "../../src/git";
import { githubRun } from "../support/github-context";

describe("normaliseRemoteUrl", () => {
  it.each([
    ["git@github.com:org/app.git", "https://github.com/org/app"],
    ["ssh://git@github.example.com:22/org/app.git", "https://github.example.com/org/app"],
    ["https://x-access-token:ghs_secret@github.com/org/app.git", "https://github.com/org/app"],
    ["https://github.com/org/app/", "https://github.com/org/app"],
    ["git://host.example/org/app", "https://host.example/org/app"],
    ["ssh://git@gitlab.example.com:2222/team/app.git", "https://gitlab.example.com/team/app"],
  ])("%s → %s", (input, expected) => expect(normaliseRemoteUrl(input)).toBe(expected));
});

describe("mergeGitHubRef", () => {
  it.each([
    ["push to a branch", { GITHUB_REF: "refs/heads/release/1" }, { branch: "release/1" }],
    [
      "pull request",
      { GITHUB_REF: "refs/pull/12/merge", GITHUB_HEAD_REF: "feature/x" },
      { pullRequest: 12, branch: "feature/x" },
    ],
    ["tag push", { GITHUB_REF: "refs/tags/v1.2.3" }, { tags: ["v1.2.3"] }],
    [
      "no repository, Actions env",
      { GITHUB_SHA: "abc", GITHUB_REPOSITORY: "org/app" },
      { sha: "abc", remoteUrl: "https://github.com/org/app" },
    ],
  ])("%s", (_name, env, expected) => {
    expect(mergeGitHubRef({ tags: [] }, githubRun(env))).toMatchObject(expected);
  });
});

describe("readGitState (real git)", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const temp = async () => {
    const dir = await mkdtemp(join(tmpdir(), "greenlight-git-"));
    dirs.push(dir);
    return dir;
  };

  it("outside a repository: undefined fields, no crash", async () => {
    expect(await readGitState(await temp())).toEqual({ tags: [] });
  });

  it("reads sha, commit time, branch, tags, remote and dirty flag", async () => {
    const dir = await temp();
    const git = (...args: string[]) =>
      exec("git", ["-C", dir, ...args], {
        env: {
          GIT_COMMITTER_DATE: "2026-11-20T10:00:00+01:00",
          GIT_AUTHOR_DATE: "2026-11-20T10:00:00+01:00",
        },
      });
    await git("init", "-q", "-b", "Feature/X");
    await git(
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.com",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "one",
    );
    await git("tag", "v1.2.3");
    await git("remote", "add", "origin", "git@github.com:org/app.git");
    const state = await readGitState(dir);
    expect(state.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(state).toMatchObject({
      commitTime: "2026-11-20T10:00:00+01:00",
      branch: "Feature/X",
      tags: ["v1.2.3"],
      remoteUrl: "https://github.com/org/app",
      dirty: false,
    });
    await writeFile(join(dir, "new.txt"), "x");
    expect((await readGitState(dir)).dirty).toBe(true);
    await git("checkout", "-q", "--detach");
    expect((await readGitState(dir)).branch).toBeUndefined();
  });
});
