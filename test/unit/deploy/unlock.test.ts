import { describe, expect, it } from "vitest";
import { decideUnlock } from "../../../src/deploy/unlock";

const now = Date.parse("2026-12-04T12:00:00.000Z");
const holder = (expiresInMs: number) => ({
  owner: "alice",
  expiresAt: new Date(now + expiresInMs).toISOString(),
  heartbeatAt: new Date(now + expiresInMs - 30_000).toISOString(),
});

describe("decideUnlock", () => {
  it.each([
    ["no lock", undefined, false, "free"],
    ["no lock, forced", undefined, true, "free"],
    ["fresh heartbeat", holder(20_000), false, "refuse"],
    ["fresh heartbeat, forced", holder(20_000), true, "break"],
    ["stale heartbeat", holder(-1), false, "break"],
    ["expires exactly now", holder(0), false, "break"],
    ["stale heartbeat, forced", holder(-60_000), true, "break"],
  ] as const)("%s: %s", (_, lock, force, decision) => {
    expect(decideUnlock(lock, force, now)).toBe(decision);
  });
});
