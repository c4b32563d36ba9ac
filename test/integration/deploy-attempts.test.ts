// Every deploy attempt is its own release, and a failed attempt never rewrites an earlier release's
// record. The scenario found by hand: v1 promoted, then v2 promoted (v1 kept warm), then v1 deployed
// again and its preview check failed. That attempt used to take over the warm v1 color under v1's
// release id, retire it and record that earlier release as failed, so `rollback` then found "no
// warm previous color and no earlier healthy release".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { rollback } from "../../src/deploy/promote";
import { DeployFailedError } from "../../src/deploy/result";
import { httpChecksGate } from "../../src/gate/gates";
import { pickRollbackTarget } from "../../src/ledger/ledger";
import type { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { dockerConfig, get, pushApp, registryLedger, testTarget, uniqueApp } from "./deploy.support";

const app = uniqueApp("attempt");
const repo = `test/${app}`;
let target: DockerTarget;
let ledger: RegistryLedger;
let v1 = "";
let v2 = "";

const healthy = [httpChecksGate([{ path: "/healthz", retries: 2, intervalMs: 300 }])];
// stands in for the check against the wrong preview port: the preview answers, but not as checked
const failing = [httpChecksGate([{ path: "/", body: "app v9", retries: 0 }])];

function base(previewGates = healthy) {
  return {
    target,
    ledger,
    log: new MemoryLogger(),
    app,
    environment: "test",
    actor: "integration-test",
    previewGates,
  };
}

beforeAll(async () => {
  const config = await dockerConfig();
  v1 = await pushApp(config, repo, "v1");
  v2 = await pushApp(config, repo, "v2");
  target = await testTarget(app, config);
  ledger = registryLedger(repo, "test");
});
afterAll(() => target?.destroy());

describe("a failed redeploy of the warm previous digest", () => {
  it("gets its own release id, leaves the earlier release's records alone, and rollback still has it", async () => {
    const first = await deploy({ ...base(), image: v1 });
    const second = await deploy({ ...base(), image: v2 });
    expect(second.release).not.toBe(first.release);
    const before = await ledger.history();
    const ofFirst = (records: typeof before) => records.filter((r) => r.release === first.release);
    expect(pickRollbackTarget(before)?.release).toBe(first.release);

    const error = await deploy({ ...base(failing), image: v1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployFailedError);
    const attempt = (error as DeployFailedError).result;
    expect(attempt.outcome).toBe("failed");
    expect(attempt.release).not.toBe(first.release);
    expect(attempt.release).not.toBe(second.release);

    const after = await ledger.history();
    expect(ofFirst(after)).toEqual(ofFirst(before));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => [r.release, r.outcome])).toEqual([
      [attempt.release, "failed"],
    ]);
    expect((await get(attempt.liveUrl)).body).toBe("greenlight sample app v2");
    // the earlier, promoted release of v1 is still the rollback target
    expect(pickRollbackTarget(after)?.release).toBe(first.release);

    // and a rollback to it goes through (a redeploy through the gates: the failed attempt's color is gone)
    const back = await rollback({
      ...base(),
      to: `${pickRollbackTarget(after)?.repository}@${v1.split("@")[1]}`,
    });
    expect(back.outcome).toBe("promoted");
    expect(back.release).not.toBe(first.release);
    expect((await get(back.liveUrl)).body).toBe("greenlight sample app v1");
  });
});
