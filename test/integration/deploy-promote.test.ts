// Manual promotion on the real stack: a staged color waits on preview; promote switches to it only
// when the ledger says its gates passed; a failing watch switches back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { promote } from "../../src/deploy/promote";
import { reject } from "../../src/deploy/reject";
import { DeployFailedError } from "../../src/deploy/result";
import { httpChecksGate, watchGate } from "../../src/gate/gates";
import { MemoryLogger } from "../../src/log";
import {
  dockerConfig,
  get,
  MemoryLedger,
  pushApp,
  sameTarget,
  testTarget,
  uniqueApp,
} from "./deploy.support";

const app = uniqueApp("promote");
let target: DockerTarget;
const ledger = new MemoryLedger();
const images: Record<string, string> = {};
const options = (t: DockerTarget = target) => ({
  target: t,
  ledger,
  log: new MemoryLogger(),
  app,
  environment: "test",
  actor: "test",
  previewGates: [httpChecksGate([{ path: "/healthz" }])],
  // provenance is not what these tests are about: a switch is verified by a check that passes
  verify: async () => undefined,
});

beforeAll(async () => {
  const config = await dockerConfig();
  for (const v of ["v1", "v2", "v3"]) images[v] = await pushApp(config, `test/${app}`, v);
  target = await testTarget(app, config);
  await deploy({ ...options(), image: images.v1 as string });
});
afterAll(() => target?.destroy());

describe("manual promotion", () => {
  it("stages v2 on preview and leaves live on v1", async () => {
    const result = await deploy({ ...options(), image: images.v2 as string, promotion: "manual" });
    expect(result).toMatchObject({ outcome: "staged", color: "green", liveColor: "blue" });
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v1");
    expect((await get(result.previewUrl)).body).toBe("greenlight sample app v2");
  });

  it("promote switches to the staged color and carries its gate results", async () => {
    const result = await promote(options());
    expect(result).toMatchObject({
      action: "promote",
      outcome: "promoted",
      color: "green",
      liveColor: "green",
    });
    expect(result.gates.map((g) => g.kind)).toEqual(["http"]);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
  });

  it("promote refuses a color whose release was not staged with passing gates", async () => {
    await expect(promote({ ...options(), color: "blue" })).rejects.toThrow(
      /not staged with passing gates \(its newest record is 'promoted'\)/,
    );
    expect((await get(target.endpoints().liveUrl)).body).toBe("greenlight sample app v2");
  });

  it("a watch that fails after the switch switches back and records the failure", async () => {
    // v3 dies 4 s after it starts: it passes its preview gate, then fails the watch
    const dying = sameTarget(target, { env: { APP_EXIT_AFTER_MS: "4000" } });
    const watch = watchGate({
      checks: [{ path: "/healthz", timeoutMs: 1000 }],
      seconds: 20,
      intervalSeconds: 0.5,
      failureThreshold: 2,
    });
    const error = await deploy({ ...options(dying), watch, image: images.v3 as string }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeployFailedError);
    const result = (error as DeployFailedError).result;
    expect(result).toMatchObject({ outcome: "failed", color: "blue", liveColor: "green" });
    expect(result.reason).toMatch(/watch of the live endpoint failed; switched back to green/);
    expect(result.timeline.map((s) => s.step)).toEqual([
      "lock",
      "stage",
      "preview",
      "preview gates",
      "switch",
      "watch",
      "switch back",
      "record",
    ]);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
    expect(ledger.records.at(-1)).toMatchObject({ outcome: "failed", digest: images.v3?.split("@")[1] });
  });
  it("reject throws a staged release away: its color stops, preview shows live, the ledger says failed", async () => {
    const staged = await deploy({ ...options(), image: images.v1 as string, promotion: "manual" });
    expect(staged).toMatchObject({ outcome: "staged", color: "blue", liveColor: "green" });
    const result = await reject({ ...options(), reason: "not today" });
    expect(result).toMatchObject({ action: "reject", outcome: "failed", color: "blue", liveColor: "green" });
    expect((await target.readState()).colors.blue).toBeUndefined();
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v2");
    expect((await get(result.previewUrl)).body).toBe("greenlight sample app v2");
    expect((await ledger.history()).at(-1)).toMatchObject({
      action: "reject",
      outcome: "failed",
      release: staged.release,
      reason: "not today",
    });
    await expect(reject(options())).rejects.toThrow(/no staged color to reject/);
  });
});
