import type { ReleaseRecord } from "../ledger/record";
import { type Color, otherColor, type TargetState } from "./target";

/** The color a new release is staged as: the one that is not live (blue before the first deploy). */
export function idleColor(state: TargetState): Color {
  return state.live ? otherColor(state.live) : "blue";
}

/** The previous color kept warm for a switch-back rollback, if it still runs a labelled digest. */
export function warmColor(state: TargetState): Color | undefined {
  if (!state.live) return undefined;
  const other = state.colors[otherColor(state.live)];
  return other?.running && other.digest ? other.color : undefined;
}

/** The digest live traffic goes to now. */
export function liveDigest(state: TargetState): string | undefined {
  return state.live ? state.colors[state.live]?.digest : undefined;
}

export type PlanAction =
  | "lock"
  | "gate"
  | "retire"
  | "start"
  | "reuse"
  | "preview"
  | "switch"
  | "watch"
  | "record";

export interface PlanStep {
  action: PlanAction;
  detail: string;
}

/** What a deploy would do, decided from the target's state alone; `--dry-run` prints it. */
export interface DeployPlan {
  /** `already-live`: the digest is live already; a rerun only completes the record. */
  kind: "deploy" | "already-live";
  idle: Color;
  live: Color | undefined;
  previousDigest: string | undefined;
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
   * Releases the ledger has records of. An idle color that runs this digest under one of them (the
   * warm previous release) belongs to that earlier release: it is restaged under this attempt's own
   * release id, never taken over (its failure would be recorded as that earlier release's).
   */
  recordedReleases?: readonly string[];
}

/** Decides the steps of a deploy from the state; pure. */
export function planDeploy(state: TargetState, options: PlanOptions): DeployPlan {
  const live = state.live;
  const previousDigest = liveDigest(state);
  const liveState = live ? state.colors[live] : undefined;
  const idle = idleColor(state);
  const idleState = state.colors[idle];
  const steps: PlanStep[] = [{ action: "lock", detail: `lock ${state.app}/${state.environment}` }];
  if (liveState?.running && liveState.digest === options.digest) {
    steps.push({
      action: "record",
      detail: `${options.digest} is already live as ${live}: record it, change nothing`,
    });
    return { kind: "already-live", idle, live, previousDigest, reuseStaged: false, steps };
  }
  for (const gate of options.preStageGates) steps.push({ action: "gate", detail: `before staging: ${gate}` });
  const reuseStaged = Boolean(
    idleState?.running &&
      idleState.digest === options.digest &&
      idleState.release &&
      !options.recordedReleases?.includes(idleState.release),
  );
  if (reuseStaged) {
    steps.push({ action: "reuse", detail: `${idle} already runs ${options.digest}: keep it` });
  } else {
    if (idleState) {
      const what = idleState.digest ? `${idleState.digest} (${idleState.status})` : idleState.status;
      const earlier =
        idleState.release && options.recordedReleases?.includes(idleState.release)
          ? `, release ${idleState.release} (its records stay; it stays a rollback target)`
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
      }
    }
  }
  return drift;
}
