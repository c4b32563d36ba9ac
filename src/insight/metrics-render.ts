import type { LedgerMetrics, Spread } from "../ledger/metrics";
import type { BuildTimes } from "./build-times";
import { OUTCOMES } from "./config";
import { cell } from "./history-render";
import type { HostFigures } from "./host-figures";
import { htmlReport } from "./html";
import { mermaidBars, mermaidLine, mermaidPie } from "./mermaid";
import { fmt, svgBars } from "./svg";

/** Everything `metrics` reports for one environment. */
export interface MetricsView {
  app: string;
  ledger: string;
  metrics: LedgerMetrics;
  host: HostFigures;
  build: { times: BuildTimes; spread: Spread } | undefined;
}

/** Each figure as a row: name, value, definition (the README says the same). */
export function figureRows(v: MetricsView): [string, string, string][] {
  const m = v.metrics;
  const h = v.host;
  const build = v.build;
  return [
    [
      "deployment frequency",
      `${fmt(m.promotionsPerDay)}/day, ${fmt(m.promotionsPerWeek)}/week (${m.promotions} promotions)`,
      "releases that went live in the window, over its days",
    ],
    [
      "change failure rate",
      m.changeFailureRate === undefined
        ? "n/a (no promotions)"
        : `${pct(m.changeFailureRate)} (${m.failedPromotions} of ${m.promotions})`,
      "promotions later rolled back or failed their watch",
    ],
    [
      "time to recovery",
      spreadText(m.timeToRecovery, false),
      "failing release live until live is healthy again (median, worst)",
    ],
    [
      "rollback time",
      spreadText(m.rollbackTime),
      "recorded steps of rollbacks that ended live (median, p90)",
    ],
    [
      "provisioning time",
      spreadText(m.provisioningTime),
      "stage until the preview gates passed (median, p90)",
    ],
    [
      "image build time",
      build?.spread.count
        ? `${spreadText(build.spread)}; ${build.times.withoutTimes} of ${build.times.digests} digest(s) without times`
        : `skipped: ${build ? `none of ${build.times.digests} promoted digest(s) has provenance with startedOn/finishedOn` : "no promoted digest"}`,
      "provenance startedOn to finishedOn (median, p90)",
    ],
    [
      "automated-test coverage",
      m.testCoverage === undefined
        ? "n/a (no promotions)"
        : `${pct(m.testCoverage)} (${m.testGatedPromotions} of ${m.promotions})`,
      "promotions verified with a passing signed test-result attestation",
    ],
    [
      "configuration drift",
      h.drift
        ? `${pct(h.drift.drifted / h.drift.objects)} (${h.drift.drifted} of ${h.drift.objects})`
        : "n/a (not measured: see the notes)",
      "colors and router disagreeing with the ledger, now",
    ],
    [
      "infrastructure-as-code coverage",
      h.iac?.containers
        ? `${pct(h.iac.managed / h.iac.containers)} (${h.iac.managed} of ${h.iac.containers} containers)`
        : "n/a (not measured: see the notes)",
      "containers on the Docker host with a dev.greenlight label",
    ],
  ];
}

/** How complete the figures are: window, records read, walk limit, clock skew, host problems. */
export function metricsNotes(v: MetricsView): string[] {
  const m = v.metrics;
  const notes = [
    `window ${m.windowStart} .. ${m.windowEnd}; ledger ${v.ledger}: ${m.recordsRead} record(s) read, ${m.recordsInWindow} in the window`,
  ];
  if (m.cutByWalkLimit) {
    notes.push(
      `the window was cut by the walk limit: the ${m.recordsRead} records read reach back only to ${m.windowStart} (${fmt(m.coveredDays)} days)`,
    );
  }
  if (m.skewedIntervals)
    notes.push(
      `${m.skewedIntervals} record(s) are timed before the record they follow (clock skew); negative durations are left out`,
    );
  for (const p of v.host.problems) notes.push(p);
  return notes;
}

export function metricsTitle(v: MetricsView): string {
  return `${v.app}/${v.metrics.environment}: ${v.metrics.promotions} promotion(s) in ${fmt(v.metrics.coveredDays)} days`;
}

export function metricsText(v: MetricsView): string {
  const rows = figureRows(v);
  const width = Math.max(...rows.map((r) => r[0].length));
  const out = [metricsTitle(v), ...metricsNotes(v).map((n) => `  note: ${n}`)];
  for (const [name, value, definition] of rows)
    out.push(`  ${name.padEnd(width)}  ${value}`, `  ${"".padEnd(width)}  (${definition})`);
  return `${out.join("\n")}\n`;
}

export function metricsJson(v: MetricsView): string {
  return `${JSON.stringify({ app: v.app, ledger: v.ledger, ...v.metrics, host: v.host, build: v.build ?? null }, null, 2)}\n`;
}

/** The figures, charts and incidents as Markdown; `heading: false` leaves out the title (as historyMarkdown). */
export function metricsMarkdown(v: MetricsView, options: { heading?: boolean } = {}): string {
  const m = v.metrics;
  const out = [
    ...(options.heading === false ? [] : [`## ${cell(metricsTitle(v))}`, ""]),
    ...metricsNotes(v).map((n) => `> ${cell(n)}`),
    "",
  ];
  out.push("| figure | value | definition |", "|---|---|---|");
  for (const [name, value, definition] of figureRows(v))
    out.push(`| ${cell(name)} | ${cell(value)} | ${cell(definition)} |`);
  out.push(
    "",
    mermaidBars(
      "Deployments per day",
      "promotions",
      chartDays(m).map((d) => ({ label: d.day.slice(5), value: d.promotions })),
    ),
  );
  const mix = OUTCOMES.map((o) => ({ label: o, value: m.outcomes[o] }));
  if (mix.some((s) => s.value > 0)) out.push("", mermaidPie("Outcome mix", mix));
  if (m.provisioningSeries.length) {
    out.push(
      "",
      mermaidLine(
        "Provisioning time per release (s)",
        "seconds",
        m.provisioningSeries.map((s, i) => ({ label: `${i + 1}`, value: s.ms / 1000 })),
      ),
    );
  }
  if (m.rollbackSeries.length) {
    out.push(
      "",
      mermaidLine(
        "Rollback time per rollback (s)",
        "seconds",
        m.rollbackSeries.map((s, i) => ({ label: `${i + 1}`, value: s.ms / 1000 })),
      ),
    );
  }
  if (m.incidents.length) {
    out.push("", "| incident release | recovery | duration |", "|---|---|---|");
    for (const i of m.incidents)
      out.push(
        `| ${cell(i.release)} | ${i.recovery} | ${i.durationMs === undefined ? "n/a" : seconds(i.durationMs)} |`,
      );
  }
  return `${out.join("\n")}\n`;
}

export function metricsHtml(v: MetricsView): string {
  const m = v.metrics;
  return htmlReport(`greenlight metrics: ${metricsTitle(v)}`, [
    {
      heading: "Figures",
      notes: metricsNotes(v),
      tables: [
        {
          caption: "Figures and their definitions",
          head: ["figure", "value", "definition"],
          rows: figureRows(v),
        },
      ],
    },
    {
      heading: "Charts",
      charts: [
        svgBars(
          "deployments-per-day",
          "Deployments per day",
          chartDays(m).map((d) => ({ label: d.day, value: d.promotions })),
        ),
        svgBars(
          "outcomes",
          "Outcome mix (newest record of each release)",
          OUTCOMES.map((o) => ({ label: o, value: m.outcomes[o] })),
        ),
        svgBars(
          "provisioning",
          "Provisioning time per release (s)",
          m.provisioningSeries.map((s) => ({ label: s.release, value: s.ms / 1000, unit: " s" })),
        ),
        svgBars(
          "rollback",
          "Rollback time per rollback (s)",
          m.rollbackSeries.map((s) => ({ label: s.release, value: s.ms / 1000, unit: " s" })),
        ),
      ],
      tables: [
        {
          caption: "Incidents",
          head: ["release", "recovery", "duration"],
          rows: m.incidents.map((i) => [
            i.release,
            i.recovery,
            i.durationMs === undefined ? "n/a" : seconds(i.durationMs),
          ]),
        },
      ],
    },
  ]);
}

/** The newest 31 days of the window, for charts. */
function chartDays(m: LedgerMetrics): LedgerMetrics["perDay"] {
  return m.perDay.slice(-31);
}

function spreadText(s: Spread, p90 = true): string {
  if (!s.count || s.medianMs === undefined) return "n/a (none in the window)";
  const second = p90 ? `p90 ${seconds(s.p90Ms ?? 0)}` : `worst ${seconds(s.worstMs ?? 0)}`;
  return `median ${seconds(s.medianMs)}, ${second} (${s.count})`;
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function seconds(ms: number): string {
  if (ms >= 2 * 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}
