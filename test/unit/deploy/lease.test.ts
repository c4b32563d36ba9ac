import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_LEASE,
  formatLease,
  heartbeat,
  leaseExpiresAt,
  leaseStale,
  leaseTiming,
  parseLease,
} from "../../../src/deploy/lease";

const t0 = Date.parse("2026-12-04T12:00:00.000Z");
const at = (ms: number) => new Date(t0 + ms).toISOString();

describe("leaseStale", () => {
  it.each([
    // renewed (ms after t0), validity, now (ms after t0), stale
    [0, 30_000, 0, false],
    [0, 30_000, 29_999, false],
    [0, 30_000, 30_000, true],
    [0, 30_000, 600_000, true],
    [20_000, 30_000, 45_000, false], // renewed since: fresh again
    [0, 5_000, 5_001, true],
    [10_000, 30_000, 0, false], // renewed "in the future" (a clock ahead): fresh
  ])("renewed at +%i ms, valid %i ms, now +%i ms: stale %s", (renewed, validityMs, now, stale) => {
    expect(leaseStale({ renewedAt: at(renewed), validityMs }, t0 + now)).toBe(stale);
  });

  it("an unreadable renewal time is stale", () => {
    expect(leaseStale({ renewedAt: "", validityMs: 30_000 }, t0)).toBe(true);
    expect(leaseStale({ renewedAt: "yesterday", validityMs: 30_000 }, t0)).toBe(true);
  });
});

describe("leaseExpiresAt", () => {
  it("is the last renewal plus the validity", () => {
    expect(leaseExpiresAt({ renewedAt: at(1_000), validityMs: 30_000 })).toBe(at(31_000));
  });
});

describe("lease file", () => {
  it("reads back what it writes", () => {
    const lease = { renewedAt: at(0), validityMs: 30_000 };
    expect(parseLease(formatLease(lease))).toEqual(lease);
  });
  it.each([
    ["", "empty"],
    ["{", "not JSON"],
    ['{"renewedAt":"x","validityMs":30000}', "no time"],
    [`{"renewedAt":"${at(0)}","validityMs":0}`, "no validity"],
    [`{"renewedAt":"${at(0)}"}`, "validity missing"],
  ])("refuses %j (%s)", (text) => expect(parseLease(text)).toBeUndefined());
});

describe("leaseTiming", () => {
  it("renews every third of the validity; the default is 30 s renewed every 10 s", () => {
    expect(leaseTiming(30)).toEqual(DEFAULT_LEASE);
    expect(leaseTiming(6)).toEqual({ validityMs: 6_000, renewMs: 2_000 });
  });
  it.each([0, 2, 3601, 1.5])("refuses %s seconds, naming the input", (seconds) => {
    expect(() => leaseTiming(seconds)).toThrow(/input 'lock-heartbeat'.*out of range/);
  });
});

describe("heartbeat (the Docker lock's and the Lease's renewals)", () => {
  it("renews every renewMs, keeps beating after a failed renewal, ends when a renewal finds the lock lost", async () => {
    vi.useFakeTimers();
    try {
      const outcomes: ("lost" | undefined | Error)[] = [undefined, new Error("engine away"), "lost"];
      let calls = 0;
      const beat = heartbeat(1000, async () => {
        const next = outcomes[calls++];
        if (next instanceof Error) throw next;
        return next;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(calls).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls).toBe(3);
      expect(beat.stopped).toBe(true);
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stop waits for the renewal in flight and no renewal follows", async () => {
    vi.useFakeTimers();
    try {
      let finish: () => void = () => undefined;
      let calls = 0;
      let ended = false;
      const beat = heartbeat(100, () => {
        calls++;
        return new Promise((resolve) => {
          finish = () => {
            ended = true;
            resolve(undefined);
          };
        });
      });
      await vi.advanceTimersByTimeAsync(100);
      const stopping = beat.stop();
      finish();
      await stopping;
      expect(ended).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
