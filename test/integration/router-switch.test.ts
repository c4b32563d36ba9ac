// The switch under load on the real router: keep-alive clients poll the live port while live is
// switched back and forth through the runtime API; not one request may fail. Also: a restarted
// router comes back with the last switch (the map file is rewritten), and reruns after a crash
// at "staged" and at "switched, not recorded" converge while live keeps answering.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { exec } from "../../src/exec";
import { newReleaseId } from "../../src/ledger/ledger";
import { MemoryLogger } from "../../src/log";
import { dockerConfig, get, MemoryLedger, pushApp, testTarget, uniqueApp } from "./deploy.support";

const app = uniqueApp("router");
let target: DockerTarget;
const ledger = new MemoryLedger();
let v1 = "";
let v2 = "";
let v3 = "";

const options = () => ({ target, ledger, log: new MemoryLogger(), app, environment: "test", actor: "test" });

/** Polls the live URL with `workers` keep-alive clients until stopped; counts bodies and failures. */
function poll(url: string, workers: number) {
  const seen = new Map<string, number>();
  const failures: string[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        const body = (await response.text()).trim();
        if (response.status !== 200) failures.push(`${response.status} ${body.slice(0, 60)}`);
        else seen.set(body, (seen.get(body) ?? 0) + 1);
      } catch (error) {
        failures.push(String((error as Error).cause ?? error));
      }
    }
  });
  return {
    seen,
    failures,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return [...seen.values()].reduce((a, b) => a + b, 0) + failures.length;
    },
  };
}

beforeAll(async () => {
  const config = await dockerConfig();
  v1 = await pushApp(config, `test/${app}`, "v1");
  v2 = await pushApp(config, `test/${app}`, "v2");
  v3 = await pushApp(config, `test/${app}`, "v3");
  target = await testTarget(app, config);
  await deploy({ ...options(), image: v1 });
  await deploy({ ...options(), image: v2 });
});
afterAll(() => target?.destroy());

describe("router switch", () => {
  it("switches live 10 times under keep-alive load without a failed request", async () => {
    const poller = poll(target.endpoints().liveUrl, 8);
    const durations: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await target.switchLive(i % 2 === 0 ? "blue" : "green");
      durations.push(Math.round(performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const total = await poller.stop();
    console.log(
      `router switch: ${total} requests, ${poller.failures.length} failed, switch calls ${durations.join(", ")} ms`,
      Object.fromEntries(poller.seen),
    );
    if (poller.failures.length) {
      const logs = await exec("docker", ["logs", "--tail", "30", environmentNames(app, "test").router]);
      console.log(`router log:\n${logs.stdout}${logs.stderr}`);
    }
    expect(poller.failures).toEqual([]);
    expect([...poller.seen.keys()].sort()).toEqual(["greenlight sample app v1", "greenlight sample app v2"]);
    expect((await target.readState()).live).toBe("green");
  });

  it("a restarted router keeps the last switch", async () => {
    await target.switchLive("blue");
    await exec("docker", ["restart", environmentNames(app, "test").router]);
    await target.prepare();
    expect((await target.readState()).live).toBe("blue");
    expect((await get(target.endpoints().liveUrl)).body).toBe("greenlight sample app v1");
    await target.switchLive("green");
  });

  it("a rerun after a crash at 'staged' reuses the staged color and converges", async () => {
    // what a run killed right after staging leaves behind: v3 running as blue, its lock not released
    // (a 1 ms lease that is never renewed: the heartbeat of a killed run)
    const crashed = await target.acquireLock({
      owner: "killed-run",
      ttlMs: 1,
      waitMs: 0,
      lease: { validityMs: 1, renewMs: 3_600_000 },
    });
    const release = newReleaseId(new Date(), v3.split("@")[1] as string);
    await target.start({ color: "blue", image: v3, digest: v3.split("@")[1] as string, release });
    void crashed;
    const poller = poll(target.endpoints().liveUrl, 4);
    const result = await deploy({ ...options(), image: v3 });
    await poller.stop();
    expect(poller.failures).toEqual([]);
    expect(result).toMatchObject({ outcome: "promoted", color: "blue", release });
    expect(result.timeline.map((s) => s.step)).not.toContain("stage");
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v3");
  });

  it("a rerun after a crash between switch and record records the release without switching", async () => {
    const release = newReleaseId(new Date(Date.now() + 1000), v1.split("@")[1] as string);
    await target.start({ color: "green", image: v1, digest: v1.split("@")[1] as string, release });
    await target.switchLive("green"); // switched, then killed before the ledger write
    const before = ledger.records.length;
    const poller = poll(target.endpoints().liveUrl, 4);
    const result = await deploy({ ...options(), image: v1 });
    await poller.stop();
    expect(poller.failures).toEqual([]);
    expect(result).toMatchObject({ outcome: "promoted", color: "green", release });
    expect(result.timeline.map((s) => s.step)).toEqual(["lock", "record"]);
    expect(ledger.records.slice(before).map((r) => [r.release, r.outcome])).toEqual([[release, "promoted"]]);
    expect((await get(result.liveUrl)).body).toBe("greenlight sample app v1");
  });
});
