import { CancelledError, throwIfCancelled } from "../cancel";
import { describeError, GreenlightError } from "../errors";
import type { GateResult } from "../gate/result";
import { parseReference, repositoryName } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import type { Color, LedgerStore, Outcome, ReleaseRecord } from "../ledger/record";
import type { Logger } from "../log";
import type { LeaseTiming } from "./lease";
import { type DeployPlan, planDeploy } from "./plan";
import {
  DeployFailedError,
  type DeployResult,
  type NamedGate,
  type ReleaseUnderTest,
  Timeline,
} from "./result";
import type { HeldLock, Target } from "./target";

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
  /** The lock's heartbeat (default 30 s validity renewed every 10 s): a dead run's lock frees after the validity. */
  lockLease?: LeaseTiming;
  /** Stops the run at its next safe point (the front-ends abort it on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Gates run against the preview endpoint before a switch (also before a switch-back rollback). */
  previewGates?: NamedGate[];
  /** The post-promotion watch of the live endpoint; failure switches back. */
  watch?: NamedGate;
  now?: () => Date;
  /** Promote and switch-back rollback call it under the lock, right before they switch (./switch-verify.ts). */
  verify?: SwitchVerifier;
  /** Why this run was started (`reason`): in the result, the summary and the ledger record. */
  reason?: string;
}

/**
 * Checks the digest a switch is about to make live; throws to refuse. Returns what was checked, or
 * undefined when verification is off by configuration (the front-ends warn then).
 */
export type SwitchVerifier = (digest: string) => Promise<DeployOptions["verification"] | undefined>;

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
  /** Aborted by the front-end's signal, or when the heartbeat finds the lock lost. */
  readonly signal: AbortSignal;
  /** The color this run started and has not made live: removed when the run is stopped. */
  startedColor: Color | undefined;
  private readonly lost = new AbortController();

  constructor(
    readonly options: EngineOptions,
    action: DeployResult["action"],
    image: string,
    digest: string,
    release: string,
  ) {
    this.timeline = new Timeline(options.log);
    this.signal = options.signal ? AbortSignal.any([options.signal, this.lost.signal]) : this.lost.signal;
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

  /**
   * Takes the environment lock, runs `fn`, and always releases the lock. A run stopped at a safe
   * point (signal, lost lock) removes the color it staged, releases the lock and throws a
   * CancelledError that says what state the environment is in.
   */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    const { target, app, environment, actor, runUrl } = this.options;
    let lock: HeldLock | undefined;
    try {
      lock = await this.timeline.run("lock", `${app}/${environment} on ${target.description}`, async () => {
        await target.prepare();
        Object.assign(this.result, target.endpoints()); // a target may know them only once prepared (NodePorts)
        return target.acquireLock({
          owner: actor,
          ...(runUrl ? { runUrl } : {}),
          ttlMs: this.options.lockTtlMs ?? 15 * 60_000,
          waitMs: this.options.lockTimeoutMs ?? 5 * 60_000,
          ...(this.options.lockLease ? { lease: this.options.lockLease } : {}),
          signal: this.signal,
          onLost: (why) => this.lost.abort(new CancelledError(`lost the lock: ${why}`, undefined)),
        });
      });
      return await fn();
    } catch (error) {
      if (error instanceof CancelledError) throw await this.stopped(error, lock);
      throw error;
    } finally {
      await lock
        ?.release()
        .catch((error) => this.options.log.warn(`could not release the lock: ${describeError(error)}`));
    }
  }

  /** Whether the heartbeat found the lock taken over or removed. */
  get lockLost(): boolean {
    return this.lost.signal.aborted;
  }

  /** A safe point: throws the cancellation when the run was stopped. */
  checkpoint(): void {
    throwIfCancelled(this.signal);
  }

  /** Cleans up after a stop at a safe point and says what state the environment is left in. */
  private async stopped(error: CancelledError, lock: HeldLock | undefined): Promise<CancelledError> {
    const r = this.result;
    const facts: string[] = [];
    if (!lock) {
      facts.push("nothing was changed");
    } else {
      facts.push(
        r.liveColor
          ? `live is ${r.liveColor}${r.liveColor === r.color ? ` (${r.digest})` : " (unchanged)"}`
          : "nothing is live",
      );
      const staged = this.startedColor;
      if (staged && staged !== r.liveColor) {
        if (this.lockLost) {
          facts.push(`staged ${staged} was left as it is (another run holds the lock now)`);
        } else {
          try {
            await this.timeline.run("retire", `${staged} (stopped)`, () =>
              this.options.target.retire(staged),
            );
            facts.push(`staged ${staged} was removed`);
          } catch (cause) {
            facts.push(`staged ${staged} could not be removed: ${describeError(cause)}`);
          }
        }
      }
      if (!this.lockLost) {
        await lock.release().then(
          () => facts.push("the lock is released"),
          (cause) => facts.push(`the lock could not be released: ${describeError(cause)}`),
        );
      }
    }
    const message = `${r.action} of ${r.image}: ${error.message}; ${facts.join("; ")}`;
    this.options.log.warn(message);
    return new CancelledError(message, error.signal, {
      hint: "greenlight status shows the environment; run the command again to continue",
    });
  }

  /** What the gates are told about the release under test on `color`. */
  underTest(color: Color): ReleaseUnderTest {
    const { liveUrl, previewUrl } = this.result;
    return {
      digest: this.result.digest,
      image: this.result.image,
      color,
      previewUrl,
      liveUrl,
      signal: this.signal,
    };
  }

  /** Runs gates into the result; true when all passed. */
  async gate(step: string, gates: readonly NamedGate[] | undefined, color: Color): Promise<boolean> {
    if (!gates?.length) return true;
    const results = await this.timeline.gates(step, gates, this.underTest(color));
    this.checkpoint(); // the results of a stopped gate mean nothing
    this.gates.push(...results);
    return results.every((r) => r.passed);
  }

  /** Appends a ledger record for this run's release (or another release, for a rollback). */
  async record(
    outcome: Outcome,
    extra: Partial<ReleaseRecord> = {},
    verification?: DeployOptions["verification"],
  ): Promise<string> {
    return (await this.records([{ outcome, extra, verification }]))[0] as string;
  }

  /** Appends ledger records in order, in one write where the ledger can (a rollback's two records). */
  async records(
    entries: readonly {
      outcome: Outcome;
      extra?: Partial<ReleaseRecord>;
      verification?: DeployOptions["verification"] | undefined;
    }[],
  ): Promise<string[]> {
    const o = this.options;
    const r = this.result;
    const time = (o.now?.() ?? new Date()).toISOString();
    const timeline = this.timeline.steps.map(({ step, ok, durationMs }) => ({ step, ok, durationMs }));
    const records = entries.map(
      ({ outcome, extra = {}, verification }): ReleaseRecord => ({
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
        time,
        ...(o.runUrl ? { runUrl: o.runUrl } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        timeline,
        ...extra,
      }),
    );
    const what = records.map((record) => `${record.release} ${record.outcome}`).join(", ");
    const ids = await this.timeline.run("record", what, async () => {
      const { ledger } = o;
      if (ledger.appendAll) return ledger.appendAll(records);
      const appended: string[] = [];
      for (const record of records) appended.push(await ledger.append(record));
      return appended;
    });
    records.forEach((record, i) => {
      if (record.release !== r.release) return;
      r.outcome = record.outcome;
      r.recordId = ids[i];
    });
    return ids;
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
    const records = await options.ledger.history();
    // the same pure decision `--dry-run` prints (plan.ts): the run carries out its steps
    const plan = planDeploy(state, {
      image: options.image,
      digest,
      promotion: options.promotion ?? "auto",
      preStageGates: (options.preStageGates ?? []).map((g) => g.name),
      previewGates: (options.previewGates ?? []).map((g) => g.name),
      watchSeconds: options.watch ? 1 : 0,
      records,
    });
    const r = run.result;
    r.color = plan.idle;
    r.liveColor = plan.live;
    r.previousDigest = plan.previousDigest;
    if (plan.kind !== "deploy") return completeLive(run, plan);
    if (!(await run.gate("pre-stage gates", options.preStageGates, plan.idle))) {
      return run.fail("refused", "a pre-stage gate failed");
    }
    const idleState = state.colors[plan.idle];
    if (plan.reuseStaged && idleState?.release) {
      r.release = idleState.release;
    } else {
      run.checkpoint();
      run.startedColor = plan.idle;
      try {
        await run.timeline.run("stage", `${plan.idle} from ${options.image}`, () =>
          target.start({
            color: plan.idle,
            image: options.image,
            digest,
            release,
            ...(plan.previousDigest ? { previousDigest: plan.previousDigest } : {}),
          }),
        );
      } catch (error) {
        await target.retire(plan.idle).catch(() => undefined);
        return run.fail("failed", `${plan.idle} did not start: ${describeError(error)}`, error);
      }
    }
    run.checkpoint();
    await run.timeline.run("preview", `preview -> ${plan.idle}`, () => target.exposePreview(plan.idle));
    if (!(await run.gate("preview gates", options.previewGates, plan.idle))) {
      await run.timeline.run("retire", `${plan.idle} (gates failed)`, () => target.retire(plan.idle));
      return run.fail("failed", "a preview gate failed");
    }
    if (options.promotion === "manual") {
      await run.record("staged", {}, options.verification);
      run.startedColor = undefined;
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
  /**
   * The color's restart count as read under the lock (promote); read now when not given. An older
   * count can only make a restart in between count against the watch, never hide one.
   */
  restarts?: number,
): Promise<DeployResult> {
  const { target, watch } = run.options;
  // only the watch compares restarts
  const restartsBefore = watch ? (restarts ?? (await target.readState()).colors[color]?.restarts ?? 0) : 0;
  run.checkpoint(); // the last safe point before the switch; from here the run switches and records, or undoes
  // forward: the previous color, verified and live until now, is the fallback while `color` is watched
  await run.timeline.run("switch", `live -> ${color}`, () =>
    target.switchLive(color, { fallbackToOther: previous !== undefined }),
  );
  run.result.liveColor = color;
  run.startedColor = undefined;
  let watched: boolean;
  try {
    watched = watch ? await run.gate("watch", [watch, stayedUp(target, color, restartsBefore)], color) : true;
  } catch (error) {
    if (error instanceof CancelledError && !run.lockLost) await undoSwitch(run, previous, error);
    throw error;
  }
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

/**
 * A run stopped during the watch: switches back to the previous color and records the release
 * failed, so the switch never stays without its ledger record. With the lock lost, nothing is
 * touched: another run holds the environment now.
 */
async function undoSwitch(run: Run, previous: Color | undefined, error: CancelledError): Promise<void> {
  if (previous) {
    await run.timeline.run("switch back", `live -> ${previous} (stopped)`, () =>
      run.options.target.switchLive(previous),
    );
    run.result.liveColor = previous;
  }
  const back = previous ? `switched back to ${previous}` : "no previous color to switch back to";
  run.result.reason = `${error.message} during the watch; ${back}`;
  await run.record("failed");
}

/**
 * The digest is live already: `done` when its release is recorded as promoted; otherwise (a rerun
 * after a crash between switch and record) watch it and complete the record, as the plan says.
 */
async function completeLive(run: Run, plan: DeployPlan): Promise<DeployResult> {
  const r = run.result;
  r.color = plan.live ?? r.color;
  if (plan.liveRelease) r.release = plan.liveRelease;
  r.previousDigest = plan.previousDigest;
  if (plan.kind === "done") {
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
