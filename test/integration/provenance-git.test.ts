import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { CLI_BUILDER_ID, sourceFromGit } from "../../src/provenance/git-source";
import { buildProvenance, LOCAL_GIT_BUILD_TYPE } from "../../src/provenance/statement";

// A real git repository in a temporary directory: commit, remote, branch, tag, dirty flag.
describe("sourceFromGit", () => {
  let dir = "";
  const git = (...args: string[]) =>
    exec("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "greenlight-git-"));
    await git("init", "--quiet", "--initial-branch=main");
    await git("remote", "add", "origin", "git@github.com:octo-org/shop.git");
    await writeFile(join(dir, "app.txt"), "v1\n");
    await git("add", "app.txt");
    await git("commit", "--quiet", "-m", "first");
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("records a clean checkout: commit, https remote, branch ref", async () => {
    const sha = (await git("rev-parse", "HEAD")).stdout.trim();
    const ctx = await sourceFromGit(dir);
    expect(ctx).toEqual({
      kind: "local",
      repositoryUrl: "https://github.com/octo-org/shop",
      ref: "refs/heads/main",
      sha,
      dirty: false,
      builderId: CLI_BUILDER_ID,
    });
    const predicate = buildProvenance(
      { name: "localhost:5000/shop", digest: `sha256:${"0".repeat(64)}` },
      ctx,
    ).predicate;
    expect(predicate.buildDefinition.buildType).toBe(LOCAL_GIT_BUILD_TYPE);
    expect(predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: "git+https://github.com/octo-org/shop@refs/heads/main", digest: { gitCommit: sha } },
    ]);
    expect(predicate.buildDefinition.internalParameters).toEqual({ git: { dirty: false } });
    expect(predicate.runDetails.builder.id).toBe(CLI_BUILDER_ID);
  });

  it("flags a modified file as dirty", async () => {
    await writeFile(join(dir, "app.txt"), "v2\n");
    expect((await sourceFromGit(dir)).dirty).toBe(true);
    await git("checkout", "--quiet", "--", "app.txt");
    expect((await sourceFromGit(dir)).dirty).toBe(false);
  });

  it("flags an untracked file as dirty", async () => {
    await writeFile(join(dir, "new.txt"), "x\n");
    expect((await sourceFromGit(dir)).dirty).toBe(true);
    await rm(join(dir, "new.txt"));
  });

  it("uses the tag when HEAD is detached at a tag", async () => {
    await git("tag", "v1.0.0");
    await git("checkout", "--quiet", "--detach", "v1.0.0");
    expect((await sourceFromGit(dir)).ref).toBe("refs/tags/v1.0.0");
    await git("checkout", "--quiet", "main");
  });

  it("refuses a directory that is not a repository", async () => {
    const empty = await mkdtemp(join(tmpdir(), "greenlight-nogit-"));
    await expect(sourceFromGit(empty)).rejects.toThrow(/not a git repository/);
    await rm(empty, { recursive: true, force: true });
  });
});
