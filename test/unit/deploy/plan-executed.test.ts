// One decision, two uses: `--dry-run` prints the plan (planDeploy through planFor, planPromote,
// planReject, planSwitchBack, as src/commands/dry-run.ts calls them) and the engine (bluegreen.ts,
// promote.ts, reject.ts) carries out the same plan. For each starting state the steps the engine
// ran (its timeline, against the in-memory fake target) must be the planned ones. (The dry run
// prints its verify step first, outside the plan; the engine verifies right after the lock.)
import { describe, expect, it } from "vitest";
import { deploy, type SwitchVerifier } from "../../../src/deploy/bluegreen";
import {
  type PlanAction,
  type PlanStep,
  planPromote,
  planReject,
  planSwitchBack,
} from "../../../src/deploy/plan";
import { promote, rollback } from "../../../src/deploy/promote";
import { reject } from "../../../src/deploy/reject";
import type { NamedGate } from "../../../src/deploy/result";
import { planFor } from "../../../src/deploy/status";
import type { Color } from "../../../src/deploy/target";
import type { ReleaseRecord } from "../../../src/ledger/record";
import { MemoryLogger } from "../../../src/log";
import { MemoryLedger } from "../../support/conformance";
import { FakeTarget } from "../../support/fake-target";

const d = (n: number) => `sha256:${String(n).repeat(64)}`;
const repo = "registry.test/acme/app";
const image = (n: number) => `${repo}@${d(n)}`;

function passing(name: string, kind: NamedGate["kind"]): NamedGate {
  return { name, kind, run: async () => ({ name, kind, passed: true, detail: "ok", durationMs: 0 }) };
}

function record(release: string, n: number, outcome: ReleaseRecord["outcome"], color: Color): ReleaseRecord {
  return {
    release,
    app: "app",
    environment: "prod",
    action: "deploy",
    outcome,
    repository: repo,
    digest: d(n),
    color,
    gates: [],
    actor: "test",
    time: "2026-12-01T00:00:00Z",
    ...(n > 1 ? { previousDigest: d(n - 1) } : {}),
  };
}

/**
 * The timeline step that carries out each planned action, given the plan's actions before and
 * after it. A deploy's `retire` and `start` of the idle color are one `stage` step (a target's
 * `start` replaces what the color ran); `reuse` and `done` run nothing.
 */
type Where = { before: PlanAction[]; after: PlanAction[] };
const TIMELINE_STEP: Record<PlanAction, ((where: Where) => string | undefined) | undefined> = {
  lock: () => "lock",
  gate: ({ after }) => (after.includes("preview") ? "pre-stage gates" : "preview gates"),
  retire: ({ after }) => (after[0] === "start" ? undefined : "retire"),
  start: () => "stage",
  scale: () => "scale up",
  reuse: undefined,
  preview: () => "preview",
  switch: () => "switch",
  watch: () => "watch",
  record: () => "record",
  done: undefined,
  verify: undefined,
  build: undefined,
  tag: undefined,
  attest: undefined,
  unlock: undefined,
};

/** The timeline a plan's steps make (consecutive gates run as one step). */
function plannedTimeline(steps: readonly PlanStep[]): string[] {
  const actions = steps.map((s) => s.action);
  const out: string[] = [];
  actions.forEach((action, i) => {
    const step = TIMELINE_STEP[action]?.({ before: actions.slice(0, i), after: actions.slice(i + 1) });
    if (step && !(step.endsWith("gates") && out.at(-1) === step)) out.push(step);
  });
  return out;
}

/** What the engine ran, less the verify step the dry run prints outside its plan. */
function ranTimeline(timeline: readonly { step: string }[]): string[] {
  return timeline.map((t) => t.step).filter((step) => step !== "verify");
}

interface Setup {
  live?: Color;
  colors?: Partial<Record<Color, { n: number; release: string; running?: boolean; scaledDown?: boolean }>>;
  records?: ReleaseRecord[];
}

function environment(row: Setup) {
  const target = new FakeTarget("app", "prod");
  for (const [color, c] of Object.entries(row.colors ?? {}) as [
    Color,
    { n: number; release: string; scaledDown?: boolean },
  ][]) {
    target.colors[color] = {
      image: image(c.n),
      digest: d(c.n),
      release: c.release,
      running: !c.scaledDown,
      status: c.scaledDown ? "scaled to 0" : "running",
      restarts: 0,
      ...(c.scaledDown ? { scaledDown: true } : {}),
    };
  }
  target.live = row.live;
  target.preview = row.live === "blue" ? "green" : row.live ? "blue" : undefined;
  const ledger = new MemoryLedger();
  ledger.records.push(...(row.records ?? []));
  return { target, ledger };
}

interface Row {
  name: string;
  live?: Color;
  colors?: Partial<Record<Color, { n: number; release: string; running?: boolean }>>;
  records?: ReleaseRecord[];
  deploy: number;
  promotion?: "auto" | "manual";
  gates?: boolean;
  watch?: boolean;
  /** The plan's actions, so that each row is known to cover the case it names. */
  actions: PlanAction[];
}

const ROWS: Row[] = [
  {
    name: "first deploy",
    deploy: 1,
    actions: ["lock", "gate", "start", "preview", "gate", "switch", "watch", "record"],
  },
  {
    name: "first deploy, no gates, no watch",
    deploy: 1,
    gates: false,
    watch: false,
    actions: ["lock", "start", "preview", "switch", "record"],
  },
  {
    name: "manual promotion stops after the preview gates",
    live: "blue",
    colors: { blue: { n: 1, release: "r1" } },
    records: [record("r1", 1, "promoted", "blue")],
    deploy: 2,
    promotion: "manual",
    actions: ["lock", "gate", "start", "preview", "gate", "record"],
  },
  {
    name: "replaces the warm previous color",
    live: "blue",
    colors: { blue: { n: 2, release: "r2" }, green: { n: 1, release: "r1" } },
    records: [record("r1", 1, "promoted", "green"), record("r2", 2, "promoted", "blue")],
    deploy: 3,
    actions: ["lock", "gate", "retire", "start", "preview", "gate", "switch", "watch", "record"],
  },
  {
    name: "keeps a color a crashed attempt staged (release unknown to the ledger)",
    live: "blue",
    colors: { blue: { n: 1, release: "r1" }, green: { n: 2, release: "r2-crashed" } },
    records: [record("r1", 1, "promoted", "blue")],
    deploy: 2,
    actions: ["lock", "gate", "reuse", "preview", "gate", "switch", "watch", "record"],
  },
  {
    name: "restages the warm color that runs the digest under a recorded release",
    live: "blue",
    colors: { blue: { n: 3, release: "r3" }, green: { n: 2, release: "r2" } },
    records: [record("r2", 2, "promoted", "green"), record("r3", 3, "promoted", "blue")],
    deploy: 2,
    actions: ["lock", "gate", "retire", "start", "preview", "gate", "switch", "watch", "record"],
  },
  {
    name: "already live and recorded promoted: nothing to do",
    live: "green",
    colors: { blue: { n: 1, release: "r1" }, green: { n: 2, release: "r2" } },
    records: [record("r1", 1, "promoted", "blue"), record("r2", 2, "promoted", "green")],
    deploy: 2,
    actions: ["lock", "done"],
  },
  {
    name: "already live, switched by a run that crashed before its record: watch, then record",
    live: "green",
    colors: { blue: { n: 1, release: "r1" }, green: { n: 2, release: "r2" } },
    records: [record("r1", 1, "promoted", "blue"), record("r2", 2, "staged", "green")],
    deploy: 2,
    actions: ["lock", "watch", "record"],
  },
  {
    name: "already live without a record and without a watch: record",
    live: "green",
    colors: { green: { n: 2, release: "r2" } },
    deploy: 2,
    watch: false,
    actions: ["lock", "record"],
  },
];

describe("deploy carries out the plan --dry-run prints", () => {
  it.each(ROWS.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const { target, ledger } = environment(row);
    const gates = row.gates ?? true;
    const options = {
      target,
      ledger,
      log: new MemoryLogger(),
      app: "app",
      environment: "prod",
      actor: "test",
      image: image(row.deploy),
      promotion: row.promotion ?? "auto",
      preStageGates: gates ? [passing("test results", "test-results")] : [],
      previewGates: gates ? [passing("GET /healthz", "http")] : [],
      ...((row.watch ?? true) ? { watch: passing("watch /healthz", "watch") } : {}),
    };

    const plan = await planFor({ ...options, watchSeconds: options.watch ? 30 : 0 });
    expect(plan.steps.map((s) => s.action)).toEqual(row.actions);
    const result = await deploy(options);

    expect(ranTimeline(result.timeline)).toEqual(plannedTimeline(plan.steps));
    expect(result.timeline.every((t) => t.ok)).toBe(true);
    // a planned retire happened (inside the stage step), and nothing else changed colors
    const ran = (await target.readState()).colors[plan.idle];
    if (plan.kind === "deploy") expect(ran?.digest).toBe(d(row.deploy));
    if (plan.steps.some((s) => s.action === "reuse")) expect(ran?.release).toBe("r2-crashed");
    if (plan.kind !== "deploy") expect(target.live).toBe(row.live);
  });
});

const verify: SwitchVerifier = async () => ({
  verified: true,
  detail: "double: provenance is not under test here",
});

interface SwitchRow extends Setup {
  name: string;
  command: "promote" | "reject" | "rollback";
  /** The color to promote; default the one promote finds. */
  color?: Color;
  watch?: boolean;
  actions: PlanAction[];
}

// blue live (r1 promoted); green runs r2
const staged: Setup = {
  live: "blue",
  colors: { blue: { n: 1, release: "r1" }, green: { n: 2, release: "r2" } },
  records: [record("r1", 1, "promoted", "blue"), record("r2", 2, "staged", "green")],
};
// green live (r2 promoted); blue, r1, is the warm previous color
const warm: Setup = {
  live: "green",
  colors: { blue: { n: 1, release: "r1" }, green: { n: 2, release: "r2" } },
  records: [record("r1", 1, "promoted", "blue"), record("r2", 2, "promoted", "green")],
};

const SWITCH_ROWS: SwitchRow[] = [
  {
    name: "promote a staged color",
    command: "promote",
    ...staged,
    actions: ["lock", "switch", "watch", "record"],
  },
  {
    name: "promote without a watch",
    command: "promote",
    ...staged,
    watch: false,
    actions: ["lock", "switch", "record"],
  },
  {
    name: "promote the live color, recorded promoted: nothing to do",
    command: "promote",
    ...warm,
    color: "green",
    actions: ["lock", "done"],
  },
  {
    name: "reject a staged color",
    command: "reject",
    ...staged,
    actions: ["lock", "retire", "preview", "record"],
  },
  {
    name: "roll back to the warm previous color",
    command: "rollback",
    ...warm,
    actions: ["lock", "gate", "switch", "record"],
  },
  {
    name: "roll back to a previous color kept scaled down: scaled up first",
    command: "rollback",
    ...warm,
    colors: { blue: { n: 1, release: "r1", scaledDown: true }, green: { n: 2, release: "r2" } },
    actions: ["lock", "scale", "gate", "switch", "record"],
  },
];

describe("promote, reject and a switch-back rollback carry out the plans --dry-run prints", () => {
  it.each(SWITCH_ROWS.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const { target, ledger } = environment(row);
    const options = {
      target,
      ledger,
      log: new MemoryLogger(),
      app: "app",
      environment: "prod",
      actor: "test",
      previewGates: [passing("GET /healthz", "http")],
      ...((row.watch ?? true) ? { watch: passing("watch /healthz", "watch") } : {}),
      ...(row.color ? { color: row.color } : {}),
      verify,
    };
    const [state, records] = await Promise.all([target.readState(), ledger.history()]);
    const plan =
      row.command === "promote"
        ? planPromote(state, records, { ...options, watchSeconds: options.watch ? 30 : 0 })
        : row.command === "reject"
          ? planReject(state, records, { ...options, reason: "no" })
          : planSwitchBack(state, records, { ...options, previewGates: ["GET /healthz"] });
    expect(plan.steps.map((s) => s.action)).toEqual(row.actions);

    const result =
      row.command === "promote"
        ? await promote(options)
        : row.command === "reject"
          ? await reject({ ...options, reason: "no" })
          : await rollback(options);

    expect(ranTimeline(result.timeline)).toEqual(plannedTimeline(plan.steps));
    expect(result.timeline.every((t) => t.ok)).toBe(true);
    if (plan.kind === "switch" && row.command !== "reject") expect(target.live).toBe(plan.color);
    if (row.command === "reject") expect(target.colors[plan.color]).toBeUndefined();
  });
});
