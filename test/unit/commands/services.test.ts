// The composition root builds each of a run's services once: two steps of one run (build then
// attest, verify then ledger, sign then gate) share the registry client, the ledger, the target,
// the signer and the parsed test results; two runs share nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RunServices } from "../../../src/commands/services";
import { MemoryLogger } from "../../../src/log";
import { generateKeyPair } from "../../../src/provenance/signers";
import { commandRunner } from "../../support/command";

const dir = mkdtempSync(join(tmpdir(), "greenlight-services-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const runner = commandRunner({ password: "", tempDir: () => dir });
const digest = `sha256:${"a".repeat(64)}`;
const junit = resolve("test/fixtures/junit/vitest/mixed.xml");

function services(flags: string[] = []): RunServices {
  const config = runner.configFor("deploy", [
    ...["--image", `127.0.0.1:5999/acme/shop@${digest}`, "--app", "shop"],
    ...["--test-results", junit, "--max-failures", "100"],
    ...flags,
  ]);
  return new RunServices(config, runner.context(new MemoryLogger()));
}

describe("RunServices: one run's services, each built once", () => {
  it("keeps one registry client per registry", () => {
    const s = services();
    expect(s.registryClient("127.0.0.1:5999")).toBe(s.registryClient("127.0.0.1:5999"));
    expect(s.registryClient("ghcr.io")).not.toBe(s.registryClient("127.0.0.1:5999"));
    expect(services().registryClient("127.0.0.1:5999")).not.toBe(s.registryClient("127.0.0.1:5999"));
  });

  it("builds the engine (target, ledger) once, on the run's ledger", async () => {
    const s = services();
    const engine = await s.engine();
    expect(await s.engine()).toBe(engine);
    expect(engine.ledger).toBe(s.ledger());
    expect(s.ledger(5)).not.toBe(s.ledger()); // a shorter walk (summary-history) is its own view
  });

  it("parses the test results once: the gate and the signed statement judge the same result", async () => {
    const s = services();
    const [gate] = s.preStageGates();
    expect(gate).toBeDefined();
    const first = await s.testResults();
    expect(await gate?.run({ digest, image: "x", color: "blue", previewUrl: "", liveUrl: "" })).toBe(first);
    expect(s.testResults()).toBe(s.testResults());
  });

  it("makes one signer, and the image and digest errors name the input", async () => {
    const key = join(dir, "cosign.key");
    writeFileSync(key, generateKeyPair().privateKeyPem);
    const s = services(["--signing", "key", "--signing-key-file", key]);
    expect(await s.signer()).toBe(await s.signer());
    expect(s.digest()).toBe(digest);
    const bare = new RunServices(
      runner.configFor("status", ["--app", "shop", "--ledger-repository", "127.0.0.1:5999/acme/shop"]),
      runner.context(new MemoryLogger()),
    );
    expect(() => bare.image()).toThrow(/command 'status' needs input 'image'/);
    expect(() => bare.digest()).toThrow(/command 'status' needs a digest/);
  });
});
