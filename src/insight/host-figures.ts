import type { Drift } from "../deploy/plan";
import type { TargetState } from "../deploy/target";

/** The figures read from the host now, beside the ledger's: drift and infrastructure-as-code coverage. */
export interface HostFigures {
  /** Colors plus the router, and how many of them disagree with the ledger; undefined when the host was not read. */
  drift?: { objects: number; drifted: number; details: string[] };
  /** Containers on the Docker host, and how many carry a `dev.greenlight.*` label. */
  iac?: { containers: number; managed: number };
  /** Why a figure is missing (the host could not be reached). */
  problems: string[];
}

/**
 * Configuration drift as a share: the objects are the colors that exist plus the router (when it
 * routes, or a drift names it); a color is drifted when any drift names it, the router when a drift
 * names no color (routing, settings, saved map). Undefined when nothing of the environment runs. Pure.
 */
export function driftShare(state: TargetState, drift: readonly Drift[]): HostFigures["drift"] {
  const colors = Object.values(state.colors).filter(Boolean).length;
  const routerDrift = drift.some((d) => !d.color);
  const router = state.live !== undefined || state.preview !== undefined || routerDrift ? 1 : 0;
  if (colors + router === 0) return undefined;
  const drifted = new Set(drift.map((d) => d.color ?? "router"));
  return {
    objects: colors + router,
    drifted: drifted.size,
    details: drift.map((d) => `${d.color ?? "-"}: ${d.detail}`),
  };
}

/** The `docker ps -a` format iacCoverage reads: one line per container, even one without labels. */
export const PS_FORMAT = "c {{.Labels}}";

/**
 * Infrastructure-as-code coverage from `docker ps -a --format PS_FORMAT` (a line `c key=value,…` per
 * container, stopped ones included): the containers that carry any `dev.greenlight.` label. Pure.
 */
export function iacCoverage(psOutput: string): NonNullable<HostFigures["iac"]> {
  const lines = psOutput.split("\n").filter((l) => l.startsWith("c "));
  const managed = lines.filter((l) => /^c (.*,)?dev\.greenlight\.[^=,]*=/.test(l)).length;
  return { containers: lines.length, managed };
}
