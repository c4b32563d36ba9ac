// The target conformance suite: ONE table of blue-green scenarios, written once against the
// `Target` contract (src/deploy/target.ts) and the real engine (deploy, promote, rollback,
// status), run against the in-memory fake (test/unit/deploy/conformance.test.ts) and the real
// targets (test/integration/{docker,k8s}-conformance.test.ts). A harness gives each scenario a
// fresh environment, three releases of the app pinned by digest, an image that cannot run, and
// the few hand-made faults (a hand edit, a dead run's lock) only a target can make.
import { expect } from "vitest";
import { deploy, type EngineOptions } from "../../src/deploy/bluegreen";
import type { LeaseTiming } from "../../src/deploy/lease";
import { promote, rollback } from "../../src/deploy/promote";
import { DeployFailedError, type NamedGate } from "../../src/deploy/result";
import { status } from "../../src/deploy/status";
import type { Color, Target } from "../../src/deploy/target";
import type { GateResult } from "../../src/gate/result";
import type { LedgerStore, ReleaseRecord } from "../../src/ledger/record";
import { MemoryLogger } from "../../src/log";

/** One release of the app: its pinned image and what it answers on `/`. */
export interface Release {
  image: string;
  body: string;
}

export interface ConformanceHarness {
  /** Three different releases, oldest first. */
  releases: readonly [Release, Release, Release];
  /** An image that never becomes available, and what the error must say about why. */
  unstartable: { image: string; reason: RegExp };
  /** A fresh environment (its own app name) on the target. */
  environment(): Promise<{ target: Target; app: string; environment: string }>;
  /**
   * What the endpoint answers once it settles on `expected` (bounded wait: a real switch reaches
   * new connections within a fraction of a second); returns the last answer, or the error text.
   */
  settle(url: string, expected: string): Promise<string>;
  /** A hand edit: `color` now runs `image` while greenlight's labels/annotations still name its old digest. */
  tamper(target: Target, color: Color, image: string): Promise<void>;
  /** Leaves the lock of a run that was killed (its heartbeat stopped) and returns the lease timing to use. */
  plantDeadLock(target: Target): Promise<LeaseTiming>;
  /** How long the lock of a concurrent deploy is waited for before it fails. */
  lockWaitMs: number;
  /** Removes the environment. */
  cleanup?(target: Target): Promise<void>;
}

/** A ledger in memory: the suite is about targets; the registry ledger has its own tests. */
export class MemoryLedger implements LedgerStore {
  readonly records: ReleaseRecord[] = [];
  async append(record: ReleaseRecord): Promise<string> {
    this.records.push(structuredClone(record));
    return `memory:${this.records.length}`;
  }
  async history(): Promise<ReleaseRecord[]> {
    return structuredClone(this.records);
  }
}

export interface Env {
  h: ConformanceHarness;
  target: Target;
  ledger: MemoryLedger;
  log: MemoryLogger;
  /** Engine options for a command in this environment. */
  options(extra?: Partial<EngineOptions>): EngineOptions;
}

/** A gate that passes when `url` (the preview or live endpoint) serves `body`. */
export function serves(h: ConformanceHarness, which: "preview" | "live", body: string): NamedGate {
  const name = `${which} serves ${body}`;
  const kind: GateResult["kind"] = which === "live" ? "watch" : "http";
  return {
    name,
    kind,
    run: async (context): Promise<GateResult> => {
      const started = Date.now();
      const url = which === "live" ? context.liveUrl : context.previewUrl;
      const answer = await h.settle(url, body);
      return { name, kind, passed: answer === body, detail: answer, durationMs: Date.now() - started };
    },
  };
}

function failing(kind: GateResult["kind"], name: string): NamedGate {
  return {
    name,
    kind,
    run: async () => ({ name, kind, passed: false, detail: "fails by design", durationMs: 0 }),
  };
}

const verify = async () => ({
  verified: true,
  detail: "conformance double: provenance is not under test here",
});

/** Deploys a release with a preview gate and a watch that both check what the endpoints serve. */
function deployRelease(env: Env, release: Release, extra: Record<string, unknown> = {}) {
  return deploy({
    ...env.options(),
    image: release.image,
    previewGates: [serves(env.h, "preview", release.body)],
    watch: serves(env.h, "live", release.body),
    verification: { verified: true, detail: "conformance double" },
    ...extra,
  });
}

async function expectLive(env: Env, release: Release): Promise<void> {
  expect(await env.h.settle(env.target.endpoints().liveUrl, release.body)).toBe(release.body);
}

function outcomes(env: Env): string[] {
  return env.ledger.records.map((r) => `${r.action} ${r.outcome} ${r.digest.slice(7, 15)}`);
}

function short(release: Release): string {
  return release.image.split("@sha256:")[1]?.slice(0, 8) ?? "";
}

export interface Scenario {
  name: string;
  run(env: Env): Promise<void>;
}

/** The table. Each row starts from an empty environment. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "first deploy: blue goes live through its preview gate and watch",
    async run(env) {
      const [v1] = env.h.releases;
      const result = await deployRelease(env, v1);
      expect(result.outcome).toBe("promoted");
      expect(result.color).toBe("blue");
      await expectLive(env, v1);
      const state = await env.target.readState();
      expect(state.live).toBe("blue");
      expect(state.colors.blue?.digest).toBe(v1.image.split("@")[1]);
      expect(state.lock).toBeUndefined();
      expect(outcomes(env)).toEqual([`deploy promoted ${short(v1)}`]);
    },
  },
  {
    name: "gated deploy: staged with promotion manual, live untouched until promote; the previous color stays warm",
    async run(env) {
      const [v1, v2] = env.h.releases;
      await deployRelease(env, v1);
      const staged = await deployRelease(env, v2, { promotion: "manual" });
      expect(staged.outcome).toBe("staged");
      await expectLive(env, v1);
      expect(await env.h.settle(env.target.endpoints().previewUrl, v2.body)).toBe(v2.body);
      const promoted = await promote({ ...env.options(), watch: serves(env.h, "live", v2.body), verify });
      expect(promoted.outcome).toBe("promoted");
      expect(promoted.color).toBe("green");
      await expectLive(env, v2);
      const state = await env.target.readState();
      expect(state.live).toBe("green");
      expect(state.colors.blue?.running).toBe(true); // warm for an instant rollback
      expect(outcomes(env)).toEqual([
        `deploy promoted ${short(v1)}`,
        `deploy staged ${short(v2)}`,
        `promote promoted ${short(v2)}`,
      ]);
    },
  },
  {
    name: "refused gate: a failing pre-stage gate starts nothing; a failing preview gate retires the idle color",
    async run(env) {
      const [v1, v2] = env.h.releases;
      await deployRelease(env, v1);
      const refused = await deployRelease(env, v2, {
        preStageGates: [failing("test-results", "junit")],
      }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DeployFailedError);
      expect((refused as DeployFailedError).result.outcome).toBe("refused");
      expect((await env.target.readState()).colors.green).toBeUndefined();
      const failed = await deployRelease(env, v2, { previewGates: [failing("http", "checks")] }).catch(
        (e: unknown) => e,
      );
      expect((failed as DeployFailedError).result.outcome).toBe("failed");
      const state = await env.target.readState();
      expect(state.live).toBe("blue");
      expect(state.colors.green).toBeUndefined();
      await expectLive(env, v1);
    },
  },
  {
    name: "failed watch: live switches back to the previous color and the release is recorded failed",
    async run(env) {
      const [v1, v2] = env.h.releases;
      await deployRelease(env, v1);
      const error = await deployRelease(env, v2, { watch: failing("watch", "error rate") }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeployFailedError);
      expect((error as DeployFailedError).message).toMatch(/switched back to blue/);
      expect((await env.target.readState()).live).toBe("blue");
      await expectLive(env, v1);
      expect(outcomes(env)).toEqual([`deploy promoted ${short(v1)}`, `deploy failed ${short(v2)}`]);
    },
  },
  {
    name: "warm rollback: switches back to the previous color without restarting it",
    async run(env) {
      const [v1, v2] = env.h.releases;
      await deployRelease(env, v1);
      await deployRelease(env, v2);
      const before = await env.target.readState();
      const result = await rollback({
        ...env.options(),
        previewGates: [serves(env.h, "preview", v1.body)],
        verify,
      });
      expect(result.outcome).toBe("promoted");
      expect(result.color).toBe("blue");
      await expectLive(env, v1);
      const after = await env.target.readState();
      expect(after.colors.blue?.release).toBe(before.colors.blue?.release);
      expect(after.colors.green?.digest).toBe(v2.image.split("@")[1]); // kept for a roll forward
      expect(outcomes(env).slice(-2)).toEqual([
        `rollback rolled-back ${short(v2)}`,
        `rollback promoted ${short(v1)}`,
      ]);
    },
  },
  {
    name: "rollback to an earlier digest: redeployed through the gates onto the idle color",
    async run(env) {
      const [v1, v2, v3] = env.h.releases;
      await deployRelease(env, v1);
      await deployRelease(env, v2);
      await deployRelease(env, v3);
      const result = await rollback({
        ...env.options(),
        to: v1.image,
        previewGates: [serves(env.h, "preview", v1.body)],
        watch: serves(env.h, "live", v1.body),
        verification: { verified: true, detail: "conformance double" },
      });
      expect(result.action).toBe("rollback");
      expect(result.outcome).toBe("promoted");
      expect(result.color).toBe("green"); // v1 blue, v2 green, v3 blue: the idle color is green
      await expectLive(env, v1);
      expect(env.ledger.records.at(-1)?.digest).toBe(v1.image.split("@")[1]);
    },
  },
  {
    name: "kill between stage and switch: a rerun takes over the dead run's lock, keeps what it staged and converges",
    async run(env) {
      const [v1, v2] = env.h.releases;
      await deployRelease(env, v1);
      // what a run killed after staging leaves: green started and on preview, its lock not renewed
      const digest = v2.image.split("@")[1] as string;
      await env.target.start({ color: "green", image: v2.image, digest, release: "r-killed" });
      await env.target.exposePreview("green");
      const lease = await env.h.plantDeadLock(env.target);
      const rerun = await deployRelease(env, v2, { lockLease: lease });
      expect(rerun.outcome).toBe("promoted");
      expect(rerun.release).toBe("r-killed");
      expect(rerun.timeline.map((s) => s.step)).not.toContain("stage");
      await expectLive(env, v2);
      const state = await env.target.readState();
      expect(state.live).toBe("green");
      expect(state.lock).toBeUndefined();
      const again = await deployRelease(env, v2);
      expect(again.release).toBe("r-killed"); // a second rerun changes nothing
      expect(outcomes(env)).toEqual([`deploy promoted ${short(v1)}`, `deploy promoted ${short(v2)}`]);
    },
  },
  {
    name: "concurrent deploys: one holds the lock, the other fails naming the holder and changes nothing",
    async run(env) {
      const [v1, v2, v3] = env.h.releases;
      await deployRelease(env, v1);
      let entered!: () => void;
      const inGate = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let letGo!: () => void;
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      const slowGate: NamedGate = {
        name: "held open",
        kind: "http",
        run: async () => {
          entered();
          await held;
          return { name: "held open", kind: "http", passed: true, detail: "released", durationMs: 0 };
        },
      };
      const first = deploy({
        ...env.options({ actor: "first" }),
        image: v2.image,
        previewGates: [slowGate, serves(env.h, "preview", v2.body)],
      });
      await inGate;
      const second = await deploy({
        ...env.options({ actor: "second", lockTimeoutMs: env.h.lockWaitMs }),
        image: v3.image,
      }).catch((e: unknown) => e);
      expect(String(second)).toMatch(/held by first/);
      letGo();
      expect((await first).outcome).toBe("promoted");
      await expectLive(env, v2);
      expect(outcomes(env)).toEqual([`deploy promoted ${short(v1)}`, `deploy promoted ${short(v2)}`]);
    },
  },
  {
    name: "drift: a color edited by hand is reported by status",
    async run(env) {
      const [v1, v2, v3] = env.h.releases;
      await deployRelease(env, v1);
      await deployRelease(env, v2);
      expect((await status({ target: env.target, ledger: env.ledger })).drift).toEqual([]);
      await env.h.tamper(env.target, "green", v3.image);
      const report = await status({ target: env.target, ledger: env.ledger });
      expect(report.drift.map((d) => d.detail).join("\n")).toContain(
        `green runs ${v3.image} but is labelled ${v2.image.split("@")[1]}`,
      );
    },
  },
  {
    name: "a release that never becomes available: no switch, the reason in the error",
    async run(env) {
      const [v1] = env.h.releases;
      await deployRelease(env, v1);
      const error = await deployRelease(env, { image: env.h.unstartable.image, body: "never" }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeployFailedError);
      expect(String((error as Error).message)).toMatch(env.h.unstartable.reason);
      const state = await env.target.readState();
      expect(state.live).toBe("blue");
      expect(state.colors.green).toBeUndefined();
      await expectLive(env, v1);
    },
  },
];

/** A fresh environment for a scenario. */
export async function environment(h: ConformanceHarness): Promise<Env> {
  const { target, app, environment } = await h.environment();
  const ledger = new MemoryLedger();
  const log = new MemoryLogger();
  return {
    h,
    target,
    ledger,
    log,
    options: (extra = {}) => ({
      target,
      ledger,
      log,
      app,
      environment,
      actor: "conformance",
      lockTimeoutMs: 60_000,
      ...extra,
    }),
  };
}

/** GET with a fresh connection each time (no keep-alive): what a new client sees; status 0 on a network error. */
export async function fresh(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      headers: { connection: "close" },
    });
    return { status: response.status, body: (await response.text()).trim() };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error) };
  }
}

/** The harness's `settle` for real targets: polls with fresh connections, up to 100 × 100 ms. */
export async function settleFresh(url: string, expected: string): Promise<string> {
  let last = "";
  for (let i = 0; i < 100; i++) {
    const answer = await fresh(url);
    last = answer.status === 200 ? answer.body : `HTTP ${answer.status} ${answer.body}`;
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

/** Runs every scenario of the table as one test each, printing its time (`label` names the target). */
export function runScenarios(
  it: typeof import("vitest").it,
  label: string,
  harness: ConformanceHarness,
  timeoutMs: number,
): void {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s",
    async (_name, scenario) => {
      const env = await environment(harness);
      const started = Date.now();
      await scenario.run(env);
      console.log(
        `${label} ${scenario.name.split(":")[0]}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${env.ledger.records.length} record(s)`,
      );
    },
    timeoutMs,
  );
}
