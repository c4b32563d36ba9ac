import { GreenlightError } from "../errors";
import { currentLive, latestByRelease, pickRollbackTarget } from "../ledger/ledger";
import type { ReleaseRecord } from "../ledger/record";
import { type Color, type ColorState, otherColor, type TargetState } from "./target";

/** The color a new release is staged as: the one that is not live (blue before the first deploy). */
export function idleColor(state: TargetState): Color {
  return state.live ? otherColor(state.live) : "blue";
}

/**
 * The previous color kept for a switch-back rollback, if it still runs a labelled digest or is
 * kept scaled down (the rollback scales it up before its gates).
 */
export function warmColor(state: TargetState): Color | undefined {
  if (!state.live) return undefined;
  const other = state.colors[otherColor(state.live)];
  return (other?.running || other?.scaledDown) && other.digest ? other.color : undefined;
}

/** The digest live traffic goes to now. */
export function liveDigest(state: TargetState): string | undefined {
  return state.live ? state.colors[state.live]?.digest : undefined;
}

export type PlanAction =
  | "verify"
  | "build"
  | "tag"
  | "attest"
  | "lock"
  | "unlock"
  | "gate"
  | "retire"
  | "start"
  | "reuse"
  | "preview"
  | "switch"
  | "watch"
  | "record"
  | "scale"
  | "done";

export interface PlanStep {
  action: PlanAction;
  detail: string;
}

/**
 * What a deploy does, decided from the target's state and the ledger: `--dry-run` prints it and the
 * engine (bluegreen.ts) carries it out, so the two cannot disagree.
 */
export interface DeployPlan {
  /**
   * `deploy`: stage the idle color (and switch, unless manual). `complete-live`: the digest is live
   * already but its release is not recorded as promoted (a run that crashed between switch and
   * record): watch it, then record it. `done`: live and recorded as promoted; nothing to do.
   */
  kind: "deploy" | "complete-live" | "done";
  idle: Color;
  live: Color | undefined;
  /** The digest the release replaces: live now, or (already live) what its newest record says. */
  previousDigest: string | undefined;
  /** Already live: the live color's release (the run completes that release, not a new one). */
  liveRelease?: string;
  /**
   * The idle color already runs this digest under a release the ledger has no record of (an attempt
   * that crashed after staging): keep it, do not restart it.
   */
  reuseStaged: boolean;
  steps: PlanStep[];
}

export interface PlanOptions {
  image: string;
  digest: string;
  promotion: "auto" | "manual";
  preStageGates: readonly string[];
  previewGates: readonly string[];
  watchSeconds: number;
  /**
   * The environment's ledger records, oldest first. An idle color that runs this digest under a
   * release recorded here (the warm previous release) belongs to that earlier release: it is
   * restaged under this attempt's own release id, never taken over (its failure would be recorded
   * as that earlier release's). A live digest is complete only once its release is recorded promoted.
   */
  records?: readonly Pick<ReleaseRecord, "release" | "outcome" | "previousDigest">[];
}

/** Decides the steps of a deploy from the state and the ledger; pure. */
export function planDeploy(state: TargetState, options: PlanOptions): DeployPlan {
  const live = state.live;
  const previousDigest = liveDigest(state);
  const liveState = live ? state.colors[live] : undefined;
  const idle = idleColor(state);
  const idleState = state.colors[idle];
  const records = options.records ?? [];
  const recorded = (release: string | undefined) => records.some((r) => r.release === release);
  const steps: PlanStep[] = [{ action: "lock", detail: `lock ${state.app}/${state.environment}` }];
  if (liveState?.running && liveState.digest === options.digest) {
    const release = liveState.release;
    const newest = records.filter((r) => r.release === release).at(-1);
    const already = { idle, live, previousDigest: newest?.previousDigest, reuseStaged: false };
    const liveRelease = release ? { liveRelease: release } : {};
    if (newest?.outcome === "promoted") {
      steps.push({
        action: "done",
        detail: `${options.digest} is already live as ${live} and recorded as promoted (release ${release}): nothing to do`,
      });
      return { kind: "done", ...already, ...liveRelease, steps };
    }
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    if (options.watchSeconds > 0) {
      steps.push({
        action: "watch",
        detail: `${options.digest} is already live as ${live} (${seen}): watch live for ${options.watchSeconds}s; on failure record it failed (live is not switched)`,
      });
    }
    steps.push({
      action: "record",
      detail: `record release ${release ?? "(unlabelled)"} promoted${options.watchSeconds > 0 ? "" : ` (${options.digest} is already live as ${live}; ${seen})`}; nothing is started or switched`,
    });
    return { kind: "complete-live", ...already, ...liveRelease, steps };
  }
  for (const gate of options.preStageGates) steps.push({ action: "gate", detail: `before staging: ${gate}` });
  const reuseStaged = Boolean(
    idleState?.running &&
      idleState.digest === options.digest &&
      idleState.release &&
      !recorded(idleState.release),
  );
  if (reuseStaged) {
    steps.push({ action: "reuse", detail: `${idle} already runs ${options.digest}: keep it` });
  } else {
    if (idleState) {
      const what = idleState.digest ? `${idleState.digest} (${idleState.status})` : idleState.status;
      const earlier =
        idleState.release && recorded(idleState.release)
          ? `, release ${idleState.release} (restaged under this attempt's own release id; that release's records stay as they are)`
          : "";
      steps.push({ action: "retire", detail: `retire ${idle}, which runs ${what}${earlier}` });
    }
    steps.push({ action: "start", detail: `start ${idle} from ${options.image}` });
  }
  steps.push({ action: "preview", detail: `point preview at ${idle}` });
  for (const gate of options.previewGates) steps.push({ action: "gate", detail: `on preview: ${gate}` });
  if (options.promotion === "manual") {
    steps.push({ action: "record", detail: `record ${idle} as staged; wait for 'promote'` });
    return { kind: "deploy", idle, live, previousDigest, reuseStaged, steps };
  }
  const keep = live ? `; ${live} (${previousDigest ?? "unlabelled"}) stays warm for rollback` : "";
  steps.push({
    action: "switch",
    detail: `switch live to ${idle}, preview to ${live ?? otherColor(idle)}${keep}`,
  });
  if (options.watchSeconds > 0) {
    steps.push({
      action: "watch",
      detail: `watch live for ${options.watchSeconds}s; switch back on failure`,
    });
  }
  steps.push({ action: "record", detail: "record the outcome in the ledger" });
  return { kind: "deploy", idle, live, previousDigest, reuseStaged, steps };
}

/** The plan as numbered lines. */
export function formatPlan(plan: DeployPlan): string {
  return plan.steps.map((step, index) => `${index + 1}. ${step.action.padEnd(7)} ${step.detail}`).join("\n");
}

/** One disagreement between what the target runs and what the ledger says. */
export interface Drift {
  color?: Color;
  detail: string;
}

/** Compares the target with the ledger (records oldest first); pure. */
export function findDrift(state: TargetState, records: readonly ReleaseRecord[]): Drift[] {
  const drift: Drift[] = state.driftFacts.map((detail) => ({ detail }));
  const ours = records.filter((r) => r.app === state.app && r.environment === state.environment);
  for (const colorState of Object.values(state.colors)) {
    if (!colorState) continue;
    const { color, digest, release } = colorState;
    if (!digest || !release) {
      drift.push({
        color,
        detail: `${color} runs ${colorState.image} without greenlight digest/release labels`,
      });
      continue;
    }
    const imageDigest = colorState.image.split("@")[1];
    if (imageDigest !== digest) {
      drift.push({ color, detail: `${color} runs ${colorState.image} but is labelled ${digest}` });
    }
    const recorded = ours.filter((r) => r.release === release);
    if (recorded.length === 0) {
      drift.push({
        color,
        detail: `${color} runs release ${release} (${digest}), which the ledger does not know`,
      });
    } else if (recorded.some((r) => r.digest !== digest)) {
      drift.push({
        color,
        detail: `${color} runs ${digest} as release ${release}, the ledger recorded another digest`,
      });
    }
  }
  if (state.live) {
    const live = state.colors[state.live];
    if (!live) {
      drift.push({ color: state.live, detail: `live points at ${state.live}, which does not exist` });
    } else {
      if (!live.running)
        drift.push({ color: live.color, detail: `live color ${live.color} is ${live.status}` });
      const latest = ours.filter((r) => r.digest === live.digest).at(-1);
      if (live.digest && latest?.outcome !== "promoted") {
        const seen = latest ? `its newest record is '${latest.outcome}'` : "no record names it";
        drift.push({
          color: live.color,
          detail: `live ${live.color} runs ${live.digest}, not recorded as promoted (${seen})`,
        });
      } else if (live.digest) {
        const recorded = currentLive(ours);
        if (recorded && recorded.digest !== live.digest) {
          drift.push({
            color: live.color,
            detail: `live points at ${live.color} (${live.digest}), but the ledger's live release is ${recorded.release} (${recorded.digest}): switched outside greenlight`,
          });
        }
      }
    }
  }
  return drift;
}

/** The steps as numbered report facts (`1. lock`, what it does), numbering from `first`. */
export function numberedFacts(steps: readonly PlanStep[], first = 1): [string, string][] {
  return steps.map((step, i): [string, string] => [`${first + i}. ${step.action}`, step.detail]);
}

/**
 * What promote, reject or a switch-back rollback does to a color, with the checks it makes first
 * (same refusals): `--dry-run` prints it and the engine (promote.ts, reject.ts) carries it out.
 * `done`: the requested state is there already; nothing to do.
 */
export interface SwitchPlan {
  kind: "switch" | "done";
  color: Color;
  image: string;
  digest: string;
  release: string;
  steps: PlanStep[];
}

interface Environment {
  app: string;
  environment: string;
}

/** The color promote switches to: the one on preview when it is not live, else the idle one. Pure. */
export function stagedColor(state: TargetState): Color {
  return state.preview && state.preview !== state.live ? state.preview : idleColor(state);
}

/** The running, labelled release on `color` that promote would switch to; refused otherwise. */
export function stagedRelease(state: TargetState, color: Color, options: Environment): ColorState {
  const staged = state.colors[color];
  if (!staged?.running || !staged.digest || !staged.release) {
    throw new GreenlightError(
      `promote ${options.app}/${options.environment}: ${color} is not running a staged release`,
      { hint: "deploy with promotion: manual first; promote switches to the color it staged" },
    );
  }
  return staged;
}

/** What `promote` does, with the checks it makes before it switches (same refusals); pure. */
export function planPromote(
  state: TargetState,
  records: readonly ReleaseRecord[],
  options: Environment & { color?: Color; watchSeconds: number },
): SwitchPlan {
  const color = options.color ?? stagedColor(state);
  const staged = stagedRelease(state, color, options);
  const plan = {
    color,
    image: staged.image,
    digest: staged.digest as string,
    release: staged.release as string,
  };
  const newest = latestByRelease(records).find((s) => s.record.release === staged.release)?.record;
  const lock: PlanStep = { action: "lock", detail: `lock ${state.app}/${state.environment}` };
  if (state.live === color && newest?.outcome === "promoted") {
    return {
      kind: "done",
      ...plan,
      steps: [lock, { action: "done", detail: `release ${staged.release} is live already: nothing to do` }],
    };
  }
  if (state.live !== color && newest?.outcome !== "staged") {
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    throw new GreenlightError(
      `promote: release ${staged.release} on ${color} is not staged with passing gates (${seen})`,
      { hint: "deploy the digest again (promotion: manual) so its gates run" },
    );
  }
  return {
    kind: "switch",
    ...plan,
    steps: [lock, ...switchSteps(state, color, plan.release, options.watchSeconds)],
  };
}

/** What `reject` would do, with reject's checks (same refusals); pure. */
export function planReject(
  state: TargetState,
  records: readonly ReleaseRecord[],
  options: Environment & { color?: Color; reason: string },
): SwitchPlan {
  const color = options.color ?? (state.preview !== state.live ? state.preview : undefined);
  const staged = color ? state.colors[color] : undefined;
  if (!color || color === state.live || !staged?.digest || !staged.release) {
    throw new GreenlightError(`reject ${options.app}/${options.environment}: no staged color to reject`, {
      hint: "reject throws away what deploy staged with promotion: manual; 'greenlight status' shows what runs",
    });
  }
  const newest = latestByRelease(records).find((s) => s.record.release === staged.release)?.record;
  if (newest?.outcome !== "staged") {
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    throw new GreenlightError(`reject: release ${staged.release} on ${color} is not staged (${seen})`, {
      hint: "only a release staged with promotion: manual and not yet promoted can be rejected",
    });
  }
  const steps: PlanStep[] = [
    { action: "lock", detail: `lock ${state.app}/${state.environment}` },
    { action: "retire", detail: `retire ${color}, which runs ${staged.digest} (release ${staged.release})` },
  ];
  if (state.live) steps.push({ action: "preview", detail: `point preview back at live ${state.live}` });
  steps.push({ action: "record", detail: `record release ${staged.release} failed: ${options.reason}` });
  return {
    kind: "switch",
    color,
    image: staged.image,
    digest: staged.digest,
    release: staged.release,
    steps,
  };
}

/** What a rollback without `to` would do when a warm previous color runs, with its checks; pure. */
export function planSwitchBack(
  state: TargetState,
  records: readonly ReleaseRecord[],
  options: Environment & { previewGates: readonly string[] },
): SwitchPlan {
  const warm = warmColor(state);
  const warmState = warm ? state.colors[warm] : undefined;
  if (!state.live || !warm || !warmState?.digest || !warmState.release) {
    throw new GreenlightError(
      `rollback ${options.app}/${options.environment}: no warm previous color to switch back to`,
    );
  }
  const expected = pickRollbackTarget(records);
  if (expected?.digest !== warmState.digest) {
    const want = expected ? `${expected.digest} (release ${expected.release})` : "no earlier healthy release";
    throw new GreenlightError(
      `rollback: warm ${warm} runs ${warmState.digest}, but the ledger's rollback target is ${want}`,
      {
        hint: expected
          ? `roll back with to: ${expected.repository}@${expected.digest}`
          : "deploy a known-good digest",
      },
    );
  }
  const live = state.colors[state.live];
  const steps: PlanStep[] = [{ action: "lock", detail: `lock ${state.app}/${state.environment}` }];
  if (warmState.scaledDown) {
    steps.push({ action: "scale", detail: `scale ${warm} back up (kept scaled down after its keep window)` });
  }
  for (const gate of options.previewGates)
    steps.push({ action: "gate", detail: `on preview (${warm}): ${gate}` });
  steps.push({
    action: "switch",
    detail: `switch live to ${warm} (${warmState.digest}), preview to ${state.live}`,
  });
  // one ledger write: the release left, then the one now live
  const left =
    live?.release && live.digest ? `release ${live.release} (${live.digest}) rolled back, then ` : "";
  steps.push({ action: "record", detail: `record ${left}release ${warmState.release} promoted` });
  return {
    kind: "switch",
    color: warm,
    image: warmState.image,
    digest: warmState.digest,
    release: warmState.release,
    steps,
  };
}

function switchSteps(state: TargetState, color: Color, release: string, watchSeconds: number): PlanStep[] {
  const previous = state.live && state.live !== color ? state.live : undefined;
  const previousDigest = previous ? state.colors[previous]?.digest : undefined;
  const keep = previous ? `; ${previous} (${previousDigest ?? "unlabelled"}) stays warm for rollback` : "";
  const steps: PlanStep[] = [
    {
      action: "switch",
      detail: `switch live to ${color}, preview to ${previous ?? otherColor(color)}${keep}`,
    },
  ];
  if (watchSeconds > 0) {
    steps.push({ action: "watch", detail: `watch live for ${watchSeconds}s; switch back on failure` });
  }
  steps.push({ action: "record", detail: `record release ${release} promoted` });
  return steps;
}
