import { GreenlightError } from "../errors";
import { latestByRelease, pickRollbackTarget } from "../ledger/ledger";
import type { Color } from "../ledger/record";
import { type DeployOptions, deploy, type EngineOptions, Run, switchAndWatch } from "./bluegreen";
import { liveDigest, planPromote, planSwitchBack, stagedColor, stagedRelease, warmColor } from "./plan";
import type { DeployResult } from "./result";
import { verifyBeforeSwitch } from "./switch-verify";
import { otherColor, type TargetState } from "./target";

export interface PromoteOptions extends EngineOptions {
  /** The staged color; default the color the preview serves. */
  color?: Color;
  /** The target's state the caller read just now (its status): read again under the lock. */
  state?: TargetState;
}

/** Switches live to a staged color whose gates passed (after `promotion: manual`), then watches. */
export async function promote(options: PromoteOptions): Promise<DeployResult> {
  const { target } = options;
  const state = options.state ?? (await target.readState());
  const color = options.color ?? stagedColor(state);
  const staged = stagedRelease(state, color, options);
  const run = new Run(options, "promote", staged.image, staged.digest as string, staged.release as string);
  run.result.color = color;
  return run.locked(async () => {
    const [fresh, records] = await Promise.all([target.readState(), options.ledger.history()]);
    const now = fresh.colors[color];
    if (now?.digest !== staged.digest || now?.release !== staged.release) {
      throw new GreenlightError(
        `promote: ${color} changed while waiting for the lock (now ${now?.release ?? "gone"})`,
      );
    }
    run.result.liveColor = fresh.live;
    run.result.previousDigest = liveDigest(fresh);
    // the same decision `promote --dry-run` prints (plan.ts), on the state under the lock
    const plan = planPromote(fresh, records, { ...options, color, watchSeconds: options.watch ? 1 : 0 });
    if (plan.kind === "done") return run.result;
    const newest = latestByRelease(records).find((s) => s.record.release === staged.release);
    const verification = await verifyBeforeSwitch(run, color, now, options.verify);
    run.gates.push(...(newest?.record.gates ?? []));
    return switchAndWatch(
      run,
      color,
      fresh.live === color ? undefined : fresh.live,
      verification,
      now?.restarts,
    );
  });
}

export interface RollbackOptions extends EngineOptions {
  /** Deploy this earlier digest (`repo@sha256:…`) through every gate instead of switching back; the caller verifies its provenance first. */
  to?: string;
  /** Release id of the redeploy (with `to`); default `r<time>-<digest>`. */
  release?: string;
  preStageGates?: DeployOptions["preStageGates"];
  verification?: DeployOptions["verification"];
  /** The target's state the caller read just now (its status): a switch back reads it again under the lock. */
  state?: TargetState;
}

/** Switches back to the warm previous color, or (with `to`) deploys an earlier digest through the gates. */
export async function rollback(options: RollbackOptions): Promise<DeployResult> {
  if (options.to) return deploy({ ...options, image: options.to }, "rollback");
  const { target, ledger } = options;
  const state = options.state ?? (await target.readState());
  const warm = warmColor(state);
  const warmState = warm ? state.colors[warm] : undefined;
  if (!state.live || !warm || !warmState?.digest || !warmState.release) {
    const suggestion = pickRollbackTarget(await ledger.history());
    throw new GreenlightError(
      `rollback ${options.app}/${options.environment}: no warm previous color to switch back to`,
      {
        hint: suggestion
          ? `roll back with to: ${suggestion.repository}@${suggestion.digest} (release ${suggestion.release}), which is deployed through the gates`
          : "the ledger has no earlier healthy release either",
      },
    );
  }
  const run = new Run(options, "rollback", warmState.image, warmState.digest, warmState.release);
  run.result.color = warm;
  return run.locked(async () => {
    const [fresh, records] = await Promise.all([target.readState(), ledger.history()]);
    if (fresh.live !== state.live || fresh.colors[warm]?.digest !== warmState.digest) {
      throw new GreenlightError("rollback: the environment changed while waiting for the lock; run it again");
    }
    // the same decision `rollback --dry-run` prints (plan.ts), on the state under the lock
    const plan = planSwitchBack(fresh, records, {
      ...options,
      previewGates: (options.previewGates ?? []).map((g) => g.name),
    });
    const live = state.live as Color;
    const liveState = fresh.colors[live];
    run.result.liveColor = live;
    run.result.previousDigest = liveState?.digest;
    const verification = await verifyBeforeSwitch(run, warm, fresh.colors[warm], options.verify);
    const scaleUp = target.scaleUp?.bind(target);
    if (plan.steps.some((step) => step.action === "scale") && scaleUp) {
      await run.timeline.run("scale up", `${warm} (kept scaled down)`, () => scaleUp(warm));
    }
    if (!(await run.gate("preview gates", options.previewGates, warm))) {
      return run.fail("failed", `the warm color ${warm} failed its gates; live stays on ${live}`);
    }
    await run.timeline.run("switch", `live -> ${warm}`, () => target.switchLive(warm));
    run.result.liveColor = warm;
    // the release left and the one now live, in one ledger write
    await run.records([
      ...(liveState?.release && liveState.digest
        ? [
            {
              outcome: "rolled-back" as const,
              extra: {
                release: liveState.release,
                digest: liveState.digest,
                repository: liveState.image.split("@")[0] ?? "",
                color: otherColor(warm),
                reason: `rolled back to ${warmState.digest}`,
              },
            },
          ]
        : []),
      { outcome: "promoted", verification },
    ]);
    return run.result;
  });
}
