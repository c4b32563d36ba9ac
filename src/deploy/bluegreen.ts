import { describeError, GreenlightError } from "../errors";
import type { GateResult } from "../gate/result";
import { parseReference, repositoryName } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import type { Color, LedgerStore, Outcome, ReleaseRecord } from "../ledger/record";
import type { Logger } from "../log";
import { planDeploy } from "./plan";
import { DeployFailedError, type DeployResult, type GateContext, type NamedGate, Timeline } from "./result";
import type { HeldLock, Target, TargetState } from "./target";

/** What every blue-green command needs. */
export interface EngineOptions {
  target: Target;
  ledger: LedgerStore;
  log: Logger;
  app: string;
  environment: string;
  /** Who runs this (GitHub actor, or the local user). */
  actor: string;
  runUrl?: string;
  /** Lock validity (default 15 min) and how long to wait for another run's lock (default 5 min). */
  lockTtlMs?: number;
  lockTimeoutMs?: number;
  /** Gates run against the preview endpoint before a switch (also before a switch-back rollback). */
  previewGates?: NamedGate[];
  /** The post-promotion watch of the live endpoint; failure switches back. */
  watch?: NamedGate;
  now?: () => Date;
  /** Why this run was started (`reason`): in the result, the summary and the ledger record. */
  reason?: string;
}

export interface DeployOptions extends EngineOptions {
  /** `registry/repository@sha256:…`. */
  image: string;
  /** Release id; default `r<time>-<digest>`. */
  release?: string;
  /** Gates run before anything is started (test results from earlier jobs). */
  preStageGates?: NamedGate[];
  /** `manual`: stop after the preview gates; `promote` switches later. Default `auto`. */
  promotion?: "auto" | "manual";
  verification?: { verified: boolean; detail: string };
}

/** The shared run of one command: lock, timeline, result, ledger. */
export class Run {
  readonly timeline: Timeline;
  readonly gates: GateResult[] = [];
  readonly result: DeployResult;

  constructor(
    readonly options: EngineOptions,
    action: DeployResult["action"],
    image: string,
    digest: string,
    release: string,
  ) {
    this.timeline = new Timeline(options.log);
    const { liveUrl, previewUrl } = options.target.endpoints();
    this.result = {
      action,
      outcome: "unchanged",
      app: options.app,
      environment: options.environment,
      color: "blue",
      liveColor: undefined,
      image,
      digest,
      release,
      previousDigest: undefined,
      liveUrl,
      previewUrl,
      gates: this.gates,
      timeline: this.timeline.steps,
      ...(options.reason ? { reason: options.reason } : {}),
    };
  }

  /** Takes the environment lock, runs `fn`, and always releases the lock. */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    const { target, app, environment, actor, runUrl } = this.options;
    const lock: HeldLock = await this.timeline.run(
      "lock",
      `${app}/${environment} on ${target.description}`,
      async () => {
        await target.prepare();
        return target.acquireLock({
          owner: actor,
          ...(runUrl ? { runUrl } : {}),
          ttlMs: this.options.lockTtlMs ?? 15 * 60_000,
          waitMs: this.options.lockTimeoutMs ?? 5 * 60_000,
        });
      },
    );
    try {
      return await fn();
    } finally {
      await lock
        .release()
        .catch((error) => this.options.log.warn(`could not release the lock: ${describeError(error)}`));
    }
  }

  context(color: Color): GateContext {
    const { liveUrl, previewUrl } = this.result;
    return { digest: this.result.digest, image: this.result.image, color, previewUrl, liveUrl };
  }

  /** Runs gates into the result; true when all passed. */
  async gate(step: string, gates: readonly NamedGate[] | undefined, color: Color): Promise<boolean> {
    if (!gates?.length) return true;
    const results = await this.timeline.gates(step, gates, this.context(color));
    this.gates.push(...results);
    return results.every((r) => r.passed);
  }

  /** Appends a ledger record for this run's release (or another release, for a rollback). */
  async record(
    outcome: Outcome,
    extra: Partial<ReleaseRecord> = {},
    verification?: DeployOptions["verification"],
  ): Promise<string> {
    const o = this.options;
    const r = this.result;
    const record: ReleaseRecord = {
      release: r.release,
      app: o.app,
      environment: o.environment,
      action: r.action,
      outcome,
      repository: repositoryName(parseReference(r.image)),
      digest: r.digest,
      color: r.color,
      ...(r.previousDigest ? { previousDigest: r.previousDigest } : {}),
      ...(verification ? { verification } : {}),
      gates: [...this.gates],
      actor: o.actor,
      time: (o.now?.() ?? new Date()).toISOString(),
      ...(o.runUrl ? { runUrl: o.runUrl } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...extra,
    };
    const id = await this.timeline.run("record", `${record.release} ${record.outcome}`, () =>
      o.ledger.append(record),
    );
    if (record.release === r.release) {
      r.outcome = outcome;
      r.recordId = id;
    }
    return id;
  }

  /** Records a failure and throws it with the result attached. */
  async fail(outcome: "failed" | "refused", reason: string, cause?: unknown): Promise<never> {
    this.result.reason = reason;
    await this.record(outcome);
    throw new DeployFailedError(`${this.result.action} of ${this.result.image}: ${reason}`, this.result, {
      cause,
      hint:
        outcome === "refused"
          ? "nothing was changed; fix the release and deploy again"
          : `live traffic stays on ${this.result.liveColor ?? "nothing"}; see the gate results`,
    });
  }
}

/** Deploys a digest: lock, pre-stage gates, stage the idle color, preview gates, promote, watch. */
export async function deploy(
  options: DeployOptions,
  action: "deploy" | "rollback" = "deploy",
): Promise<DeployResult> {
  const ref = parseReference(options.image, "image");
  if (!ref.digest) {
    throw new GreenlightError(`image '${options.image}' is not pinned by digest`, {
      hint: "deploy registry/repository@sha256:<hex>, as the build step outputs it; tags are never deployed",
    });
  }
  const digest = ref.digest;
  const release = options.release ?? newReleaseId(options.now?.() ?? new Date(), digest);
  const run = new Run(options, action, options.image, digest, release);
  const { target } = options;
  return run.locked(async () => {
    const state = await target.readState();
    const recordedReleases = (await options.ledger.history()).map((r) => r.release);
    const plan = planDeploy(state, {
      image: options.image,
      digest,
      promotion: options.promotion ?? "auto",
      preStageGates: (options.preStageGates ?? []).map((g) => g.name),
      previewGates: (options.previewGates ?? []).map((g) => g.name),
      watchSeconds: options.watch ? 1 : 0,
      recordedReleases,
    });
    const r = run.result;
    r.color = plan.idle;
    r.liveColor = plan.live;
    r.previousDigest = plan.previousDigest;
    if (plan.kind === "already-live") return completeLive(run, state);
    if (!(await run.gate("pre-stage gates", options.preStageGates, plan.idle))) {
      return run.fail("refused", "a pre-stage gate failed");
    }
    const idleState = state.colors[plan.idle];
    if (plan.reuseStaged && idleState?.release) {
      r.release = idleState.release;
    } else {
      try {
        await run.timeline.run("stage", `${plan.idle} from ${options.image}`, () =>
          target.start({ color: plan.idle, image: options.image, digest, release }),
        );
      } catch (error) {
        await target.retire(plan.idle).catch(() => undefined);
        return run.fail("failed", `${plan.idle} did not start: ${describeError(error)}`, error);
      }
    }
    await run.timeline.run("preview", `preview -> ${plan.idle}`, () => target.exposePreview(plan.idle));
    if (!(await run.gate("preview gates", options.previewGates, plan.idle))) {
      await run.timeline.run("retire", `${plan.idle} (gates failed)`, () => target.retire(plan.idle));
      return run.fail("failed", "a preview gate failed");
    }
    if (options.promotion === "manual") {
      await run.record("staged", {}, options.verification);
      return r;
    }
    return switchAndWatch(run, plan.idle, plan.live, options.verification);
  });
}

/** Switches live to `color`, watches, and switches back to `previous` if the watch fails. */
export async function switchAndWatch(
  run: Run,
  color: Color,
  previous: Color | undefined,
  verification?: DeployOptions["verification"],
): Promise<DeployResult> {
  const { target, watch } = run.options;
  const restartsBefore = (await target.readState()).colors[color]?.restarts ?? 0;
  await run.timeline.run("switch", `live -> ${color}`, () => target.switchLive(color));
  run.result.liveColor = color;
  const watched = watch
    ? await run.gate("watch", [watch, stayedUp(target, color, restartsBefore)], color)
    : true;
  if (!watched) {
    if (previous) {
      await run.timeline.run("switch back", `live -> ${previous}`, () => target.switchLive(previous));
      run.result.liveColor = previous;
    }
    const back = previous ? `switched back to ${previous}` : "no previous color to switch back to";
    return run.fail("failed", `the watch of the live endpoint failed; ${back}`);
  }
  await run.record("promoted", {}, verification);
  return run.result;
}

/** The digest is live already (a rerun after a crash between switch and record): complete the record. */
async function completeLive(run: Run, state: TargetState): Promise<DeployResult> {
  const r = run.result;
  const live = state.live ? state.colors[state.live] : undefined;
  r.color = state.live ?? r.color;
  if (live?.release) r.release = live.release;
  const history = await run.options.ledger.history();
  const newest = history.filter((rec) => rec.release === r.release).at(-1);
  r.previousDigest = newest?.previousDigest;
  if (newest?.outcome === "promoted") {
    run.options.log.info(`${r.digest} is already live as ${r.color} (release ${r.release}); nothing to do`);
    return r;
  }
  const watched = run.options.watch ? await run.gate("watch", [run.options.watch], r.color) : true;
  if (!watched) return run.fail("failed", "the watch of the live endpoint failed");
  await run.record("promoted");
  return r;
}

/** Part of the watch: the live color kept running without restarts (a crash loop can hide behind retries). */
function stayedUp(target: Target, color: Color, restartsBefore: number): NamedGate {
  const name = `${color} stayed up`;
  return {
    name,
    kind: "watch",
    run: async () => {
      const started = Date.now();
      const now = (await target.readState()).colors[color];
      const restarts = (now?.restarts ?? 0) - restartsBefore;
      const passed = Boolean(now?.running) && restarts === 0;
      const detail = now
        ? `${color} is ${now.status}, ${restarts} restart(s) during the watch`
        : `${color} is gone`;
      return { name, kind: "watch", passed, detail, durationMs: Date.now() - started };
    },
  };
}
