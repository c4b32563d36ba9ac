import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  latestByRelease,
  liveDigest,
  newReleaseId,
  pickRollbackTarget,
  planDeploy,
  planPromote,
  planReject,
  planSwitchBack,
  stagedColor,
  stagedRelease,
  warmColor
} from "./chunk-AQ7GFJKS.mjs";
import {
  CancelledError,
  throwIfCancelled
} from "./chunk-WXS3AS6K.mjs";
import {
  otherColor
} from "./chunk-TD6C3PZA.mjs";
import {
  parseReference,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError,
  RefusedError,
  describeError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/result.ts
var DeployFailedError = class extends RefusedError {
  constructor(message, result, options = {}) {
    super(message, options);
    this.result = result;
  }
  result;
};
async function runGate(gate, release) {
  const started = Date.now();
  try {
    const produced = await gate.run(release);
    return Array.isArray(produced) ? produced : [produced];
  } catch (error) {
    return [
      {
        name: gate.name,
        kind: gate.kind,
        passed: false,
        detail: describeError(error),
        durationMs: Date.now() - started
      }
    ];
  }
}
var Timeline = class {
  constructor(log) {
    this.log = log;
  }
  log;
  steps = [];
  /** Runs one step; a throw is recorded as a failed step and rethrown. */
  async run(step, detail, fn) {
    const started = Date.now();
    this.log.info(`${step}: ${detail}`);
    try {
      const value = await fn();
      this.steps.push({ step, detail, ok: true, durationMs: Date.now() - started });
      return value;
    } catch (error) {
      this.steps.push({
        step,
        detail: `${detail}: ${describeError(error)}`,
        ok: false,
        durationMs: Date.now() - started
      });
      throw error;
    }
  }
  /** Runs gates one after another, stopping at the first that fails; returns all results so far. */
  async gates(step, gates, release) {
    const results = [];
    const started = Date.now();
    for (const gate of gates) {
      if (release.signal?.aborted) break;
      const produced = await runGate(gate, release);
      for (const result of produced) {
        results.push(result);
        const mark = result.passed ? "passed" : "FAILED";
        this.log.info(`  gate ${result.name}: ${mark}: ${result.detail}`);
      }
      if (results.some((r) => !r.passed)) break;
    }
    const ok = results.every((r) => r.passed);
    const detail = `${results.filter((r) => r.passed).length}/${results.length} gates passed`;
    this.steps.push({ step, detail, ok, durationMs: Date.now() - started });
    return results;
  }
};

// src/deploy/bluegreen.ts
var Run = class {
  constructor(options, action, image, digest, release) {
    this.options = options;
    this.timeline = new Timeline(options.log);
    this.signal = options.signal ? AbortSignal.any([options.signal, this.lost.signal]) : this.lost.signal;
    const { liveUrl, previewUrl } = options.target.endpoints();
    this.result = {
      action,
      outcome: "unchanged",
      app: options.app,
      environment: options.environment,
      color: "blue",
      liveColor: void 0,
      image,
      digest,
      release,
      previousDigest: void 0,
      liveUrl,
      previewUrl,
      gates: this.gates,
      timeline: this.timeline.steps,
      ...options.reason ? { reason: options.reason } : {}
    };
  }
  options;
  timeline;
  gates = [];
  result;
  /** Aborted by the front-end's signal, or when the heartbeat finds the lock lost. */
  signal;
  /** The color this run started and has not made live: removed when the run is stopped. */
  startedColor;
  lost = new AbortController();
  /**
   * Takes the environment lock, runs `fn`, and always releases the lock. A run stopped at a safe
   * point (signal, lost lock) removes the color it staged, releases the lock and throws a
   * CancelledError that says what state the environment is in.
   */
  async locked(fn) {
    const { target, app, environment, actor, runUrl } = this.options;
    let lock;
    try {
      lock = await this.timeline.run("lock", `${app}/${environment} on ${target.description}`, async () => {
        await target.prepare();
        Object.assign(this.result, target.endpoints());
        return target.acquireLock({
          owner: actor,
          ...runUrl ? { runUrl } : {},
          ttlMs: this.options.lockTtlMs ?? 15 * 6e4,
          waitMs: this.options.lockTimeoutMs ?? 5 * 6e4,
          ...this.options.lockLease ? { lease: this.options.lockLease } : {},
          signal: this.signal,
          onLost: (why) => this.lost.abort(new CancelledError(`lost the lock: ${why}`, void 0))
        });
      });
      return await fn();
    } catch (error) {
      if (error instanceof CancelledError) throw await this.stopped(error, lock);
      throw error;
    } finally {
      await lock?.release().catch((error) => this.options.log.warn(`could not release the lock: ${describeError(error)}`));
    }
  }
  /** Whether the heartbeat found the lock taken over or removed. */
  get lockLost() {
    return this.lost.signal.aborted;
  }
  /** A safe point: throws the cancellation when the run was stopped. */
  checkpoint() {
    throwIfCancelled(this.signal);
  }
  /** Cleans up after a stop at a safe point and says what state the environment is left in. */
  async stopped(error, lock) {
    const r = this.result;
    const facts = [];
    if (!lock) {
      facts.push("nothing was changed");
    } else {
      facts.push(
        r.liveColor ? `live is ${r.liveColor}${r.liveColor === r.color ? ` (${r.digest})` : " (unchanged)"}` : "nothing is live"
      );
      const staged = this.startedColor;
      if (staged && staged !== r.liveColor) {
        if (this.lockLost) {
          facts.push(`staged ${staged} was left as it is (another run holds the lock now)`);
        } else {
          try {
            await this.timeline.run(
              "retire",
              `${staged} (stopped)`,
              () => this.options.target.retire(staged)
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
          (cause) => facts.push(`the lock could not be released: ${describeError(cause)}`)
        );
      }
    }
    const message = `${r.action} of ${r.image}: ${error.message}; ${facts.join("; ")}`;
    this.options.log.warn(message);
    return new CancelledError(message, error.signal, {
      hint: "greenlight status shows the environment; run the command again to continue"
    });
  }
  /** What the gates are told about the release under test on `color`. */
  underTest(color) {
    const { liveUrl, previewUrl } = this.result;
    return {
      digest: this.result.digest,
      image: this.result.image,
      color,
      previewUrl,
      liveUrl,
      signal: this.signal
    };
  }
  /** Runs gates into the result; true when all passed. */
  async gate(step, gates, color) {
    if (!gates?.length) return true;
    const results = await this.timeline.gates(step, gates, this.underTest(color));
    this.checkpoint();
    this.gates.push(...results);
    return results.every((r) => r.passed);
  }
  /** Appends a ledger record for this run's release (or another release, for a rollback). */
  async record(outcome, extra = {}, verification) {
    return (await this.records([{ outcome, extra, verification }]))[0];
  }
  /** Appends ledger records in order, in one write where the ledger can (a rollback's two records). */
  async records(entries) {
    const o = this.options;
    const r = this.result;
    const time = (o.now?.() ?? /* @__PURE__ */ new Date()).toISOString();
    const timeline = this.timeline.steps.map(({ step, ok, durationMs }) => ({ step, ok, durationMs }));
    const records = entries.map(
      ({ outcome, extra = {}, verification }) => ({
        release: r.release,
        app: o.app,
        environment: o.environment,
        action: r.action,
        outcome,
        repository: repositoryName(parseReference(r.image)),
        digest: r.digest,
        color: r.color,
        ...r.previousDigest ? { previousDigest: r.previousDigest } : {},
        ...verification ? { verification } : {},
        gates: [...this.gates],
        actor: o.actor,
        time,
        ...o.runUrl ? { runUrl: o.runUrl } : {},
        ...r.reason ? { reason: r.reason } : {},
        timeline,
        ...extra
      })
    );
    const what = records.map((record) => `${record.release} ${record.outcome}`).join(", ");
    const ids = await this.timeline.run("record", what, async () => {
      const { ledger } = o;
      if (ledger.appendAll) return ledger.appendAll(records);
      const appended = [];
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
  async fail(outcome, reason, cause) {
    this.result.reason = reason;
    await this.record(outcome);
    throw new DeployFailedError(`${this.result.action} of ${this.result.image}: ${reason}`, this.result, {
      cause,
      hint: outcome === "refused" ? "nothing was changed; fix the release and deploy again" : `live traffic stays on ${this.result.liveColor ?? "nothing"}; see the gate results`
    });
  }
};
async function deploy(options, action = "deploy") {
  const ref = parseReference(options.image, "image");
  if (!ref.digest) {
    throw new GreenlightError(`image '${options.image}' is not pinned by digest`, {
      hint: "deploy registry/repository@sha256:<hex>, as the build step outputs it; tags are never deployed"
    });
  }
  const digest = ref.digest;
  const release = options.release ?? newReleaseId(options.now?.() ?? /* @__PURE__ */ new Date(), digest);
  const run = new Run(options, action, options.image, digest, release);
  const { target } = options;
  return run.locked(async () => {
    const state = await target.readState();
    const records = await options.ledger.history();
    const plan = planDeploy(state, {
      image: options.image,
      digest,
      promotion: options.promotion ?? "auto",
      preStageGates: (options.preStageGates ?? []).map((g) => g.name),
      previewGates: (options.previewGates ?? []).map((g) => g.name),
      watchSeconds: options.watch ? 1 : 0,
      records
    });
    const r = run.result;
    r.color = plan.idle;
    r.liveColor = plan.live;
    r.previousDigest = plan.previousDigest;
    if (plan.kind !== "deploy") return completeLive(run, plan);
    if (!await run.gate("pre-stage gates", options.preStageGates, plan.idle)) {
      return run.fail("refused", "a pre-stage gate failed");
    }
    const idleState = state.colors[plan.idle];
    if (plan.reuseStaged && idleState?.release) {
      r.release = idleState.release;
    } else {
      run.checkpoint();
      run.startedColor = plan.idle;
      try {
        await run.timeline.run(
          "stage",
          `${plan.idle} from ${options.image}`,
          () => target.start({
            color: plan.idle,
            image: options.image,
            digest,
            release,
            ...plan.previousDigest ? { previousDigest: plan.previousDigest } : {}
          })
        );
      } catch (error) {
        await target.retire(plan.idle).catch(() => void 0);
        return run.fail("failed", `${plan.idle} did not start: ${describeError(error)}`, error);
      }
    }
    run.checkpoint();
    await run.timeline.run("preview", `preview -> ${plan.idle}`, () => target.exposePreview(plan.idle));
    if (!await run.gate("preview gates", options.previewGates, plan.idle)) {
      await run.timeline.run("retire", `${plan.idle} (gates failed)`, () => target.retire(plan.idle));
      return run.fail("failed", "a preview gate failed");
    }
    if (options.promotion === "manual") {
      await run.record("staged", {}, options.verification);
      run.startedColor = void 0;
      return r;
    }
    return switchAndWatch(run, plan.idle, plan.live, options.verification);
  });
}
async function switchAndWatch(run, color, previous, verification, restarts) {
  const { target, watch } = run.options;
  const restartsBefore = watch ? restarts ?? (await target.readState()).colors[color]?.restarts ?? 0 : 0;
  run.checkpoint();
  await run.timeline.run(
    "switch",
    `live -> ${color}`,
    () => target.switchLive(color, { fallbackToOther: previous !== void 0 })
  );
  run.result.liveColor = color;
  run.startedColor = void 0;
  let watched;
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
async function undoSwitch(run, previous, error) {
  if (previous) {
    await run.timeline.run(
      "switch back",
      `live -> ${previous} (stopped)`,
      () => run.options.target.switchLive(previous)
    );
    run.result.liveColor = previous;
  }
  const back = previous ? `switched back to ${previous}` : "no previous color to switch back to";
  run.result.reason = `${error.message} during the watch; ${back}`;
  await run.record("failed");
}
async function completeLive(run, plan) {
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
function stayedUp(target, color, restartsBefore) {
  const name = `${color} stayed up`;
  return {
    name,
    kind: "watch",
    run: async () => {
      const started = Date.now();
      const now = (await target.readState()).colors[color];
      const restarts = (now?.restarts ?? 0) - restartsBefore;
      const passed = Boolean(now?.running) && restarts === 0;
      const detail = now ? `${color} is ${now.status}, ${restarts} restart(s) during the watch` : `${color} is gone`;
      return { name, kind: "watch", passed, detail, durationMs: Date.now() - started };
    }
  };
}

// src/deploy/switch-verify.ts
function pinnedDigestOf(state) {
  let digest;
  try {
    digest = parseReference(state.image, `${state.color}'s image`).digest;
  } catch {
    digest = void 0;
  }
  if (!digest) {
    throw new GreenlightError(
      `${state.color} runs ${state.image}, which is not pinned by digest: its provenance cannot be verified`,
      { hint: "deploy the release again by digest; only a pinned digest is switched to" }
    );
  }
  if (state.digest !== digest) {
    throw new GreenlightError(
      `${state.color} runs ${state.image} but is labelled ${state.digest ?? "with no digest"}: refusing to switch to it`,
      { hint: "the container was changed outside greenlight; deploy the release again" }
    );
  }
  return digest;
}
async function verifyBeforeSwitch(run, color, state, verify) {
  const what = state ? `${state.image} (${color})` : color;
  return run.timeline.run("verify", what, async () => {
    if (!state) throw new GreenlightError(`${color} is gone: nothing to verify or switch to`);
    if (!verify) {
      throw new GreenlightError(`refusing to switch to ${state.image}: no verification was configured`, {
        hint: "pass the engine a verify check (the front-ends pass the provenance policy, or warn with verify: false)"
      });
    }
    return verify(pinnedDigestOf(state));
  });
}

// src/deploy/promote.ts
async function promote(options) {
  const { target } = options;
  const state = options.state ?? await target.readState();
  const color = options.color ?? stagedColor(state);
  const staged = stagedRelease(state, color, options);
  const run = new Run(options, "promote", staged.image, staged.digest, staged.release);
  run.result.color = color;
  return run.locked(async () => {
    const [fresh, records] = await Promise.all([target.readState(), options.ledger.history()]);
    const now = fresh.colors[color];
    if (now?.digest !== staged.digest || now?.release !== staged.release) {
      throw new GreenlightError(
        `promote: ${color} changed while waiting for the lock (now ${now?.release ?? "gone"})`
      );
    }
    run.result.liveColor = fresh.live;
    run.result.previousDigest = liveDigest(fresh);
    const plan = planPromote(fresh, records, { ...options, color, watchSeconds: options.watch ? 1 : 0 });
    if (plan.kind === "done") return run.result;
    const newest = latestByRelease(records).find((s) => s.record.release === staged.release);
    const verification = await verifyBeforeSwitch(run, color, now, options.verify);
    run.gates.push(...newest?.record.gates ?? []);
    return switchAndWatch(
      run,
      color,
      fresh.live === color ? void 0 : fresh.live,
      verification,
      now?.restarts
    );
  });
}
async function rollback(options) {
  if (options.to) return deploy({ ...options, image: options.to }, "rollback");
  const { target, ledger } = options;
  const state = options.state ?? await target.readState();
  const warm = warmColor(state);
  const warmState = warm ? state.colors[warm] : void 0;
  if (!state.live || !warm || !warmState?.digest || !warmState.release) {
    const suggestion = pickRollbackTarget(await ledger.history());
    throw new GreenlightError(
      `rollback ${options.app}/${options.environment}: no warm previous color to switch back to`,
      {
        hint: suggestion ? `roll back with to: ${suggestion.repository}@${suggestion.digest} (release ${suggestion.release}), which is deployed through the gates` : "the ledger has no earlier healthy release either"
      }
    );
  }
  const run = new Run(options, "rollback", warmState.image, warmState.digest, warmState.release);
  run.result.color = warm;
  return run.locked(async () => {
    const [fresh, records] = await Promise.all([target.readState(), ledger.history()]);
    if (fresh.live !== state.live || fresh.colors[warm]?.digest !== warmState.digest) {
      throw new GreenlightError("rollback: the environment changed while waiting for the lock; run it again");
    }
    const plan = planSwitchBack(fresh, records, {
      ...options,
      previewGates: (options.previewGates ?? []).map((g) => g.name)
    });
    const live = state.live;
    const liveState = fresh.colors[live];
    run.result.liveColor = live;
    run.result.previousDigest = liveState?.digest;
    const verification = await verifyBeforeSwitch(run, warm, fresh.colors[warm], options.verify);
    const scaleUp = target.scaleUp?.bind(target);
    if (plan.steps.some((step) => step.action === "scale") && scaleUp) {
      await run.timeline.run("scale up", `${warm} (kept scaled down)`, () => scaleUp(warm));
    }
    if (!await run.gate("preview gates", options.previewGates, warm)) {
      return run.fail("failed", `the warm color ${warm} failed its gates; live stays on ${live}`);
    }
    await run.timeline.run("switch", `live -> ${warm}`, () => target.switchLive(warm));
    run.result.liveColor = warm;
    await run.records([
      ...liveState?.release && liveState.digest ? [
        {
          outcome: "rolled-back",
          extra: {
            release: liveState.release,
            digest: liveState.digest,
            repository: liveState.image.split("@")[0] ?? "",
            color: otherColor(warm),
            reason: `rolled back to ${warmState.digest}`
          }
        }
      ] : [],
      { outcome: "promoted", verification }
    ]);
    return run.result;
  });
}

// src/deploy/reject.ts
async function reject(options) {
  const { target, app, environment } = options;
  const state = await target.readState();
  const color = options.color ?? (state.preview !== state.live ? state.preview : void 0);
  const staged = color ? state.colors[color] : void 0;
  if (!color || color === state.live || !staged?.digest || !staged.release) {
    throw new GreenlightError(`reject ${app}/${environment}: no staged color to reject`, {
      hint: "reject throws away what deploy staged with promotion: manual; 'greenlight status' shows what runs"
    });
  }
  const run = new Run(options, "reject", staged.image, staged.digest, staged.release);
  run.result.color = color;
  run.result.reason = options.reason ?? "rejected";
  return run.locked(async () => {
    const fresh = await target.readState();
    run.result.liveColor = fresh.live;
    run.result.previousDigest = fresh.live ? fresh.colors[fresh.live]?.digest : void 0;
    if (fresh.colors[color]?.release !== staged.release) {
      throw new GreenlightError(
        `reject: ${color} changed while waiting for the lock; run status and try again`
      );
    }
    const plan = planReject(fresh, await options.ledger.history(), {
      ...options,
      color,
      reason: run.result.reason ?? ""
    });
    await run.timeline.run("retire", `${color} (${staged.release})`, () => target.retire(color));
    if (plan.steps.some((step) => step.action === "preview") && fresh.live) {
      const live = fresh.live;
      await run.timeline.run("preview", `preview -> ${live}`, () => target.exposePreview(live));
    }
    await run.record("failed");
    return run.result;
  });
}

export {
  DeployFailedError,
  deploy,
  promote,
  rollback,
  reject
};
//# sourceMappingURL=chunk-QMUCPTAA.mjs.map
