// Verification binds to what is switched, through the commands as the CLI and the action run them,
// on the real stack (dockerd, router, registry, key-signed provenance):
// - promote verifies, under the lock, the digest of the color it switches to (also when preview
//   shows live and the staged color is found by the other rule), and refuses an unverified one;
// - a switch-back rollback verifies the warm color's digest under the lock;
// - rollback to a ledger release pulls only from the configured repository: ledger records are
//   unsigned, so a record naming another repository (or no digest) is refused;
// - a digest whose provenance is refused never gets a test-result attestation.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOptions } from "../../src/commands/engine";
import { MemoryLogger } from "../../src/log";
import { generateKeyPair } from "../../src/provenance/signers";
import { TEST_RESULT_V01 } from "../../src/provenance/statement";
import { listReferrers } from "../../src/registry/referrers";
import type { CommandResult } from "../../src/run";
import { commandRunner } from "../support/command";
import { removeEnvironment } from "../support/runner";
import { stackClient } from "../support/stack";
import { dockerConfig, freePort, get, pushApp, registryLedger, stack, uniqueApp } from "./deploy.support";

const app = uniqueApp("binding");
const environment = "test";
const repo = `test/${app}`;
const image = `${stack.registry}/${repo}`;
const otherRepo = `test/${app}-other`;
const digests: Record<string, string> = {};
let work = "";
let ports: string[] = [];
let liveUrl = "";

const body = (version: string) => `greenlight sample app ${version}`;
const { command, configFor, context } = commandRunner({ password: stack.password, tempDir: () => work });

/** The flags every deploy-side command here shares. */
const common = (): string[] => [
  ...["--username", stack.username, "--app", app, "--environment", environment],
  ...["--router-image", stack.routerImage, ...ports, "--checks", "/healthz 200"],
  ...["--public-key-file", join(work, "k.pub"), "--lock-timeout", "30"],
];

const pinned = (version: string) => `${image}@${digests[version]}`;
const deploy = (version: string, ...flags: string[]) =>
  command("deploy", ["--image", pinned(version), ...common(), ...flags]);
const steps = (result: CommandResult) => (result.report.timeline ?? []).map((t) => t.step);
const stepLines = (log: MemoryLogger) => log.lines.filter((l) => /^(lock|verify|switch): /.test(l));
const live = async () => (await get(liveUrl)).body;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-binding-"));
  const keys = generateKeyPair();
  await writeFile(join(work, "k.key"), keys.privateKeyPem);
  await writeFile(join(work, "k.pub"), keys.publicKeyPem);
  const livePort = await freePort();
  ports = ["--live-port", String(livePort), "--preview-port", String(await freePort())];
  liveUrl = `http://127.0.0.1:${livePort}`;
  const config = await dockerConfig();
  for (const v of ["v1", "v2", "v3", "v4"]) {
    digests[v] = (await pushApp(config, repo, v)).split("@")[1] as string;
  }
  // v1 also in another repository of the same registry: the same digest, pulled from elsewhere
  await pushApp(config, otherRepo, "v1");
  // v1 and v3 are attested (key-signed provenance); v2 and v4 are not
  for (const v of ["v1", "v3"]) {
    await command("attest", [
      ...["--image", pinned(v), "--username", stack.username],
      ...["--signing-key-file", join(work, "k.key")],
    ]);
  }
}, 300_000);
afterAll(() => removeEnvironment(app, environment));

describe("promote verifies the color it switches to, under the lock", () => {
  it("deploys attested v1 live (baseline)", async () => {
    const { result } = await deploy("v1");
    expect(result.failed).toBeFalsy();
    expect(await live()).toBe(body("v1"));
  });

  it("refuses unattested v2 staged on green while preview shows live blue; live stays v1", async () => {
    const staged = await deploy("v2", "--verify", "false", "--promotion", "manual");
    expect(staged.result.outputs).toMatchObject({ color: "blue", "preview-url": expect.any(String) });
    // preview back on live: promote then finds the staged color by the idle-color rule
    const { target } = await engineOptions(
      configFor("status", ["--image", image, ...common()]),
      context(new MemoryLogger()),
    );
    await target.exposePreview("blue");
    expect((await target.readState()).preview).toBe("blue");

    const refused = await command("promote", ["--image", image, ...common()]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(`refused ${pinned("v2")}`);
    expect(await live()).toBe(body("v1"));
  });

  it("promotes attested v3 staged on green; the verify step runs after the lock, on v3", async () => {
    await deploy("v3", "--promotion", "manual");
    const { result, log } = await command("promote", ["--image", image, ...common()]);
    expect(result.outputs).toMatchObject({ color: "green", digest: digests.v3 });
    expect(steps(result).slice(0, 3)).toEqual(["lock", "verify", "switch"]);
    expect(stepLines(log)).toContain(`verify: ${pinned("v3")} (green)`);
    expect(await live()).toBe(body("v3"));
  });

  it("verify: false promotes an unattested digest, with a warning naming it", async () => {
    await deploy("v2", "--verify", "false", "--promotion", "manual");
    const { result, log } = await command("promote", ["--image", image, ...common(), "--verify", "false"]);
    expect(result.outputs).toMatchObject({ color: "blue", digest: digests.v2 });
    expect(log.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^warning: verify is false: deploying ${digests.v2}`)),
    );
    expect(await live()).toBe(body("v2"));
  });
});

describe("a switch-back rollback verifies the warm digest under the lock", () => {
  it("switches back to attested v3: verify after lock, on v3", async () => {
    const { result, log } = await command("rollback", ["--image", image, ...common()]);
    expect(result.outputs).toMatchObject({ color: "green", digest: digests.v3 });
    expect(steps(result).slice(0, 2)).toEqual(["lock", "verify"]);
    expect(stepLines(log)).toContain(`verify: ${pinned("v3")} (green)`);
    expect(await live()).toBe(body("v3"));
  });

  it("refuses to switch back to an unattested warm digest; live stays", async () => {
    await deploy("v4", "--verify", "false"); // live v4 on blue, v3 warm
    await deploy("v1"); // live v1 on green, v4 warm and the ledger's rollback target
    const refused = await command("rollback", ["--image", image, ...common()]).catch((e: unknown) => e);
    expect((refused as Error).message).toContain(`refused ${pinned("v4")}`);
    expect(await live()).toBe(body("v1"));
  });
});

describe("rollback to a ledger release pulls only from the configured repository", () => {
  const ledger = () => registryLedger(repo, environment);
  const forged = (release: string, change: { repository?: string; digest?: string }) =>
    ledger().append({
      release,
      app,
      environment,
      action: "deploy",
      outcome: "promoted",
      repository: `${stack.registry}/${repo}`,
      digest: digests.v3 as string,
      color: "blue",
      gates: [],
      actor: "someone with push access",
      time: new Date().toISOString(),
      ...change,
    });

  it("refuses a record naming another repository, naming both", async () => {
    await forged("rforeign", { repository: `${stack.registry}/${otherRepo}`, digest: digests.v1 as string });
    const refused = await command("rollback", ["--image", image, ...common(), "--to", "rforeign"]).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(
      `names repository ${stack.registry}/${otherRepo}, not the configured image repository ${image}`,
    );
    expect(await live()).toBe(body("v1"));
  });

  it("refuses a record whose digest is not a digest", async () => {
    await forged("rbaddigest", { digest: "sha256:not-a-digest" });
    const refused = await command("rollback", ["--image", image, ...common(), "--to", "rbaddigest"]).catch(
      (e: unknown) => e,
    );
    expect((refused as Error).message).toMatch(
      /ledger record rbaddigest: digest 'sha256:not-a-digest' is not a digest/,
    );
  });

  it("a record of the configured repository deploys from it", async () => {
    await forged("rgood", {});
    const { result } = await command("rollback", ["--image", image, ...common(), "--to", "rgood"]);
    expect(result.outputs).toMatchObject({ digest: digests.v3, image: pinned("v3") });
    expect(await live()).toBe(body("v3"));
  });
});

describe("test results are signed only after provenance verified", () => {
  it("a refused digest gets no test-result attestation", async () => {
    const junit = join(work, "junit.xml");
    await writeFile(
      junit,
      '<testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t" classname="c"/></testsuite>',
    );
    const flags = ["--test-results", junit, "--signing-key-file", join(work, "k.key")];
    const refused = await deploy("v2", ...flags).catch((e: unknown) => e);
    expect((refused as Error).message).toContain(`refused ${pinned("v2")}`);
    const { referrers } = await listReferrers(stackClient(stack), repo, digests.v2 as string);
    expect(referrers.map((r) => r.annotations?.["dev.sigstore.bundle.predicateType"])).not.toContain(
      TEST_RESULT_V01,
    );
  });

  it("a verified digest gets one, and require-test-results then passes", async () => {
    const junit = join(work, "junit.xml");
    const flags = ["--test-results", junit, "--signing-key-file", join(work, "k.key")];
    const { result } = await deploy("v1", ...flags, "--require-test-results", "true");
    expect(result.failed).toBeFalsy();
    const { referrers } = await listReferrers(stackClient(stack), repo, digests.v1 as string);
    expect(referrers.map((r) => r.annotations?.["dev.sigstore.bundle.predicateType"])).toContain(
      TEST_RESULT_V01,
    );
  });
});
