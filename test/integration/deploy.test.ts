// Full blue-green cycle on the real stack: dockerd, the htpasswd registry, the HAProxy router image,
// and the real RegistryLedger. v1 -> v2 (gated, promoted) -> v3 (smoke fails, v2 stays live) ->
// rollback to v1 (deployed through the gates) -> rollback by switch to the warm v2.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { formatPlan } from "../../src/deploy/plan";
import { rollback } from "../../src/deploy/promote";
import { DeployFailedError } from "../../src/deploy/result";
import { planFor, status } from "../../src/deploy/status";
import type { GreenlightError } from "../../src/errors";
import { httpChecksGate, smokeGate, testResultsGate, watchGate } from "../../src/gate/gates";
import type { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import {
  containers,
  dockerConfig,
  get,
  pushApp,
  registryLedger,
  testTarget,
  uniqueApp,
} from "./deploy.support";

const fixtures = new URL("../fixtures/junit/", import.meta.url).pathname;
const app = uniqueApp("cycle");
const repo = `test/${app}`;
let target: DockerTarget;
let ledger: RegistryLedger;
const images: Record<string, string> = {};

/** A smoke command (argv, no shell) that asserts the preview serves `version`. */
const smoke = (version: string) =>
  smokeGate({
    argv: [
      process.execPath,
      "-e",
      `fetch(process.env.PREVIEW_URL).then(r => r.text()).then(t => { if (!t.includes(${JSON.stringify(version)})) { console.error("preview served: " + t); process.exit(1); } })`,
    ],
  });

function options(version: string, log = new MemoryLogger()) {
  return {
    target,
    ledger,
    log,
    app,
    environment: "test",
    actor: "integration-test",
    runUrl: "https://github.com/acme/app/actions/runs/1",
    preStageGates: [testResultsGate(["vitest-pass.xml"], {}, fixtures)],
    previewGates: [
      httpChecksGate([{ path: "/healthz" }, { path: "/", body: `app ${version}` }]),
      smoke(version),
    ],
    watch: watchGate({ checks: [{ path: "/healthz" }], seconds: 2, intervalSeconds: 0.5 }),
    // provenance is not what these tests are about: a switch is verified by a check that passes
    verify: async () => undefined,
  };
}

beforeAll(async () => {
  const config = await dockerConfig();
  for (const version of ["v1", "v2", "v3"]) images[version] = await pushApp(config, repo, version);
  target = await testTarget(app, config);
  ledger = registryLedger(`test/${app}-ledger`, "test");
});
afterAll(() => target?.destroy());

describe("blue-green cycle", () => {
  it("deploys v1 to blue and serves it live", async () => {
    const result = await deploy({ ...options("v1"), image: images.v1 as string });
    expect(result).toMatchObject({
      outcome: "promoted",
      color: "blue",
      liveColor: "blue",
      digest: images.v1?.split("@")[1],
    });
    expect(result.previousDigest).toBeUndefined();
    expect(result.gates.map((g) => [g.kind, g.passed])).toEqual([
      ["test-results", true],
      ["http", true],
      ["http", true],
      ["command", true],
      ["watch", true],
      ["watch", true],
    ]);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v1");
    expect(result.timeline.map((s) => s.step)).toEqual([
      "lock",
      "pre-stage gates",
      "stage",
      "preview",
      "preview gates",
      "switch",
      "watch",
      "record",
    ]);
  });

  it("deploys v2 to green, keeps v1 warm on preview", async () => {
    const result = await deploy({ ...options("v2"), image: images.v2 as string });
    expect(result).toMatchObject({
      outcome: "promoted",
      color: "green",
      previousDigest: images.v1?.split("@")[1],
    });
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
    expect((await get(result.previewUrl)).body).toBe("greenlight sample app v1");
  });

  it("rerunning the same deploy converges without a switch", async () => {
    const result = await deploy({ ...options("v2"), image: images.v2 as string });
    expect(result.outcome).toBe("unchanged");
    expect(result.timeline.map((s) => s.step)).toEqual(["lock"]);
  });

  it("refuses v3 whose smoke command fails: v2 stays live, blue is retired, the ledger says failed", async () => {
    const attempt = deploy({ ...options("v3"), previewGates: [smoke("v9")], image: images.v3 as string });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployFailedError);
    const result = (error as DeployFailedError).result;
    expect(result).toMatchObject({ outcome: "failed", color: "blue", liveColor: "green" });
    expect(result.gates.at(-1)?.detail).toMatch(/exit 1: preview served: greenlight sample app v3/);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
    const names = environmentNames(app, "test");
    expect(await containers(app)).toEqual([names.colors.green, names.router]);
    const newest = (await ledger.history()).at(-1);
    expect(newest).toMatchObject({
      outcome: "failed",
      digest: images.v3?.split("@")[1],
      release: result.release,
    });
  });

  it("rollback without a warm color says which digest to roll back to", async () => {
    await expect(rollback(options("v1"))).rejects.toThrow(/no warm previous color/);
    const error = (await rollback(options("v1")).catch((e: unknown) => e)) as GreenlightError;
    expect(error.hint).toContain(`to: ${images.v1}`);
  });

  it("rolls back to v1 by deploying it through the gates", async () => {
    const result = await rollback({ ...options("v1"), to: images.v1 as string });
    expect(result).toMatchObject({ action: "rollback", outcome: "promoted", color: "blue" });
    expect(result.gates.every((g) => g.passed)).toBe(true);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v1");
    expect((await get(result.previewUrl)).body).toBe("greenlight sample app v2");
  });

  it("rolls back by switching to the warm color the ledger names, verified under the lock", async () => {
    const verified: string[] = [];
    const result = await rollback({
      ...options("v2"),
      previewGates: [httpChecksGate([{ path: "/", body: "app v2" }])],
      verify: async (digest) => {
        verified.push(digest);
        return { verified: true, detail: "checked by the test" };
      },
    });
    expect(verified).toEqual([images.v2?.split("@")[1]]);
    expect(result).toMatchObject({
      action: "rollback",
      outcome: "promoted",
      color: "green",
      liveColor: "green",
    });
    expect(result.timeline.map((s) => s.step)).toEqual([
      "lock",
      "verify",
      "preview gates",
      "switch",
      "record", // the release left (rolled-back) and the one now live (promoted), in one ledger write
    ]);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
    const history = await ledger.history();
    expect(history.slice(-2).map((r) => [r.outcome, r.digest])).toEqual([
      ["rolled-back", images.v1?.split("@")[1]],
      ["promoted", images.v2?.split("@")[1]],
    ]);
  });

  it("status reports live, warm and no drift; a dry run plans without changing anything", async () => {
    const report = await status({ target, ledger });
    expect(report).toMatchObject({
      liveDigest: images.v2?.split("@")[1],
      previewDigest: images.v1?.split("@")[1],
      warm: { color: "blue", digest: images.v1?.split("@")[1] },
      drift: [],
    });
    expect(report.ledgerLive?.digest).toBe(images.v2?.split("@")[1]);
    const plan = await planFor({ ...options("v3"), image: images.v3 as string, watchSeconds: 2 });
    expect(formatPlan(plan)).toContain("watch live for 2s");
    expect(formatPlan(plan)).toContain(`retire blue, which runs ${images.v1?.split("@")[1]} (running)`);
    expect((await status({ target, ledger })).state.colors.blue?.digest).toBe(images.v1?.split("@")[1]);
  });

  it("status finds drift: a color changed behind greenlight's back", async () => {
    await target.start({
      color: "blue",
      image: images.v3 as string,
      digest: images.v3?.split("@")[1] as string,
      release: "r-manual",
    });
    const drift = (await status({ target, ledger })).drift.map((d) => d.detail);
    expect(drift).toEqual([
      expect.stringMatching(/blue runs release r-manual .* which the ledger does not know/),
    ]);
  });
});
