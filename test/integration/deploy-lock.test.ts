// The environment lock on the real engine: two deploys at once, exactly one proceeds; the other
// waits (bounded) and fails naming the holder and its run URL; a stale lock is taken over.

import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import { environmentNames } from "../../src/deploy/docker/names";
import type { DockerTarget } from "../../src/deploy/docker/target";
import type { NamedGate } from "../../src/gate/gates";
import { MemoryLogger } from "../../src/log";
import { dockerConfig, get, MemoryLedger, pushApp, testTarget, uniqueApp } from "./deploy.support";

const app = uniqueApp("lock");
let target: DockerTarget;
let v1 = "";

/** A real (slow) preview gate: holds the first deploy inside its lock for a while. */
const slowGate: NamedGate = {
  name: "slow check",
  kind: "http",
  run: async (context) => {
    await sleep(4000);
    const seen = await get(context.previewUrl);
    return {
      name: "slow check",
      kind: "http",
      passed: seen.status === 200,
      detail: `${seen.status}`,
      durationMs: 4000,
    };
  },
};

beforeAll(async () => {
  const config = await dockerConfig();
  v1 = await pushApp(config, `test/${app}`, "v1");
  target = await testTarget(app, config);
});
afterAll(() => target?.destroy());

describe("deploy lock", () => {
  it("lets exactly one of two concurrent deploys proceed; the other fails naming the holder", async () => {
    const ledger = new MemoryLedger();
    const common = { target, ledger, app, environment: "test", image: v1, lockTimeoutMs: 2000 };
    const outcomes = await Promise.allSettled([
      deploy({
        ...common,
        log: new MemoryLogger(),
        actor: "alice",
        runUrl: "https://ci.example/runs/1",
        previewGates: [slowGate],
      }),
      sleep(500).then(() =>
        deploy({
          ...common,
          log: new MemoryLogger(),
          actor: "bob",
          runUrl: "https://ci.example/runs/2",
          previewGates: [slowGate],
        }),
      ),
    ]);
    const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
    expect(winners).toHaveLength(1);
    const [winner, loser] = winners[0] === 0 ? ["alice", 1] : ["bob", 0];
    const runUrl = winner === "alice" ? "https://ci.example/runs/1" : "https://ci.example/runs/2";
    const reason = (outcomes[loser as number] as PromiseRejectedResult).reason as Error;
    expect(reason.message).toContain(
      `${environmentNames(app, "test").lock} is held by ${winner} (${runUrl}), until `,
    );
    expect((await ledger.history()).map((r) => r.actor)).toEqual([winner]);
    expect((await get(target.endpoints().liveUrl)).body).toBe("greenlight sample app v1");
  });

  it("a second deploy that waits long enough proceeds after the first releases", async () => {
    const holder = await target.acquireLock({ owner: "carol", ttlMs: 60_000, waitMs: 0 });
    const waiting = target.acquireLock({ owner: "dave", ttlMs: 60_000, waitMs: 20_000 });
    await sleep(1500);
    await holder.release();
    const taken = await waiting;
    expect(taken.info.owner).toBe("dave");
    expect((await target.readState()).lock?.owner).toBe("dave");
    await taken.release();
    expect((await target.readState()).lock).toBeUndefined();
  });

  it("takes over a stale lock, and the stale holder's release does not remove the new lock", async () => {
    // a holder whose heartbeat stopped: a 1 ms lease, not renewed before it runs out
    const stale = await target.acquireLock({
      owner: "crashed-run",
      ttlMs: 60_000,
      waitMs: 0,
      lease: { validityMs: 1, renewMs: 60_000 },
    });
    await sleep(10);
    const fresh = await target.acquireLock({ owner: "erin", ttlMs: 60_000, waitMs: 0 });
    await stale.release();
    expect((await target.readState()).lock?.owner).toBe("erin");
    await fresh.release();
  });

  it("a live holder's heartbeat keeps the lock long past one lease; another run waits and fails naming it", async () => {
    const lease = { validityMs: 1500, renewMs: 500 };
    const holder = await target.acquireLock({ owner: "frank", ttlMs: 60_000, waitMs: 0, lease });
    try {
      await sleep(4 * lease.validityMs);
      const held = (await target.readState()).lock;
      expect(held?.owner).toBe("frank");
      expect(Date.parse(held?.heartbeatAt ?? "")).toBeGreaterThan(Date.now() - 2 * lease.validityMs);
      await expect(target.acquireLock({ owner: "grace", ttlMs: 60_000, waitMs: 1000 })).rejects.toThrow(
        /--test--lock is held by frank, until .* \(last heartbeat /,
      );
    } finally {
      await holder.release();
    }
    expect((await target.readState()).lock).toBeUndefined();
  });

  it("a holder whose lock is removed under it finds out at its next heartbeat", async () => {
    let lost = "";
    const holder = await target.acquireLock({
      owner: "heidi",
      ttlMs: 60_000,
      waitMs: 0,
      lease: { validityMs: 3000, renewMs: 300 },
      onLost: (why) => {
        lost = why;
      },
    });
    const held = (await target.readState()).lock;
    expect(held?.id).toBeTruthy();
    await target.breakLock(held as NonNullable<typeof held>);
    for (let i = 0; i < 50 && !lost; i++) await sleep(100);
    expect(lost).toMatch(/the lock \S+--test--lock was removed/);
    await holder.release();
  });
});
