// The classic builder (DOCKER_BUILDKIT=0) against the real dockerd and the real htpasswd registry.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { exec } from "../../src/exec";
import { type GitState, readGitState } from "../../src/git";
import { type BuildOptions, buildImage, verifyPushed } from "../../src/image/build";
import { parseReference } from "../../src/image/reference";
import { MemoryLogger } from "../../src/log";
import { loadStack, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const dirs: string[] = [];
let configDir: string;
let git: GitState;

const client = () => stackClient(stack);

function options(repo: string, change: Partial<BuildOptions> = {}): BuildOptions {
  return {
    image: parseReference(`${stack.registry}/${repo}`),
    context: stack.appContext,
    tags: [],
    labels: [],
    buildArgs: ["VERSION=1.2.3"],
    platforms: [],
    push: true,
    builder: "classic",
    cacheFrom: [],
    cacheTo: [],
    dockerConfigDir: configDir,
    git,
    env: process.env,
    ...change,
  };
}

const deps = (log = new MemoryLogger()) => ({ log, registryClientFor: () => client() });
const docker = (...args: string[]) => exec("docker", args, { env: { DOCKER_CONFIG: configDir } });

beforeAll(async () => {
  configDir = await mkdtemp(join(tmpdir(), "greenlight-dockercfg-"));
  dirs.push(configDir);
  await exec("docker", ["login", "--username", stack.username, "--password-stdin", stack.registry], {
    env: { DOCKER_CONFIG: configDir },
    input: stack.password,
  });
  git = await readGitState(process.cwd());
});
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("classic build and push", () => {
  it("pins the digest the registry serves; crane agrees; docker pulls it by digest", async () => {
    const repo = uniqueRepo("build-classic");
    const log = new MemoryLogger();
    const result = await buildImage(options(repo, { tags: ["edge"] }), { ...deps(), log });
    // the classic builder's own output, one line a step, inside the build's group
    const group = log.lines.indexOf(`## Build ${stack.registry}/${repo} (classic)`);
    expect(group).toBeGreaterThanOrEqual(0);
    expect(log.lines.slice(group + 1).some((l) => /^Step 1\/\d+ : FROM /.test(l))).toBe(true);
    expect(result.builder).toBe("classic");
    expect(result.cache).toMatch(/classic builder cannot export a cache/);
    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.image).toBe(`${stack.registry}/${repo}@${result.digest}`);
    expect(result.tags).toContain(`${stack.registry}/${repo}:edge`);

    const served = await client().getManifest(repo, "edge");
    const { createHash } = await import("node:crypto");
    expect(`sha256:${createHash("sha256").update(served.bytes).digest("hex")}`).toBe(result.digest);
    const doc = JSON.parse(served.bytes.toString("utf8"));
    const size = doc.config.size + doc.layers.reduce((sum: number, l: { size: number }) => sum + l.size, 0);
    expect(result.sizeBytes).toBe(size);

    const crane = await exec(stack.crane, ["digest", "--insecure", `${stack.registry}/${repo}:edge`], {
      env: { DOCKER_CONFIG: configDir },
    });
    expect(crane.stdout.trim()).toBe(result.digest);

    for (const tag of result.tags) await docker("rmi", tag);
    await docker("pull", result.image as string);
    const inspected = await docker(
      "image",
      "inspect",
      "--format",
      "{{json .Config.Labels}}",
      result.image as string,
    );
    expect(JSON.parse(inspected.stdout)).toMatchObject(result.labels);
    expect(result.labels["org.opencontainers.image.revision"]).toBe(git.sha);
    await docker("rmi", result.image as string);
  });

  it("two builds of one commit carry the same labels", async () => {
    const repo = uniqueRepo("build-labels");
    const first = await buildImage(options(repo), deps());
    const second = await buildImage(options(repo), deps());
    expect(second.labels).toEqual(first.labels);
    expect(first.labels["org.opencontainers.image.created"]).toBe(git.commitTime);
    const labelsOf = async (image: string) =>
      JSON.parse((await docker("image", "inspect", "--format", "{{json .Config.Labels}}", image)).stdout);
    expect(await labelsOf(second.tags[0] as string)).toEqual(await labelsOf(second.image as string));
    for (const image of [first.image, second.image])
      await docker("rmi", "--force", image as string).catch(() => {});
  });

  it("a wrong password fails naming the registry and what to check; no tag is pushed", async () => {
    const badDir = await mkdtemp(join(tmpdir(), "greenlight-badcfg-"));
    dirs.push(badDir);
    const auth = Buffer.from(`${stack.username}:wrong-password`).toString("base64");
    await writeFile(join(badDir, "config.json"), JSON.stringify({ auths: { [stack.registry]: { auth } } }));
    const repo = uniqueRepo("build-badauth");
    const error = await buildImage(options(repo, { dockerConfigDir: badDir, tags: ["edge"] }), deps()).then(
      () => undefined,
      (e: unknown) => e,
    );
    const text = describeError(error);
    expect(text).toMatch(new RegExp(`registry ${stack.registry.replace(/\./g, "\\.")}: not authorised`));
    expect(text).toMatch(/hint: check the username\/password/);
    expect(text).not.toContain("wrong-password");
    expect(await client().manifestDescriptor(repo, "edge")).toBeUndefined();
  });

  it("a registry digest other than the reported one fails, naming both digests", async () => {
    const repo = uniqueRepo("build-verify");
    const result = await buildImage(options(repo, { tags: ["edge"] }), deps());
    const wrong = `sha256:${"0".repeat(64)}`;
    await expect(
      verifyPushed(client(), parseReference(`${stack.registry}/${repo}`), "edge", wrong, "docker push"),
    ).rejects.toThrow(
      `serves ${stack.registry}/${repo}:edge as ${result.digest} (sha256 of the manifest bytes), but docker push reported ${wrong}`,
    );
  });

  it("push false builds only and has no digest", async () => {
    const log = new MemoryLogger();
    const result = await buildImage(options(uniqueRepo("build-nopush"), { push: false }), deps(log));
    expect(result.digest).toBeUndefined();
    expect(result.image).toBeUndefined();
    expect(result.imageId).toMatch(/^sha256:/);
    expect(log.lines.join("\n")).toMatch(/push is false: built only; there is no digest output/);
    await docker("rmi", ...result.tags);
  });

  it("refuses a multi-platform build, naming 'platforms'", async () => {
    const options_ = options(uniqueRepo("build-multi"), { platforms: ["linux/amd64", "linux/arm64"] });
    await expect(buildImage(options_, deps())).rejects.toThrow(/input 'platforms'.*classic builder cannot/);
  });

  it("refuses a platform it did not build (classic ignores --platform for FROM scratch); nothing pushed", async () => {
    const repo = uniqueRepo("build-arm64");
    await expect(
      buildImage(options(repo, { platforms: ["linux/arm64"], tags: ["edge"] }), deps()),
    ).rejects.toThrow(
      /input 'platforms': asked for linux\/arm64, but the classic builder built linux\/amd64/,
    );
    expect(await client().manifestDescriptor(repo, "edge")).toBeUndefined();
  });
});
