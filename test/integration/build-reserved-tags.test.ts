// A build never overwrites the tags greenlight moves itself in the image's repository: the ledger
// head `greenlight.ledger.<environment>` and a digest's referrers index `sha256-<hex>`. Through a
// real git branch of that name (a temp repository, the real `git`), the classic builder and the
// stack's registry (distribution: referrers through the tag schema).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors";
import { exec } from "../../src/exec";
import { readGitState } from "../../src/git";
import { type BuildOptions, buildImage } from "../../src/image/build";
import { parseReference } from "../../src/image/reference";
import { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { attachAttestation } from "../../src/provenance/attach";
import { generateKeyPair, KeySigner } from "../../src/provenance/signers";
import { buildProvenance, SLSA_PROVENANCE_V1 } from "../../src/provenance/statement";
import { referrersTag } from "../../src/registry/referrers";
import { pushTinyImage } from "../fixtures/provenance/tiny-image";
import { GITHUB_ENVS, githubSource } from "../support/github-context";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";

const stack = loadStack();
const client = stackClient(stack);
const repo = uniqueRepo("reserved-tags");
const dirs: string[] = [];
let dockerConfig = "";
let ledgerHead = "";
let indexTag = "";
let indexHead = "";

/** A git repository with one commit on `branch`. */
async function gitRepo(branch: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "gl-reserved-git-"));
  dirs.push(dir);
  const git = (...args: string[]) =>
    exec("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
  await git("init", "--quiet");
  await git("checkout", "--quiet", "-b", branch);
  await git("commit", "--quiet", "--allow-empty", "-m", "build me");
  return dir;
}

async function build(branch: string, tags: string[] = []) {
  const log = new MemoryLogger();
  const options: BuildOptions = {
    image: parseReference(`${stack.registry}/${repo}`),
    context: stack.appContext,
    tags,
    labels: [],
    buildArgs: ["VERSION=reserved"],
    platforms: [],
    push: true,
    builder: "classic",
    cacheFrom: [],
    cacheTo: [],
    dockerConfigDir: dockerConfig,
    git: await readGitState(await gitRepo(branch)),
    env: process.env,
  };
  const result = await buildImage(options, { log, registryClientFor: () => client });
  return { result, log };
}

const head = async (tag: string) => (await client.manifestDescriptor(repo, tag))?.digest;

beforeAll(async () => {
  dockerConfig = await loggedInDockerConfig(stack);
  dirs.push(dockerConfig);
  // the ledger of production and one attested digest (its `sha256-<hex>` index) in the image's repository
  const ledger = new RegistryLedger({ client, repository: repo, environment: "production" });
  const digest = await pushTinyImage(client, repo, "attested");
  await ledger.append({
    release: "r1",
    app: "app",
    environment: "production",
    action: "deploy",
    outcome: "promoted",
    repository: `${stack.registry}/${repo}`,
    digest,
    color: "blue",
    gates: [],
    actor: "test",
    time: new Date().toISOString(),
  });
  const signer = new KeySigner(generateKeyPair().privateKeyPem);
  const bundle = await signer.sign(buildProvenance({ name: repo, digest }, githubSource(GITHUB_ENVS.tag)));
  expect((await attachAttestation(client, repo, digest, bundle, SLSA_PROVENANCE_V1)).mode).toBe("tag-schema");
  indexTag = referrersTag(digest);
  ledgerHead = (await head(ledger.tag)) as string;
  indexHead = (await head(indexTag)) as string;
  expect(ledgerHead).toMatch(/^sha256:/);
  expect(indexHead).toMatch(/^sha256:/);
}, 120_000);
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("reserved tags", () => {
  it("a branch named greenlight.ledger.production is not tagged; the ledger head is untouched", async () => {
    const { result, log } = await build("greenlight.ledger.production");
    expect(result.tags.map((t) => t.split(":").at(-1))).not.toContain("greenlight.ledger.production");
    expect(log.lines).toContainEqual(
      expect.stringMatching(/^warning: branch 'greenlight\.ledger\.production' is not tagged/),
    );
    expect(await head("greenlight.ledger.production")).toBe(ledgerHead);
    const ledger = new RegistryLedger({ client, repository: repo, environment: "production" });
    expect((await ledger.history()).map((r) => r.release)).toEqual(["r1"]);
  });

  it("a branch named like a referrers index tag is not tagged; the index is untouched", async () => {
    const { result, log } = await build(indexTag);
    expect(result.tags.map((t) => t.split(":").at(-1))).not.toContain(indexTag);
    expect(log.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^warning: branch '${indexTag}' is not tagged`)),
    );
    expect(await head(indexTag)).toBe(indexHead);
  });

  it("a user tag greenlight.ledger.production is refused before anything is built, naming the tag", async () => {
    const error = await build("main", ["greenlight.ledger.production"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/input 'tags': 'greenlight\.ledger\.production' is reserved/);
    expect(await head("greenlight.ledger.production")).toBe(ledgerHead);
  });
});
