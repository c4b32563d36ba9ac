import type { LedgerMetrics, Spread } from "../ledger/metrics";
import type { HostFigures } from "./host-figures";

/** One metric family of the exposition. */
interface Family {
  name: string;
  unit?: "seconds" | "ratio";
  help: string;
  samples: { labels?: Record<string, string>; value: number | undefined }[];
}

/**
 * The figures in the OpenMetrics text format (`application/openmetrics-text; version=1.0.0`): every
 * family a gauge with `# TYPE`, `# UNIT` where it has one, `# HELP`, and the final `# EOF`. A figure
 * that cannot be computed (no promotions, host not read) has its family but no sample.
 */
export function openMetrics(m: LedgerMetrics, host: HostFigures, app: string, buildTime?: Spread): string {
  const base = { app, environment: m.environment };
  const spreadSamples = (s: Spread | undefined) =>
    s
      ? [
          { labels: { stat: "median" }, value: sec(s.medianMs) },
          { labels: { stat: "p90" }, value: sec(s.p90Ms) },
          { labels: { stat: "worst" }, value: sec(s.worstMs) },
        ]
      : [];
  const families: Family[] = [
    {
      name: "greenlight_window_seconds",
      unit: "seconds",
      help: "Length of time the figures cover (less than the window when the walk limit cut it).",
      samples: [{ value: m.coveredDays * 86_400 }],
    },
    {
      name: "greenlight_ledger_window_cut",
      help: "1 when the ledger walk stopped at its record limit inside the window.",
      samples: [{ value: m.cutByWalkLimit ? 1 : 0 }],
    },
    { name: "greenlight_ledger_records", help: "Ledger records read.", samples: [{ value: m.recordsRead }] },
    {
      name: "greenlight_promotions",
      help: "Releases that went live in the window.",
      samples: [{ value: m.promotions }],
    },
    {
      name: "greenlight_deployments_per_day",
      help: "Deployment frequency: promotions per day.",
      samples: [{ value: m.promotionsPerDay }],
    },
    {
      name: "greenlight_deployments_per_week",
      help: "Deployment frequency: promotions per week.",
      samples: [{ value: m.promotionsPerWeek }],
    },
    {
      name: "greenlight_change_failure_ratio",
      unit: "ratio",
      help: "Promotions later rolled back or failed their watch, over promotions.",
      samples: [{ value: m.changeFailureRate }],
    },
    {
      name: "greenlight_time_to_recovery_seconds",
      unit: "seconds",
      help: "From a failing release going live to live being healthy again.",
      samples: spreadSamples(m.timeToRecovery).filter((s) => s.labels.stat !== "p90"),
    },
    {
      name: "greenlight_rollback_duration_seconds",
      unit: "seconds",
      help: "Rollback time: the recorded steps of a rollback that ended live.",
      samples: spreadSamples(m.rollbackTime),
    },
    {
      name: "greenlight_provisioning_duration_seconds",
      unit: "seconds",
      help: "Provisioning time: stage until the preview gates passed.",
      samples: spreadSamples(m.provisioningTime),
    },
    {
      name: "greenlight_image_build_duration_seconds",
      unit: "seconds",
      help: "Image build time from the provenance startedOn/finishedOn.",
      samples: spreadSamples(buildTime),
    },
    {
      name: "greenlight_test_coverage_ratio",
      unit: "ratio",
      help: "Promotions gated by a passing signed test-result attestation, over promotions.",
      samples: [{ value: m.testCoverage }],
    },
    {
      name: "greenlight_config_drift_ratio",
      unit: "ratio",
      help: "Colors and router whose digest or routing disagrees with the ledger, now.",
      samples: [{ value: host.drift ? host.drift.drifted / host.drift.objects : undefined }],
    },
    {
      name: "greenlight_iac_coverage_ratio",
      unit: "ratio",
      help: "Containers on the Docker host that greenlight manages (dev.greenlight labels).",
      samples: [{ value: host.iac?.containers ? host.iac.managed / host.iac.containers : undefined }],
    },
  ];
  const out: string[] = [];
  for (const f of families) {
    out.push(`# TYPE ${f.name} gauge`);
    if (f.unit) out.push(`# UNIT ${f.name} ${f.unit}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.samples) {
      if (s.value === undefined || !Number.isFinite(s.value)) continue;
      out.push(`${f.name}${labelSet({ ...base, ...s.labels })} ${number(s.value)}`);
    }
  }
  out.push("# EOF");
  return `${out.join("\n")}\n`;
}

function sec(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function labelSet(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",")}}`;
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}
