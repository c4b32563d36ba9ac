import { describe, expect, it } from "vitest";
import { computeMetrics, provisioning, spread } from "../../../src/ledger/metrics";
import type { Outcome, RecordedStep, ReleaseRecord } from "../../../src/ledger/record";

const NOW = new Date("2026-12-01T00:00:00Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;
const WINDOW = 30 * DAY;
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow).toISOString();

/** A deploy's timeline: stage, preview and preview gates (all ok), switch and watch. */
const deployed = (stage: number, gates: number, watch = 3000): RecordedStep[] => [
  { step: "lock", ok: true, durationMs: 100 },
  { step: "stage", ok: true, durationMs: stage },
  { step: "preview", ok: true, durationMs: 100 },
  { step: "preview gates", ok: true, durationMs: gates },
  { step: "switch", ok: true, durationMs: 50 },
  { step: "watch", ok: true, durationMs: watch },
];

function rec(
  release: string,
  outcome: Outcome,
  time: string,
  extra: Partial<ReleaseRecord> = {},
): ReleaseRecord {
  return {
    release,
    app: "app",
    environment: "prod",
    action: "deploy",
    outcome,
    repository: "127.0.0.1:5000/acme/app",
    digest: `sha256:${release.padEnd(64, "0")}`,
    color: "blue",
    gates: [],
    actor: "octocat",
    time,
    ...extra,
  };
}

const watchFailedGate = {
  name: "watch GET /healthz",
  kind: "watch" as const,
  passed: false,
  detail: "503",
  durationMs: 5000,
};
/** The watch failed and the run switched back: 50 switch, 5000 watch, 60 switch back. */
const watchFailedTimeline: RecordedStep[] = [
  ...deployed(1000, 900).slice(0, 5),
  { step: "watch", ok: false, durationMs: 5000 },
  { step: "switch back", ok: true, durationMs: 60 },
];
const rollbackTimeline: RecordedStep[] = [
  { step: "lock", ok: true, durationMs: 500 },
  { step: "preview gates", ok: true, durationMs: 1000 },
  { step: "switch", ok: true, durationMs: 100 },
  { step: "record", ok: true, durationMs: 200 },
];

/** Two hundred promotions one hour apart, the newest an hour ago. */
const hourly = Array.from({ length: 200 }, (_, i) =>
  rec(`h${String(i).padStart(3, "0")}`, "promoted", at((200 - i) * HOUR), { timeline: deployed(1000, 1000) }),
);

interface Case {
  name: string;
  records: ReleaseRecord[];
  truncated?: boolean;
  expected: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: "no releases",
    records: [],
    expected: {
      promotions: 0,
      promotionsPerDay: 0,
      changeFailureRate: undefined,
      testCoverage: undefined,
      timeToRecovery: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
      rollbackTime: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
      cutByWalkLimit: false,
      coveredDays: 30,
      recordsRead: 0,
    },
  },
  {
    name: "only failures: a refusal and a failed preview gate",
    records: [
      rec("a", "refused", at(3 * DAY)),
      rec("b", "failed", at(2 * DAY), {
        timeline: [
          { step: "stage", ok: true, durationMs: 1000 },
          { step: "preview", ok: true, durationMs: 100 },
          { step: "preview gates", ok: false, durationMs: 400 },
        ],
      }),
    ],
    expected: {
      promotions: 0,
      changeFailureRate: undefined,
      failedPromotions: 0,
      outcomes: { staged: 0, promoted: 0, failed: 1, refused: 1, "rolled-back": 0, unlocked: 0 },
      provisioningTime: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
      timeToRecovery: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
    },
  },
  {
    name: "two promotions and one whose watch failed and switched back",
    records: [
      rec("a", "promoted", at(3 * DAY), { timeline: deployed(2000, 900) }),
      rec("b", "promoted", at(2 * DAY), { timeline: deployed(4000, 1900) }),
      rec("c", "failed", at(1 * DAY), { gates: [watchFailedGate], timeline: watchFailedTimeline }),
    ],
    expected: {
      promotions: 3,
      promotionsPerDay: 0.1,
      failedPromotions: 1,
      changeFailureRate: 1 / 3,
      // stage + preview + preview gates: 3000, 6000, 2000
      provisioningTime: { count: 3, medianMs: 3000, p90Ms: 6000, worstMs: 6000 },
      // watch 5000 + switch back 60
      timeToRecovery: { count: 1, medianMs: 5060, p90Ms: 5060, worstMs: 5060 },
      incidents: [{ release: "c", recovery: "switch-back", durationMs: 5060 }],
    },
  },
  {
    name: "promoted, then rolled back by a switch an hour later",
    records: [
      rec("a", "promoted", at(10 * HOUR), { timeline: deployed(2000, 1000) }),
      rec("b", "promoted", at(9 * HOUR), { timeline: deployed(2000, 1000) }),
      rec("b", "rolled-back", at(8 * HOUR), { action: "rollback" }),
      rec("a", "promoted", at(8 * HOUR - 1000), { action: "rollback", timeline: rollbackTimeline }),
    ],
    expected: {
      promotions: 2,
      failedPromotions: 1,
      changeFailureRate: 0.5,
      rollbackTime: { count: 1, medianMs: 1800, p90Ms: 1800, worstMs: 1800 },
      // b went live 9 h before now; a was live again 8 h - 1 s before now
      timeToRecovery: { count: 1, medianMs: HOUR + 1000, p90Ms: HOUR + 1000, worstMs: HOUR + 1000 },
      incidents: [{ release: "b", recovery: "rollback", durationMs: HOUR + 1000 }],
    },
  },
  {
    name: "rolled back with to: to an earlier digest as a new release",
    records: [
      rec("a", "promoted", at(10 * HOUR)),
      rec("b", "promoted", at(6 * HOUR)),
      rec("a2", "promoted", at(4 * HOUR), { action: "rollback", timeline: rollbackTimeline }),
    ],
    expected: {
      promotions: 2,
      failedPromotions: 1,
      timeToRecovery: { count: 1, medianMs: 2 * HOUR, p90Ms: 2 * HOUR, worstMs: 2 * HOUR },
    },
  },
  {
    name: "a rollback before any success the walk saw",
    records: [
      rec("x", "rolled-back", at(5 * HOUR), { action: "rollback" }),
      rec("y", "promoted", at(5 * HOUR - 1000), { action: "rollback", timeline: rollbackTimeline }),
    ],
    expected: {
      promotions: 0,
      failedPromotions: 0,
      changeFailureRate: undefined,
      rollbackTime: { count: 1, medianMs: 1800, p90Ms: 1800, worstMs: 1800 },
      timeToRecovery: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
    },
  },
  {
    name: "clock skew: the rollback is timed before the release it rolled back",
    records: [
      rec("a", "promoted", at(10 * HOUR)),
      rec("b", "promoted", at(9 * HOUR)),
      rec("a2", "promoted", at(9.5 * HOUR), { action: "rollback" }),
    ],
    expected: {
      promotions: 2,
      failedPromotions: 1,
      skewedIntervals: 1,
      timeToRecovery: { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined },
      incidents: [{ release: "b", recovery: "rollback", durationMs: undefined }],
    },
  },
  {
    name: "a release still failing: rolled-back record without a promotion after it",
    records: [
      rec("a", "promoted", at(3 * HOUR)),
      rec("a", "rolled-back", at(2 * HOUR), { action: "rollback" }),
    ],
    expected: {
      failedPromotions: 1,
      incidents: [{ release: "a", recovery: "open", durationMs: undefined }],
    },
  },
  {
    name: "manual promotion: staged, then promoted; test coverage from the verification",
    records: [
      rec("a", "staged", at(2 * DAY), {
        timeline: deployed(1500, 500).slice(0, 4),
        verification: { verified: true, detail: "ok signature, ok test results" },
      }),
      rec("a", "promoted", at(2 * DAY - HOUR), { action: "promote" }),
      rec("b", "promoted", at(DAY), { verification: { verified: true, detail: "ok signature, ok source" } }),
    ],
    expected: {
      promotions: 2,
      testGatedPromotions: 1,
      testCoverage: 0.5,
      provisioningTime: { count: 1, medianMs: 2100, p90Ms: 2100, worstMs: 2100 },
      outcomes: { staged: 0, promoted: 2, failed: 0, refused: 0, "rolled-back": 0, unlocked: 0 },
    },
  },
  {
    name: "records older than the window do not count",
    records: [rec("old", "promoted", at(40 * DAY)), rec("new", "promoted", at(DAY))],
    expected: { promotions: 1, recordsRead: 2, recordsInWindow: 1 },
  },
  {
    name: "more than 200 records: the walk stopped inside the window",
    records: hourly,
    truncated: true,
    expected: {
      cutByWalkLimit: true,
      promotions: 200,
      coveredDays: 200 / 24,
      promotionsPerDay: 24,
      windowStart: at(200 * HOUR),
    },
  },
  {
    name: "the walk stopped but its oldest record is before the window: nothing was cut",
    records: [rec("old", "promoted", at(31 * DAY)), rec("new", "promoted", at(DAY))],
    truncated: true,
    expected: { cutByWalkLimit: false, coveredDays: 30, promotions: 1 },
  },
];

describe("computeMetrics", () => {
  it.each(cases)("$name", ({ records, truncated, expected }) => {
    const metrics = computeMetrics(records, {
      environment: "prod",
      now: NOW,
      windowMs: WINDOW,
      truncated: truncated ?? false,
    });
    for (const [key, value] of Object.entries(expected)) {
      const actual = (metrics as unknown as Record<string, unknown>)[key];
      if (typeof value === "number") expect(actual, key).toBeCloseTo(value, 9);
      else expect(actual, key).toEqual(value);
    }
  });

  it("counts deployments per UTC day, days without one included", () => {
    const m = computeMetrics(
      [
        rec("a", "promoted", "2026-11-28T10:00:00Z"),
        rec("b", "promoted", "2026-11-28T23:59:59Z"),
        rec("c", "promoted", "2026-11-30T00:00:00Z"),
      ],
      { environment: "prod", now: NOW, windowMs: 4 * DAY, truncated: false },
    );
    expect(m.perDay).toEqual([
      { day: "2026-11-27", promotions: 0 },
      { day: "2026-11-28", promotions: 2 },
      { day: "2026-11-29", promotions: 0 },
      { day: "2026-11-30", promotions: 1 },
      { day: "2026-12-01", promotions: 0 },
    ]);
  });
});

describe("spread", () => {
  it.each([
    [[], undefined, undefined, undefined],
    [[7], 7, 7, 7],
    [[4, 1], 2.5, 4, 4],
    [[5, 1, 3], 3, 5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9, 10],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 60, 100, 110],
  ])("%j: median %s, p90 %s, worst %s", (values, median, p90, worst) => {
    expect(spread(values)).toEqual({ count: values.length, medianMs: median, p90Ms: p90, worstMs: worst });
  });
});

describe("provisioning", () => {
  it.each([
    ["no timeline", undefined, []],
    ["stage through passed preview gates", deployed(1000, 500), [1600]],
    [
      "no preview gates: stage through preview",
      deployed(1000, 0).filter((s) => s.step !== "preview gates"),
      [1100],
    ],
    [
      "preview gates failed: never healthy",
      [
        { step: "stage", ok: true, durationMs: 1 },
        { step: "preview", ok: true, durationMs: 1 },
        { step: "preview gates", ok: false, durationMs: 1 },
      ],
      [],
    ],
    ["did not start", [{ step: "stage", ok: false, durationMs: 9 }], []],
    ["a switch-back rollback stages nothing", rollbackTimeline, []],
  ] as [string, RecordedStep[] | undefined, number[]][])("%s", (_name, timeline, expected) => {
    expect(provisioning(timeline)).toEqual(expected);
  });
});
