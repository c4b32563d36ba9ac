import { describe, expect, it } from "vitest";
import { changelog, compareUrl, githubRepository } from "../../../src/ledger/changelog";
import type { ReleaseRecord } from "../../../src/ledger/record";
import { checkTimeInput, parseSpan, resolveTime } from "../../../src/ledger/time-range";

const digest = (n: number) => `sha256:${String(n).repeat(64)}`;
const rec = (
  n: number,
  outcome: ReleaseRecord["outcome"],
  time: string,
  extra: Partial<ReleaseRecord> = {},
): ReleaseRecord => ({
  release: `r${n}`,
  app: "shop",
  environment: "prod",
  action: "deploy",
  outcome,
  repository: "127.0.0.1:5000/acme/shop",
  digest: digest(n),
  color: "blue",
  gates: [],
  actor: "octocat",
  time,
  ...extra,
});

const records = [
  rec(1, "promoted", "2026-11-01T10:00:00Z", {
    timeline: [
      { step: "stage", ok: true, durationMs: 1200 },
      { step: "switch", ok: true, durationMs: 300 },
    ],
  }),
  rec(2, "failed", "2026-11-02T10:00:00Z", { previousDigest: digest(1) }),
  rec(3, "promoted", "2026-11-03T10:00:00Z", { previousDigest: digest(1) }),
];
const labels = new Map([
  [digest(1), { version: "1.0.0", revision: "a".repeat(40), source: "https://github.com/acme/shop" }],
  [digest(3), { version: "1.1.0", revision: "b".repeat(40), source: "https://github.com/acme/shop" }],
]);

describe("changelog", () => {
  it("lists every record newest first, with labels, compare link and step durations", () => {
    const log = changelog(records, labels);
    expect(log.map((e) => e.release)).toEqual(["r3", "r2", "r1"]);
    expect(log[0]?.compareUrl).toBe(
      `https://github.com/acme/shop/compare/${"a".repeat(40)}...${"b".repeat(40)}`,
    );
    expect(log[0]?.labels.version).toBe("1.1.0");
    expect(log[1]?.compareUrl).toBeUndefined(); // r2's digest has no labels
    expect(log[2]?.durationMs).toBe(1500);
    expect(log[2]?.previousDigest).toBeUndefined();
    expect(log[0]?.image).toBe(`127.0.0.1:5000/acme/shop@${digest(3)}`);
  });

  it.each([
    ["since (inclusive)", { since: new Date("2026-11-02T10:00:00Z") }, ["r3", "r2"]],
    ["until (inclusive)", { until: new Date("2026-11-02T10:00:00Z") }, ["r2", "r1"]],
    ["both", { since: new Date("2026-11-02T00:00:00Z"), until: new Date("2026-11-02T23:00:00Z") }, ["r2"]],
    ["outcome", { outcomes: ["failed" as const] }, ["r2"]],
    ["no outcome given: all", { outcomes: [] }, ["r3", "r2", "r1"]],
  ])("filters by %s", (_name, filter, expected) => {
    expect(changelog(records, labels, filter).map((e) => e.release)).toEqual(expected);
  });
});

describe("githubRepository and compareUrl", () => {
  it.each([
    ["https://github.com/acme/shop", "acme/shop"],
    ["https://github.com/acme/shop.git", "acme/shop"],
    ["git@github.com:acme/shop.git", "acme/shop"],
    ["git+https://github.com/acme/shop", "acme/shop"],
    ["https://gitlab.com/acme/shop", undefined],
    ["https://github.com.evil.example/acme/shop", undefined],
    ["https://github.com/acme/shop/../../x", undefined],
    [undefined, undefined],
  ])("%s -> %s", (source, expected) => {
    expect(githubRepository(source)).toBe(expected);
  });

  it.each([
    [
      "same commit",
      { revision: "a".repeat(7) },
      { revision: "a".repeat(7), source: "https://github.com/o/r" },
      undefined,
    ],
    [
      "other repository before",
      { revision: "a".repeat(7), source: "https://github.com/o/other" },
      { revision: "b".repeat(7), source: "https://github.com/o/r" },
      undefined,
    ],
    [
      "revision not a commit",
      { revision: "main" },
      { revision: "b".repeat(7), source: "https://github.com/o/r" },
      undefined,
    ],
    [
      "not on GitHub",
      { revision: "a".repeat(7) },
      { revision: "b".repeat(7), source: "https://example.com/r.git" },
      undefined,
    ],
    [
      "on GitHub",
      { revision: "a".repeat(7) },
      { revision: "b".repeat(7), source: "https://github.com/o/r" },
      "https://github.com/o/r/compare/aaaaaaa...bbbbbbb",
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(compareUrl(before, after)).toBe(expected);
  });
});

describe("time inputs", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it.each([
    ["7d", "2026-11-24T12:00:00.000Z"],
    ["12h", "2026-12-01T00:00:00.000Z"],
    ["2w", "2026-11-17T12:00:00.000Z"],
    ["90m", "2026-12-01T10:30:00.000Z"],
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T08:00:00+02:00", "2026-11-01T06:00:00.000Z"],
  ])("%s -> %s", (text, expected) => {
    expect(resolveTime(checkTimeInput("since", text), now).toISOString()).toBe(expected);
  });

  it.each(["yesterday", "7", "0d", "-7d", "7y", "2026-13-01", "2026-11-01 10:00"])(
    "refuses %s, naming the input",
    (text) => {
      expect(() => checkTimeInput("since", text)).toThrow(/since/);
    },
  );

  it("parseSpan", () => {
    expect(parseSpan("30d")).toBe(30 * 86_400_000);
    expect(parseSpan("30")).toBeUndefined();
  });
});

describe("changelog of a switch-back rollback", () => {
  it("the rolled-back record's previous digest is the one before it, not its own", () => {
    const log = changelog(
      [
        rec(1, "promoted", "2026-11-01T10:00:00Z"),
        rec(2, "promoted", "2026-11-02T10:00:00Z", { previousDigest: digest(1) }),
        rec(2, "rolled-back", "2026-11-03T10:00:00Z", { action: "rollback", previousDigest: digest(2) }),
      ],
      labels,
    );
    expect(log[0]?.previousDigest).toBe(digest(1));
  });
});
