import { describe, expect, it } from "vitest";
import { currentLive, latestByRelease, newReleaseId, pickRollbackTarget } from "../../../src/ledger/ledger";
import type { Outcome, ReleaseRecord } from "../../../src/ledger/record";

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** A record of release `r<n>` for digest `n`. */
function rec(
  n: number,
  outcome: Outcome,
  action: ReleaseRecord["action"] = "deploy",
  release = `r${n}`,
): ReleaseRecord {
  return {
    release,
    app: "app",
    environment: "prod",
    action,
    outcome,
    repository: "127.0.0.1:5000/acme/app",
    digest: digest(n),
    color: n % 2 ? "blue" : "green",
    gates: [],
    actor: "octocat",
    time: `2026-11-27T16:0${n}:00Z`,
  };
}

/** A failed record whose watch of the live endpoint failed: the digest went live and failed there. */
function watchFailed(record: ReleaseRecord): ReleaseRecord {
  return {
    ...record,
    gates: [{ name: "watch GET /healthz", kind: "watch", passed: false, detail: "503", durationMs: 1 }],
  };
}

describe("newReleaseId", () => {
  it.each([
    [new Date("2026-11-27T16:15:00.123Z"), `sha256:3f2a9c1${"0".repeat(57)}`, "r20261127T161500Z-3f2a9c1-"],
    [new Date("2027-01-02T03:04:05Z"), `sha256:${"ab".repeat(32)}`, "r20270102T030405Z-abababa-"],
  ])("%s", (now, d, prefix) => {
    const id = newReleaseId(now, d);
    expect(id.startsWith(prefix), id).toBe(true);
    expect(id).toMatch(/^r\d{8}T\d{6}Z-[0-9a-f]{7}-[0-9a-f]{6}$/);
  });

  it("is unique per attempt: the same digest deployed twice in one second gets two ids", () => {
    const now = new Date("2026-11-27T16:15:00Z");
    const ids = new Set(Array.from({ length: 50 }, () => newReleaseId(now, digest(1))));
    expect(ids.size).toBe(50);
  });
});

describe("latestByRelease", () => {
  it("keeps the newest record per release, ordered by it", () => {
    const records = [rec(1, "staged"), rec(2, "staged"), rec(1, "promoted", "promote")];
    expect(latestByRelease(records).map((s) => [s.record.release, s.record.outcome, s.index])).toEqual([
      ["r2", "staged", 1],
      ["r1", "promoted", 2],
    ]);
  });
});

describe("currentLive and pickRollbackTarget", () => {
  it.each([
    ["empty ledger", [], undefined, undefined],
    ["one promoted release: nothing to roll back to", [rec(1, "promoted")], 1, undefined],
    ["two promoted: previous is the target", [rec(1, "promoted"), rec(2, "promoted")], 2, 1],
    [
      "three promoted: the newest earlier",
      [rec(1, "promoted"), rec(2, "promoted"), rec(3, "promoted")],
      3,
      2,
    ],
    [
      "staged but not promoted is neither live nor a target",
      [rec(1, "promoted"), rec(2, "promoted"), rec(3, "staged")],
      2,
      1,
    ],
    ["refused release skipped", [rec(1, "promoted"), rec(2, "refused"), rec(3, "promoted")], 3, 1],
    [
      "watch failed: switched back, the earlier one is live again",
      [rec(1, "promoted"), rec(2, "promoted"), rec(3, "promoted"), rec(3, "failed")],
      2,
      1,
    ],
    [
      "a release rolled back is not a target",
      [
        rec(1, "promoted"),
        rec(2, "promoted"),
        rec(3, "promoted"),
        rec(3, "rolled-back", "rollback"),
        rec(2, "promoted", "rollback", "r9"),
      ],
      2,
      1,
    ],
    [
      "a digest that failed later (in another release) is not trusted",
      [
        rec(1, "promoted"),
        rec(2, "promoted"),
        watchFailed(rec(2, "failed", "deploy", "r7")),
        rec(4, "promoted"),
      ],
      4,
      1,
    ],
    [
      "a digest rolled back later (in another release) is not trusted",
      [
        rec(1, "promoted"),
        rec(2, "promoted"),
        rec(4, "promoted"),
        rec(2, "promoted", "deploy", "r7"),
        rec(2, "rolled-back", "rollback", "r7"),
        rec(4, "promoted", "rollback", "r8"),
      ],
      4,
      1,
    ],
    [
      "a later attempt of the same digest that failed before going live leaves the promoted release a target",
      [rec(1, "promoted"), rec(2, "promoted"), rec(4, "promoted"), rec(2, "failed", "deploy", "r7")],
      4,
      2,
    ],
    [
      "staged then promoted by a promote record",
      [rec(1, "promoted"), rec(2, "staged"), rec(2, "promoted", "promote")],
      2,
      1,
    ],
    [
      "a redeploy of the live digest is not a rollback target",
      [rec(1, "promoted"), rec(2, "promoted"), rec(2, "promoted", "deploy", "r8")],
      2,
      1,
    ],
    ["only failures", [rec(1, "failed"), rec(2, "refused")], undefined, undefined],
  ])("%s", (_name, records, live, target) => {
    expect(currentLive(records)?.digest).toBe(live === undefined ? undefined : digest(live));
    expect(pickRollbackTarget(records)?.digest).toBe(target === undefined ? undefined : digest(target));
  });

  it("excludeDigest overrides the live digest", () => {
    const records = [rec(1, "promoted"), rec(2, "promoted"), rec(3, "promoted")];
    expect(pickRollbackTarget(records, { excludeDigest: digest(2) })?.digest).toBe(digest(3));
  });
});
