// Failed gates and colors that cannot start, on the real stack: live keeps serving v1, the staged
// color is removed, the ledger records the failure, and start errors carry the container's logs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import type { DockerTarget, DockerTargetOptions } from "../../src/deploy/docker/target";
import { DeployFailedError } from "../../src/deploy/result";
import { httpChecksGate, type NamedGate, smokeGate, testResultsGate } from "../../src/gate/gates";
import type { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import {
  containers,
  dockerConfig,
  get,
  pushApp,
  registryLedger,
  sameTarget,
  testTarget,
  uniqueApp,
} from "./deploy.support";

const fixtures = new URL("../fixtures/junit/", import.meta.url).pathname;
const app = uniqueApp("fail");
const repo = `test/${app}`;
let target: DockerTarget;
let ledger: RegistryLedger;
let v1 = "";
let v2 = "";
let badEntrypoint = "";

function base(t: DockerTarget = target) {
  return {
    target: t,
    ledger,
    log: new MemoryLogger(),
    app,
    environment: "test",
    actor: "integration-test",
    previewGates: [httpChecksGate([{ path: "/healthz", retries: 2, intervalMs: 300 }])],
  };
}

beforeAll(async () => {
  const config = await dockerConfig();
  v1 = await pushApp(config, repo, "v1");
  v2 = await pushApp(config, repo, "v2");
  badEntrypoint = await pushApp(config, repo, "bad", `FROM ${v1}\nENTRYPOINT ["/no/such/server"]\n`);
  target = await testTarget(app, config, { startTimeoutMs: 8000 });
  ledger = registryLedger(`test/${app}-ledger`, "test");
  await deploy({ ...base(), image: v1 });
});
afterAll(() => target?.destroy());

async function expectRefused(attempt: Promise<unknown>, outcome: "failed" | "refused", detail: RegExp) {
  const error = await attempt.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeployFailedError);
  const result = (error as DeployFailedError).result;
  expect(result.outcome).toBe(outcome);
  expect(
    `${(error as Error).message}\n${(error as Error).cause ? String((error as Error).cause) : ""}\n${result.gates.map((g) => g.detail).join("\n")}`,
  ).toMatch(detail);
  expect((await get(result.liveUrl)).body).toBe("greenlight sample app v1");
  const names = environmentNames(app, "test");
  expect(await containers(app)).toEqual([names.colors.blue, names.router]);
  const newest = (await ledger.history()).at(-1);
  expect(newest).toMatchObject({ outcome, release: result.release, color: "green" });
  return result;
}

describe("a failed gate leaves live untouched", () => {
  it.each<
    [string, { preStageGates?: NamedGate[]; previewGates?: NamedGate[] }, "failed" | "refused", RegExp]
  >([
    [
      "HTTP check",
      { previewGates: [httpChecksGate([{ path: "/", body: "app v9", retries: 1, intervalMs: 200 }])] },
      "failed",
      /does not match \/app v9\//,
    ],
    [
      "smoke command",
      { previewGates: [smokeGate({ argv: ["sh", "-c", "echo smoke says no >&2; exit 2"] })] },
      "failed",
      /exit 2: smoke says no/,
    ],
    [
      "JUnit failure",
      { preStageGates: [testResultsGate(["vitest-one-failure.xml"], {}, fixtures)] },
      "refused",
      /1 failed or errored/,
    ],
    [
      "JUnit zero tests",
      { preStageGates: [testResultsGate(["empty.xml"], {}, fixtures)] },
      "refused",
      /0 tests ran, at least 1 required/,
    ],
    [
      "JUnit only skipped tests (real vitest output)",
      { preStageGates: [testResultsGate(["vitest/skipped-only.xml"], {}, fixtures)] },
      "refused",
      /0 tests ran \(1 skipped\), at least 1 required/,
    ],
  ])("%s", async (_name, gates, outcome, detail) => {
    const result = await expectRefused(deploy({ ...base(), ...gates, image: v2 }), outcome, detail);
    if (outcome === "refused")
      expect(result.timeline.map((s) => s.step)).toEqual(["lock", "pre-stage gates", "record"]);
  });
});

describe("a color that cannot start is never switched to", () => {
  it.each<[string, () => string, Partial<DockerTargetOptions>, RegExp]>([
    ["bad entrypoint", () => badEntrypoint, {}, /did not start: .*no\/such\/server/s],
    [
      "exits at once",
      () => v2,
      { env: { APP_EXIT_AFTER_MS: "0" } },
      /is (restarting|exited).*last log lines:\n.*APP_EXIT_AFTER_MS=0 reached, exiting with code 3/s,
    ],
    [
      "never healthy",
      () => v2,
      { env: { APP_UNHEALTHY: "1" } },
      /not ready after 8000 ms.*last log lines:\n.*greenlight sample app v2 listening on :8080/s,
    ],
  ])("%s", async (_name, image, extra, detail) => {
    await expectRefused(deploy({ ...base(sameTarget(target, extra)), image: image() }), "failed", detail);
  });
});
