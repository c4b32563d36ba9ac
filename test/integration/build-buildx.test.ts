// buildx (remote driver to the stack's buildkitd) against the real htpasswd registry.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { type BuildOptions, buildImage } from "../../src/image/build";
import { type GitState, readGitState } from "../../src/image/git";
import { parseReference } from "../../src/image/reference";
import { MemoryLogger } from "../../src/log";
import { RegistryClient } from "../../src/registry/client";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const skipReason = stack.buildxBuilder
  ? ""
  : " (skipped: stack.env has no buildx builder; scripts/stack.sh could not build or start it)";
let configDir: string;
let git: GitState;

const client = () =>
  new RegistryClient({
    registry: stack.registry,
    credentials: { username: stack.username, password: stack.password },
    log: new MemoryLogger(),
  });

function options(repo: string, change: Partial<BuildOptions> = {}): BuildOptions {
  return {
    image: parseReference(`${stack.registry}/${repo}`),
    context: stack.appContext,
    tags: ["edge"],
    labels: [],
    buildArgs: ["VERSION=1.2.3"],
    platforms: [],
    push: true,
    builder: "buildx",
    ...(stack.buildxBuilder ? { buildxBuilder: stack.buildxBuilder } : {}),
    cacheFrom: [],
    cacheTo: [],
    dockerConfigDir: configDir,
    git,
    env: { ...process.env, GITHUB_ACTIONS: undefined },
    ...change,
  };
}

const deps = () => ({ log: new MemoryLogger(), registryClientFor: () => client() });

beforeAll(async () => {
  configDir = await mkdtemp(join(tmpdir(), "greenlight-dockercfg-"));
  await exec("docker", ["login", "--username", stack.username, "--password-stdin", stack.registry], {
    env: { DOCKER_CONFIG: configDir },
    input: stack.password,
  });
  git = await readGitState(process.cwd(), {});
});
afterAll(async () => rm(configDir, { recursive: true, force: true }));

describe.skipIf(!stack.buildxBuilder)(`buildx build and push${skipReason}`, () => {
  it("single platform: one manifest, digest = sha256 of the served bytes, no provenance entries", async () => {
    const repo = uniqueRepo("buildx-single");
    const result = await buildImage(options(repo), deps());
    expect(result.builder).toBe("buildx");
    expect(result.metadata["containerimage.digest"]).toBe(result.digest);
    const served = await client().getManifest(repo, "edge");
    expect(served.digest).toBe(result.digest);
    const doc = JSON.parse(served.bytes.toString("utf8"));
    expect(doc.manifests).toBeUndefined();
    expect(typeof result.sizeBytes).toBe("number");
    expect(result.cache).toMatch(/no cache export outside GitHub Actions/);
  });

  it("linux/amd64,linux/arm64: an index listing exactly those platforms, no unknown/unknown", async () => {
    const repo = uniqueRepo("buildx-multi");
    const result = await buildImage(options(repo, { platforms: ["linux/amd64", "linux/arm64"] }), deps());
    const served = await client().getManifest(repo, "edge");
    expect(served.digest).toBe(result.digest);
    const index = JSON.parse(served.bytes.toString("utf8")) as {
      manifests: Array<{ platform: { os: string; architecture: string } }>;
    };
    const platforms = index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`);
    expect(platforms.sort()).toEqual(["linux/amd64", "linux/arm64"]);
    expect(result.platforms.sort()).toEqual(["linux/amd64", "linux/arm64"]);
    expect(Object.keys(result.sizeBytes as Record<string, number>).sort()).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
    const crane = await exec(stack.crane, ["digest", "--insecure", `${stack.registry}/${repo}:edge`], {
      env: { DOCKER_CONFIG: configDir },
    });
    expect(crane.stdout.trim()).toBe(result.digest);
  });

  it("two builds of one commit give one digest (created = commit time via SOURCE_DATE_EPOCH)", async () => {
    const repo = uniqueRepo("buildx-repro");
    const first = await buildImage(options(repo, { tags: ["one"] }), deps());
    const second = await buildImage(options(repo, { tags: ["two"] }), deps());
    expect(second.digest).toBe(first.digest);
    const config = JSON.parse(
      (
        await exec(stack.crane, ["config", "--insecure", first.image as string], {
          env: { DOCKER_CONFIG: configDir },
        })
      ).stdout,
    );
    expect(Date.parse(config.created)).toBe(Date.parse(git.commitTime as string));
  });
});
