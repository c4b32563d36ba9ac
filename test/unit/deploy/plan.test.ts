import { describe, expect, it } from "vitest";
import {
  findDrift,
  formatPlan,
  idleColor,
  numberedFacts,
  planDeploy,
  planPromote,
  planReject,
  planSwitchBack,
  warmColor,
} from "../../../src/deploy/plan";
import type { ColorState, TargetState } from "../../../src/deploy/target";
import type { Color, ReleaseRecord } from "../../../src/ledger/record";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const repo = "127.0.0.1:5000/acme/app";

function color(c: Color, digest: string, release: string, running = true): ColorState {
  return {
    color: c,
    running,
    status: running ? "running" : "exited (3)",
    image: `${repo}@${digest}`,
    digest,
    release,
    labels: {},
    restarts: 0,
  };
}

function state(live: Color | undefined, colors: ColorState[]): TargetState {
  return {
    app: "app",
    environment: "prod",
    live,
    preview: live === "blue" ? "green" : "blue",
    colors: Object.fromEntries(colors.map((c) => [c.color, c])),
    driftFacts: [],
  };
}

function record(
  release: string,
  digest: string,
  outcome: ReleaseRecord["outcome"],
  c: Color = "blue",
): ReleaseRecord {
  return {
    release,
    app: "app",
    environment: "prod",
    action: "deploy",
    outcome,
    repository: repo,
    digest,
    color: c,
    gates: [],
    actor: "test",
    time: "2026-11-27T00:00:00Z",
  };
}

const options = {
  image: `${repo}@${d("2")}`,
  digest: d("2"),
  promotion: "auto" as const,
  preStageGates: ["test results"],
  previewGates: ["GET /healthz"],
  watchSeconds: 30,
};

describe("idleColor / warmColor", () => {
  it.each([
    [state(undefined, []), "blue", undefined],
    [state("blue", [color("blue", d("1"), "r1")]), "green", undefined],
    [state("blue", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]), "green", "green"],
    [state("green", [color("green", d("2"), "r2"), color("blue", d("1"), "r1", false)]), "blue", undefined],
    // kept at 0 replicas after its keep window: still the rollback's color (scaled up first)
    [
      state("green", [
        color("green", d("2"), "r2"),
        { ...color("blue", d("1"), "r1", false), scaledDown: true },
      ]),
      "blue",
      "blue",
    ],
  ])("%#: idle %s, warm %s", (s, idle, warm) => {
    expect(idleColor(s)).toBe(idle);
    expect(warmColor(s)).toBe(warm);
  });
});

describe("planDeploy", () => {
  it.each([
    [
      "first deploy",
      state(undefined, []),
      "deploy",
      "blue",
      ["lock", "gate", "start", "preview", "gate", "switch", "watch", "record"],
    ],
    [
      "replaces the warm color",
      state("blue", [color("blue", d("1"), "r1"), color("green", d("3"), "r3")]),
      "deploy",
      "green",
      ["lock", "gate", "retire", "start", "preview", "gate", "switch", "watch", "record"],
    ],
    [
      "reuses a color staged before a crash",
      state("blue", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]),
      "deploy",
      "green",
      ["lock", "gate", "reuse", "preview", "gate", "switch", "watch", "record"],
    ],
    [
      "restarts a staged color that died",
      state("blue", [color("blue", d("1"), "r1"), color("green", d("2"), "r2", false)]),
      "deploy",
      "green",
      ["lock", "gate", "retire", "start", "preview", "gate", "switch", "watch", "record"],
    ],
    [
      "converges after a crash between switch and record: watches, then records",
      state("green", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]),
      "complete-live",
      "blue",
      ["lock", "watch", "record"],
    ],
  ])("%s", (_name, s, kind, idle, actions) => {
    const plan = planDeploy(s, options);
    expect(plan).toMatchObject({ kind, idle });
    expect(plan.steps.map((step) => step.action)).toEqual(actions);
  });

  it.each([
    [
      "a crashed attempt's staged color, which the ledger does not know, is kept",
      [],
      ["lock", "gate", "reuse", "preview", "gate", "switch", "watch", "record"],
    ],
    [
      "the warm previous color running the same digest under a recorded release is restaged, not taken over",
      ["r2"],
      ["lock", "gate", "retire", "start", "preview", "gate", "switch", "watch", "record"],
    ],
  ])("%s", (_name, recorded, actions) => {
    const s = state("blue", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]);
    const plan = planDeploy(s, { ...options, records: recorded.map((r) => record(r, d("2"), "promoted")) });
    expect(plan.steps.map((step) => step.action)).toEqual(actions);
    expect(plan.reuseStaged).toBe(recorded.length === 0);
  });

  it.each([
    ["promoted: nothing to do", "promoted", 30, "done", ["lock", "done"]],
    [
      "staged, then switched by a run that crashed: watch, record",
      "staged",
      30,
      "complete-live",
      ["lock", "watch", "record"],
    ],
    ["no record and no watch: record only", undefined, 0, "complete-live", ["lock", "record"]],
  ] as const)("already live, %s", (_name, outcome, watchSeconds, kind, actions) => {
    const s = state("green", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]);
    const records = outcome ? [{ ...record("r2", d("2"), outcome, "green"), previousDigest: d("1") }] : [];
    const plan = planDeploy(s, { ...options, watchSeconds, records });
    expect(plan).toMatchObject({ kind, live: "green", liveRelease: "r2" });
    expect(plan.previousDigest).toBe(outcome ? d("1") : undefined);
    expect(plan.steps.map((step) => step.action)).toEqual(actions);
  });

  it("stops after staging for manual promotion", () => {
    const plan = planDeploy(state(undefined, []), { ...options, promotion: "manual" });
    expect(plan.steps.at(-1)?.detail).toMatch(/staged; wait for 'promote'/);
    expect(plan.steps.some((s) => s.action === "switch")).toBe(false);
  });

  it("prints numbered steps naming the digest and the warm color", () => {
    const text = formatPlan(planDeploy(state("blue", [color("blue", d("1"), "r1")]), options));
    expect(text).toContain(`4. preview point preview at green`);
    expect(text).toContain(`blue (${d("1")}) stays warm for rollback`);
    expect(text).toContain(`start green from ${repo}@${d("2")}`);
  });
});

describe("findDrift", () => {
  const blue = color("blue", d("1"), "r1");
  it.each([
    ["nothing when target and ledger agree", state("blue", [blue]), [record("r1", d("1"), "promoted")], []],
    [
      "a live color not recorded as promoted",
      state("blue", [blue]),
      [record("r1", d("1"), "staged")],
      [/live blue runs .* not recorded as promoted \(its newest record is 'staged'\)/],
    ],
    [
      "a release the ledger does not know",
      state("blue", [blue]),
      [],
      [/release r1 .* the ledger does not know/, /no record names it/],
    ],
    [
      "a digest other than the recorded one",
      state("blue", [blue]),
      [record("r1", d("9"), "promoted"), record("r0", d("1"), "promoted")],
      [/ledger recorded another digest/],
    ],
    [
      "a label that disagrees with the image",
      state("blue", [{ ...blue, image: `${repo}@${d("7")}` }]),
      [record("r1", d("1"), "promoted")],
      [/runs .*7777.* but is labelled/],
    ],
    [
      "a live color that is down",
      state("blue", [{ ...blue, running: false, status: "exited (3)" }]),
      [record("r1", d("1"), "promoted")],
      [/live color blue is exited \(3\)/],
    ],
    ["live pointing nowhere", state("green", [blue]), [record("r1", d("1"), "promoted")], [/does not exist/]],
    [
      "live switched outside greenlight (a Service selector edited by hand)",
      state("blue", [blue, color("green", d("2"), "r2")]),
      [record("r1", d("1"), "promoted"), record("r2", d("2"), "promoted", "green")],
      [
        /live points at blue .*1111.*, but the ledger's live release is r2 .*2222.*: switched outside greenlight/,
      ],
    ],
  ])("%s", (_name, s, records, expected) => {
    const details = findDrift(s, records).map((x) => x.detail);
    expect(details).toHaveLength(expected.length);
    expected.forEach((pattern, i) => {
      expect(details[i]).toMatch(pattern);
    });
  });
});

describe("planPromote / planReject / planSwitchBack (the dry runs of promote, reject, rollback)", () => {
  const env = { app: "app", environment: "prod" };
  // blue live (r1 promoted), green runs r2
  const s = state("blue", [color("blue", d("1"), "r1"), color("green", d("2"), "r2")]);
  const promoted1 = record("r1", d("1"), "promoted");
  it.each<[string, ReleaseRecord[], string[] | RegExp, string[] | RegExp]>([
    [
      "green staged",
      [promoted1, record("r2", d("2"), "staged", "green")],
      ["lock", "switch", "watch", "record"],
      ["lock", "retire", "preview", "record"],
    ],
    [
      "green's release failed its gates",
      [promoted1, record("r2", d("2"), "failed", "green")],
      /release r2 on green is not staged with passing gates \(its newest record is 'failed'\)/,
      /release r2 on green is not staged \(its newest record is 'failed'\)/,
    ],
    [
      "green unknown to the ledger",
      [promoted1],
      /the ledger has no record of it/,
      /the ledger has no record of it/,
    ],
  ])("%s", (_name, records, promote, reject) => {
    const promoting = () => planPromote(s, records, { ...env, watchSeconds: 30 }).steps.map((x) => x.action);
    const rejecting = () => planReject(s, records, { ...env, reason: "no" }).steps.map((x) => x.action);
    if (promote instanceof RegExp) expect(promoting).toThrow(promote);
    else expect(promoting()).toEqual(promote);
    if (reject instanceof RegExp) expect(rejecting).toThrow(reject);
    else expect(rejecting()).toEqual(reject);
  });

  it.each<[string, ReleaseRecord[], string[] | RegExp]>([
    [
      "warm green is the ledger's rollback target: a switch",
      [record("r2", d("2"), "promoted", "green"), promoted1],
      ["lock", "gate", "switch", "record"],
    ],
    [
      "warm green is not the ledger's rollback target: refused as rollback refuses",
      [promoted1, record("r2", d("2"), "staged", "green")],
      /warm green runs .* but the ledger's rollback target is no earlier healthy release/,
    ],
  ])("rollback: %s", (_name, records, expected) => {
    const planning = () =>
      planSwitchBack(s, records, { ...env, previewGates: ["GET /healthz"] }).steps.map((x) => x.action);
    if (expected instanceof RegExp) expect(planning).toThrow(expected);
    else expect(planning()).toEqual(expected);
  });

  it("numbers the steps as report facts", () => {
    expect(numberedFacts([{ action: "lock", detail: "lock app/prod" }], 2)).toEqual([
      ["2. lock", "lock app/prod"],
    ]);
  });
});
