// buildx (remote driver to the stack's buildkitd) against the real htpasswd registry.

import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { exec } from "../../src/exec";
import { type GitState, readGitState } from "../../src/git";
import { type BuildOptions, buildImage } from "../../src/image/build";
import type { CacheStore } from "../../src/image/cache";
import { parseReference } from "../../src/image/reference";
import { MemoryLogger } from "../../src/log";
import { loadStack, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const skipReason = stack.buildxBuilder
  ? ""
  : " (skipped: stack.env has no buildx builder; scripts/stack.sh could not build or start it)";
let configDir: string;
let git: GitState;

const client = () => stackClient(stack);

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
  git = await readGitState(process.cwd());
});
afterAll(async () => rm(configDir, { recursive: true, force: true }));

describe.skipIf(!stack.buildxBuilder)(`buildx build and push${skipReason}`, () => {
  it("single platform: one manifest, digest = sha256 of the served bytes, no provenance entries", async () => {
    const repo = uniqueRepo("buildx-single");
    const log = new MemoryLogger();
    const result = await buildImage(options(repo), { ...deps(), log });
    expect(result.builder).toBe("buildx");
    // buildx's own progress, one line a step, inside the build's group (collapsed in Actions)
    const group = log.lines.indexOf(`## Build ${stack.registry}/${repo} (buildx)`);
    const build = log.lines.slice(group + 1, log.lines.indexOf("## Verify digest"));
    expect(group).toBeGreaterThanOrEqual(0);
    expect(build.some((l) => /^#\d+ \[\d+\/\d+\] COPY server \/server/.test(l))).toBe(true);
    expect(build.some((l) => /^#\d+ pushing manifest for /.test(l))).toBe(true);
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

  it("a wrong password fails naming the registry; no tag is pushed", async () => {
    const badDir = await mkdtemp(join(tmpdir(), "greenlight-badcfg-"));
    const auth = Buffer.from(`${stack.username}:wrong-password`).toString("base64");
    await writeFile(join(badDir, "config.json"), JSON.stringify({ auths: { [stack.registry]: { auth } } }));
    const repo = uniqueRepo("buildx-badauth");
    const error = await buildImage(options(repo, { dockerConfigDir: badDir }), deps()).then(
      () => undefined,
      (e: unknown) => e,
    );
    await rm(badDir, { recursive: true, force: true });
    expect(describeError(error)).toMatch(
      /refused by registry 127\.0\.0\.1:5000: not authorised\n.*hint: check the username/s,
    );
    expect(await client().manifestDescriptor(repo, "edge")).toBeUndefined();
  });

  // The Actions cache service cannot be reached here: this store double keeps the cache in a directory.
  it("in Actions without the cache service: a local cache dir is saved, then restored", async () => {
    const storeDir = await mkdtemp(join(tmpdir(), "greenlight-store-"));
    const saved: string[] = [];
    const store: CacheStore = {
      async restore(paths, key, restoreKeys) {
        const hit =
          saved.find((k) => k === key) ?? saved.find((k) => restoreKeys.some((p) => k.startsWith(p)));
        if (hit) await cp(join(storeDir, hit), paths[0] as string, { recursive: true });
        return hit;
      },
      async save(paths, key) {
        await cp(paths[0] as string, join(storeDir, key), { recursive: true });
        saved.push(key);
      },
    };
    const env = {
      ...process.env,
      GITHUB_ACTIONS: "true",
      ACTIONS_CACHE_URL: undefined,
      ACTIONS_RESULTS_URL: undefined,
    };
    const repo = uniqueRepo("buildx-cache");
    const first = await buildImage(options(repo, { env }), { ...deps(), cacheStore: store });
    expect(first.cache).toMatch(/local cache directory kept in the Actions cache .*restore: miss; saved$/);
    expect(saved).toHaveLength(1);
    expect(existsSync(join(storeDir, saved[0] as string, "index.json"))).toBe(true);
    const second = await buildImage(options(repo, { env }), { ...deps(), cacheStore: store });
    expect(second.cache).toMatch(/restore: hit greenlight-buildx-.*; saved$/);
    expect(second.digest).toBe(first.digest);
    await rm(storeDir, { recursive: true, force: true });
  });

  it("builder auto picks buildx and its current builder (the docker driver here)", async () => {
    const repo = uniqueRepo("buildx-auto");
    const { buildxBuilder: _unused, ...rest } = options(repo);
    const result = await buildImage({ ...rest, builder: "auto" }, deps());
    expect(result.builder).toBe("buildx");
    const current = /^Name:\s*(\S+)/m.exec((await exec("docker", ["buildx", "inspect"])).stdout)?.[1];
    expect(String(result.metadata["buildx.build.ref"]).split("/")[0]).toBe(current);
    expect((await client().getManifest(repo, "edge")).digest).toBe(result.digest);
    const driver = /^Driver:\s*(\S+)/m.exec((await exec("docker", ["buildx", "inspect"])).stdout)?.[1];
    if (driver === "docker") expect(result.cache).toMatch(/docker driver cannot export a cache/);
  });
});
