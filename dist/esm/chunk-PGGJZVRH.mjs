import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  writeReport
} from "./chunk-B3H7Y5BV.mjs";
import {
  cell,
  fmt,
  htmlReport,
  mermaidBars,
  mermaidLine,
  mermaidPie,
  svgBars
} from "./chunk-YEKGL6AM.mjs";
import {
  bundleStatement
} from "./chunk-JX6LAKTW.mjs";
import {
  findDrift
} from "./chunk-AQ7GFJKS.mjs";
import "./chunk-BB2OMXZJ.mjs";
import {
  OUTCOMES
} from "./chunk-S2QR2NPX.mjs";
import {
  dockerCli
} from "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-HLSVML6X.mjs";
import {
  SLSA_PROVENANCE_V1,
  fetchAttestations
} from "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";
import {
  describeError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/insight/build-times.ts
function buildDurationMs(statement) {
  const s = statement;
  if (s?.predicateType !== SLSA_PROVENANCE_V1) return void 0;
  const meta = s.predicate?.runDetails?.metadata;
  if (typeof meta?.startedOn !== "string" || typeof meta.finishedOn !== "string") return void 0;
  const ms = Date.parse(meta.finishedOn) - Date.parse(meta.startedOn);
  return Number.isFinite(ms) && ms >= 0 ? ms : void 0;
}
async function readBuildTimes(client, images) {
  const result = { durationsMs: [], digests: 0, withoutTimes: 0 };
  for (const { repository, digest } of images) {
    result.digests++;
    const ref = parseReference(repository, "ledger repository");
    const found = await fetchAttestations(client(ref.registry), ref.repository, digest).then(
      ({ attestations }) => attestations.flatMap((a) => {
        const ms = a.bundle ? buildDurationMs(bundleStatement(a.bundle)) : void 0;
        return ms === void 0 ? [] : [ms];
      })
    ).catch(() => []);
    if (found[0] === void 0) result.withoutTimes++;
    else result.durationsMs.push(found[0]);
  }
  return result;
}

// src/insight/host-figures.ts
function driftShare(state, drift) {
  const colors = Object.values(state.colors).filter(Boolean).length;
  const routerDrift = drift.some((d) => !d.color);
  const router = state.live !== void 0 || state.preview !== void 0 || routerDrift ? 1 : 0;
  if (colors + router === 0) return void 0;
  const drifted = new Set(drift.map((d) => d.color ?? "router"));
  return {
    objects: colors + router,
    drifted: drifted.size,
    details: drift.map((d) => `${d.color ?? "-"}: ${d.detail}`)
  };
}
var PS_FORMAT = "c {{.Labels}}";
function iacCoverage(psOutput) {
  const lines = psOutput.split("\n").filter((l) => l.startsWith("c "));
  const managed = lines.filter((l) => /^c (.*,)?dev\.greenlight\.[^=,]*=/.test(l)).length;
  return { containers: lines.length, managed };
}

// src/insight/metrics-render.ts
function figureRows(v) {
  const m = v.metrics;
  const h = v.host;
  const build = v.build;
  return [
    [
      "deployment frequency",
      `${fmt(m.promotionsPerDay)}/day, ${fmt(m.promotionsPerWeek)}/week (${m.promotions} promotions)`,
      "releases that went live in the window, over its days"
    ],
    [
      "change failure rate",
      m.changeFailureRate === void 0 ? "n/a (no promotions)" : `${pct(m.changeFailureRate)} (${m.failedPromotions} of ${m.promotions})`,
      "promotions later rolled back or failed their watch"
    ],
    [
      "time to recovery",
      spreadText(m.timeToRecovery, false),
      "failing release live until live is healthy again (median, worst)"
    ],
    [
      "rollback time",
      spreadText(m.rollbackTime),
      "recorded steps of rollbacks that ended live (median, p90)"
    ],
    [
      "provisioning time",
      spreadText(m.provisioningTime),
      "stage until the preview gates passed (median, p90)"
    ],
    [
      "image build time",
      build?.spread.count ? `${spreadText(build.spread)}; ${build.times.withoutTimes} of ${build.times.digests} digest(s) without times` : `skipped: ${build ? `none of ${build.times.digests} promoted digest(s) has provenance with startedOn/finishedOn` : "no promoted digest"}`,
      "provenance startedOn to finishedOn (median, p90)"
    ],
    [
      "automated-test coverage",
      m.testCoverage === void 0 ? "n/a (no promotions)" : `${pct(m.testCoverage)} (${m.testGatedPromotions} of ${m.promotions})`,
      "promotions verified with a passing signed test-result attestation"
    ],
    [
      "configuration drift",
      h.drift ? `${pct(h.drift.drifted / h.drift.objects)} (${h.drift.drifted} of ${h.drift.objects})` : "n/a (not measured: see the notes)",
      "colors and router disagreeing with the ledger, now"
    ],
    [
      "infrastructure-as-code coverage",
      h.iac?.containers ? `${pct(h.iac.managed / h.iac.containers)} (${h.iac.managed} of ${h.iac.containers} containers)` : "n/a (not measured: see the notes)",
      "containers on the Docker host with a dev.greenlight label"
    ]
  ];
}
function metricsNotes(v) {
  const m = v.metrics;
  const notes = [
    `window ${m.windowStart} .. ${m.windowEnd}; ledger ${v.ledger}: ${m.recordsRead} record(s) read, ${m.recordsInWindow} in the window`
  ];
  if (m.cutByWalkLimit) {
    notes.push(
      `the window was cut by the walk limit: the ${m.recordsRead} records read reach back only to ${m.windowStart} (${fmt(m.coveredDays)} days)`
    );
  }
  if (m.skewedIntervals)
    notes.push(
      `${m.skewedIntervals} record(s) are timed before the record they follow (clock skew); negative durations are left out`
    );
  for (const p of v.host.problems) notes.push(p);
  return notes;
}
function metricsTitle(v) {
  return `${v.app}/${v.metrics.environment}: ${v.metrics.promotions} promotion(s) in ${fmt(v.metrics.coveredDays)} days`;
}
function metricsText(v) {
  const rows = figureRows(v);
  const width = Math.max(...rows.map((r) => r[0].length));
  const out = [metricsTitle(v), ...metricsNotes(v).map((n) => `  note: ${n}`)];
  for (const [name, value, definition] of rows)
    out.push(`  ${name.padEnd(width)}  ${value}`, `  ${"".padEnd(width)}  (${definition})`);
  return `${out.join("\n")}
`;
}
function metricsJson(v) {
  return `${JSON.stringify({ app: v.app, ledger: v.ledger, ...v.metrics, host: v.host, build: v.build ?? null }, null, 2)}
`;
}
function metricsMarkdown(v, options = {}) {
  const m = v.metrics;
  const out = [
    ...options.heading === false ? [] : [`## ${cell(metricsTitle(v))}`, ""],
    ...metricsNotes(v).map((n) => `> ${cell(n)}`),
    ""
  ];
  out.push("| figure | value | definition |", "|---|---|---|");
  for (const [name, value, definition] of figureRows(v))
    out.push(`| ${cell(name)} | ${cell(value)} | ${cell(definition)} |`);
  out.push(
    "",
    mermaidBars(
      "Deployments per day",
      "promotions",
      chartDays(m).map((d) => ({ label: d.day.slice(5), value: d.promotions }))
    )
  );
  const mix = OUTCOMES.map((o) => ({ label: o, value: m.outcomes[o] }));
  if (mix.some((s) => s.value > 0)) out.push("", mermaidPie("Outcome mix", mix));
  if (m.provisioningSeries.length) {
    out.push(
      "",
      mermaidLine(
        "Provisioning time per release (s)",
        "seconds",
        m.provisioningSeries.map((s, i) => ({ label: `${i + 1}`, value: s.ms / 1e3 }))
      )
    );
  }
  if (m.rollbackSeries.length) {
    out.push(
      "",
      mermaidLine(
        "Rollback time per rollback (s)",
        "seconds",
        m.rollbackSeries.map((s, i) => ({ label: `${i + 1}`, value: s.ms / 1e3 }))
      )
    );
  }
  if (m.incidents.length) {
    out.push("", "| incident release | recovery | duration |", "|---|---|---|");
    for (const i of m.incidents)
      out.push(
        `| ${cell(i.release)} | ${i.recovery} | ${i.durationMs === void 0 ? "n/a" : seconds(i.durationMs)} |`
      );
  }
  return `${out.join("\n")}
`;
}
function metricsHtml(v) {
  const m = v.metrics;
  return htmlReport(`greenlight metrics: ${metricsTitle(v)}`, [
    {
      heading: "Figures",
      notes: metricsNotes(v),
      tables: [
        {
          caption: "Figures and their definitions",
          head: ["figure", "value", "definition"],
          rows: figureRows(v)
        }
      ]
    },
    {
      heading: "Charts",
      charts: [
        svgBars(
          "deployments-per-day",
          "Deployments per day",
          chartDays(m).map((d) => ({ label: d.day, value: d.promotions }))
        ),
        svgBars(
          "outcomes",
          "Outcome mix (newest record of each release)",
          OUTCOMES.map((o) => ({ label: o, value: m.outcomes[o] }))
        ),
        svgBars(
          "provisioning",
          "Provisioning time per release (s)",
          m.provisioningSeries.map((s) => ({ label: s.release, value: s.ms / 1e3, unit: " s" }))
        ),
        svgBars(
          "rollback",
          "Rollback time per rollback (s)",
          m.rollbackSeries.map((s) => ({ label: s.release, value: s.ms / 1e3, unit: " s" }))
        )
      ],
      tables: [
        {
          caption: "Incidents",
          head: ["release", "recovery", "duration"],
          rows: m.incidents.map((i) => [
            i.release,
            i.recovery,
            i.durationMs === void 0 ? "n/a" : seconds(i.durationMs)
          ])
        }
      ]
    }
  ]);
}
function chartDays(m) {
  return m.perDay.slice(-31);
}
function spreadText(s, p90 = true) {
  if (!s.count || s.medianMs === void 0) return "n/a (none in the window)";
  const second = p90 ? `p90 ${seconds(s.p90Ms ?? 0)}` : `worst ${seconds(s.worstMs ?? 0)}`;
  return `median ${seconds(s.medianMs)}, ${second} (${s.count})`;
}
function pct(ratio) {
  return `${(ratio * 100).toFixed(1)} %`;
}
function seconds(ms) {
  if (ms >= 2 * 36e5) return `${(ms / 36e5).toFixed(1)} h`;
  return ms >= 12e4 ? `${(ms / 6e4).toFixed(1)} min` : `${(ms / 1e3).toFixed(1)} s`;
}

// src/insight/openmetrics.ts
function openMetrics(m, host, app, buildTime) {
  const base = { app, environment: m.environment };
  const spreadSamples = (s) => s ? [
    { labels: { stat: "median" }, value: sec(s.medianMs) },
    { labels: { stat: "p90" }, value: sec(s.p90Ms) },
    { labels: { stat: "worst" }, value: sec(s.worstMs) }
  ] : [];
  const families = [
    {
      name: "greenlight_window_seconds",
      unit: "seconds",
      help: "Length of time the figures cover (less than the window when the walk limit cut it).",
      samples: [{ value: m.coveredDays * 86400 }]
    },
    {
      name: "greenlight_ledger_window_cut",
      help: "1 when the ledger walk stopped at its record limit inside the window.",
      samples: [{ value: m.cutByWalkLimit ? 1 : 0 }]
    },
    { name: "greenlight_ledger_records", help: "Ledger records read.", samples: [{ value: m.recordsRead }] },
    {
      name: "greenlight_promotions",
      help: "Releases that went live in the window.",
      samples: [{ value: m.promotions }]
    },
    {
      name: "greenlight_deployments_per_day",
      help: "Deployment frequency: promotions per day.",
      samples: [{ value: m.promotionsPerDay }]
    },
    {
      name: "greenlight_deployments_per_week",
      help: "Deployment frequency: promotions per week.",
      samples: [{ value: m.promotionsPerWeek }]
    },
    {
      name: "greenlight_change_failure_ratio",
      unit: "ratio",
      help: "Promotions later rolled back or failed their watch, over promotions.",
      samples: [{ value: m.changeFailureRate }]
    },
    {
      name: "greenlight_time_to_recovery_seconds",
      unit: "seconds",
      help: "From a failing release going live to live being healthy again.",
      samples: spreadSamples(m.timeToRecovery).filter((s) => s.labels.stat !== "p90")
    },
    {
      name: "greenlight_rollback_duration_seconds",
      unit: "seconds",
      help: "Rollback time: the recorded steps of a rollback that ended live.",
      samples: spreadSamples(m.rollbackTime)
    },
    {
      name: "greenlight_provisioning_duration_seconds",
      unit: "seconds",
      help: "Provisioning time: stage until the preview gates passed.",
      samples: spreadSamples(m.provisioningTime)
    },
    {
      name: "greenlight_image_build_duration_seconds",
      unit: "seconds",
      help: "Image build time from the provenance startedOn/finishedOn.",
      samples: spreadSamples(buildTime)
    },
    {
      name: "greenlight_test_coverage_ratio",
      unit: "ratio",
      help: "Promotions gated by a passing signed test-result attestation, over promotions.",
      samples: [{ value: m.testCoverage }]
    },
    {
      name: "greenlight_config_drift_ratio",
      unit: "ratio",
      help: "Colors and router whose digest or routing disagrees with the ledger, now.",
      samples: [{ value: host.drift ? host.drift.drifted / host.drift.objects : void 0 }]
    },
    {
      name: "greenlight_iac_coverage_ratio",
      unit: "ratio",
      help: "Containers on the Docker host that greenlight manages (dev.greenlight labels).",
      samples: [{ value: host.iac?.containers ? host.iac.managed / host.iac.containers : void 0 }]
    }
  ];
  const out = [];
  for (const f of families) {
    out.push(`# TYPE ${f.name} gauge`);
    if (f.unit) out.push(`# UNIT ${f.name} ${f.unit}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.samples) {
      if (s.value === void 0 || !Number.isFinite(s.value)) continue;
      out.push(`${f.name}${labelSet({ ...base, ...s.labels })} ${number(s.value)}`);
    }
  }
  out.push("# EOF");
  return `${out.join("\n")}
`;
}
function sec(ms) {
  return ms === void 0 ? void 0 : ms / 1e3;
}
function labelSet(labels) {
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",")}}`;
}
function escapeHelp(text) {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}
function number(n) {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

// src/ledger/metrics.ts
var DAY_MS = 864e5;
function computeMetrics(records, options) {
  const end = options.now.getTime();
  const nominalStart = end - options.windowMs;
  const oldest = records.length ? Math.min(...records.map((r) => timeOf(r))) : void 0;
  const cut = options.truncated && oldest !== void 0 && oldest > nominalStart;
  const start = cut && oldest !== void 0 ? oldest : nominalStart;
  const inWindow = (t) => t >= start && t <= end;
  const walk = walkLive(records);
  const promotions = walk.promotions.filter((p) => inWindow(p.at));
  const failed = promotions.filter((p) => walk.failed.has(p.release));
  const gated = promotions.filter((p) => testGated(records, p.release));
  const incidents = walk.incidents.filter((i) => inWindow(i.startedAt));
  const windowRecords = records.filter((r) => inWindow(timeOf(r)));
  const coveredDays = (end - start) / DAY_MS;
  const rollbackSeries = windowRecords.filter((r) => r.action === "rollback" && r.outcome === "promoted" && r.timeline).map((r) => ({ release: r.release, time: r.time, ms: total(r.timeline ?? []) }));
  const provisioningSeries = windowRecords.flatMap(
    (r) => provisioning(r.timeline).map((ms) => ({ release: r.release, time: r.time, ms }))
  );
  return {
    environment: options.environment,
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(end).toISOString(),
    coveredDays,
    cutByWalkLimit: cut,
    recordsRead: records.length,
    recordsInWindow: windowRecords.length,
    promotions: promotions.length,
    promotionsPerDay: coveredDays > 0 ? promotions.length / coveredDays : 0,
    promotionsPerWeek: coveredDays > 0 ? promotions.length / coveredDays * 7 : 0,
    perDay: perDay(
      promotions.map((p) => p.at),
      start,
      end
    ),
    outcomes: outcomeMix(windowRecords),
    failedPromotions: failed.length,
    changeFailureRate: promotions.length ? failed.length / promotions.length : void 0,
    timeToRecovery: spread(incidents.flatMap((i) => i.durationMs === void 0 ? [] : [i.durationMs])),
    incidents: incidents.map(({ startedAt: _, ...i }) => i),
    rollbackTime: spread(rollbackSeries.map((s) => s.ms)),
    provisioningTime: spread(provisioningSeries.map((s) => s.ms)),
    rollbackSeries,
    provisioningSeries,
    testGatedPromotions: gated.length,
    testCoverage: promotions.length ? gated.length / promotions.length : void 0,
    skewedIntervals: walk.skewed
  };
}
function walkLive(records) {
  const walk = { promotions: [], failed: /* @__PURE__ */ new Set(), incidents: [], skewed: 0 };
  const wentLive = /* @__PURE__ */ new Set();
  let live;
  const close = (at, recovery) => {
    if (!live?.failing) return;
    const durationMs = at - live.at;
    walk.incidents.push({
      release: live.release,
      recovery,
      durationMs: durationMs < 0 ? void 0 : durationMs,
      startedAt: live.at
    });
    live.failing = false;
  };
  records.forEach((record, index) => {
    const at = timeOf(record);
    const before = records[index - 1];
    if (before && at < timeOf(before)) walk.skewed++;
    const isChange = record.action !== "rollback";
    if (record.outcome === "promoted") {
      if (live && live.release !== record.release) {
        if (record.action === "rollback") {
          walk.failed.add(live.release);
          live.failing = true;
        }
        close(at, record.action === "rollback" ? "rollback" : "redeploy");
      }
      if (isChange && !wentLive.has(record.release)) walk.promotions.push({ release: record.release, at });
      wentLive.add(record.release);
      if (live?.release !== record.release) live = { release: record.release, at, failing: false };
    } else if (record.outcome === "rolled-back") {
      if (wentLive.has(record.release)) walk.failed.add(record.release);
      if (live?.release === record.release) live.failing = true;
    } else if (record.outcome === "failed" && watchFailed(record)) {
      if (isChange && !wentLive.has(record.release)) walk.promotions.push({ release: record.release, at });
      wentLive.add(record.release);
      walk.failed.add(record.release);
      const incident = switchBack(record, at);
      if (incident) walk.incidents.push(incident);
      else live = { release: record.release, at, failing: true };
    } else if (record.outcome === "failed" && wentLive.has(record.release)) {
      walk.failed.add(record.release);
      if (live?.release === record.release) live.failing = true;
    }
  });
  if (live?.failing) {
    walk.incidents.push({
      release: live.release,
      recovery: "open",
      durationMs: void 0,
      startedAt: live.at
    });
  }
  return walk;
}
function switchBack(record, at) {
  if (!record.timeline) {
    return { release: record.release, recovery: "switch-back", durationMs: void 0, startedAt: at };
  }
  const steps = record.timeline;
  const switched = steps.findLastIndex((s) => s.step === "switch");
  const back = steps.findIndex((s, i) => i > switched && s.step === "switch back");
  if (back < 0) return void 0;
  const durationMs = total(steps.slice(switched + 1, back + 1));
  return { release: record.release, recovery: "switch-back", durationMs, startedAt: at - durationMs };
}
function watchFailed(record) {
  return record.gates.some((g) => g.kind === "watch" && !g.passed);
}
function testGated(records, release) {
  return records.some(
    (r) => r.release === release && r.verification?.verified === true && r.verification.detail.split(/,\s*/).includes("ok test results")
  );
}
function provisioning(timeline) {
  if (!timeline) return [];
  const stage = timeline.findIndex((s) => s.step === "stage");
  if (stage < 0 || !timeline[stage]?.ok) return [];
  const gates = timeline.findIndex((s, i) => i > stage && s.step === "preview gates");
  const preview = timeline.findIndex((s, i) => i > stage && s.step === "preview");
  const last = gates >= 0 ? gates : preview;
  if (last < 0 || !timeline[last]?.ok) return [];
  return [total(timeline.slice(stage, last + 1))];
}
function total(steps) {
  return steps.reduce((sum, s) => sum + s.durationMs, 0);
}
function timeOf(record) {
  return Date.parse(record.time);
}
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { count: 0, medianMs: void 0, p90Ms: void 0, worstMs: void 0 };
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    count: n,
    medianMs: median,
    p90Ms: sorted[Math.ceil(0.9 * n) - 1],
    worstMs: sorted[n - 1]
  };
}
function perDay(times, start, end) {
  const days = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day <= end; day += DAY_MS) {
    days.push({
      day: new Date(day).toISOString().slice(0, 10),
      promotions: times.filter((t) => t >= day && t < day + DAY_MS).length
    });
  }
  return days;
}
function outcomeMix(records) {
  const mix = {
    staged: 0,
    promoted: 0,
    failed: 0,
    refused: 0,
    "rolled-back": 0,
    unlocked: 0
  };
  const newest = /* @__PURE__ */ new Map();
  for (const r of records) newest.set(r.release, r);
  for (const r of newest.values()) mix[r.outcome]++;
  return mix;
}

// src/commands/metrics.ts
var MAX_BUILD_DIGESTS = 10;
async function runMetrics(s) {
  const { config, ctx } = s;
  const i = config.insight;
  const store = s.ledger();
  const { records, truncated } = await store.walk();
  const m = computeMetrics(records, {
    environment: config.deploy.environment,
    now: ctx.now(),
    windowMs: i.windowMs,
    truncated
  });
  const [host, build] = await Promise.all([
    hostFigures(s, records),
    buildTimes(s, records, Date.parse(m.windowStart))
  ]);
  const view = { app: config.deploy.app, ledger: store.location, metrics: m, host, build };
  if (i.reportFile) await writeReport(ctx, i.reportFile, metricsHtml(view));
  const document = i.format === "json" ? metricsJson(view) : i.format === "openmetrics" ? openMetrics(m, host, config.deploy.app, build?.spread) : metricsText(view);
  return {
    outputs: { metrics: document },
    document,
    report: {
      title: metricsTitle(view),
      facts: [
        ["ledger", store.location],
        ["window", `${m.windowStart} .. ${m.windowEnd}${m.cutByWalkLimit ? " (cut by the walk limit)" : ""}`],
        ...i.reportFile ? [["HTML report", i.reportFile]] : []
      ],
      markdown: metricsMarkdown(view, { heading: false })
    }
  };
}
async function hostFigures(s, records) {
  const figures = { problems: [] };
  try {
    const state = await (await s.engine()).target.readState();
    const drift = driftShare(state, findDrift(state, records));
    if (drift) figures.drift = drift;
    else
      figures.problems.push(
        `configuration drift not measured: nothing of ${state.app}/${state.environment} runs on the host`
      );
  } catch (error) {
    figures.problems.push(`configuration drift not measured: ${describeError(error)}`);
  }
  try {
    const ps = await dockerCli(await s.dockerConnection())(["ps", "-a", "--no-trunc", "--format", PS_FORMAT]);
    figures.iac = iacCoverage(ps.stdout);
  } catch (error) {
    figures.problems.push(`infrastructure-as-code coverage not measured: ${describeError(error)}`);
  }
  return figures;
}
async function buildTimes(s, records, windowStart) {
  const newest = /* @__PURE__ */ new Map();
  for (const r of [...records].reverse()) {
    if (r.outcome === "promoted" && Date.parse(r.time) >= windowStart && !newest.has(r.digest))
      newest.set(r.digest, r);
  }
  const images = [...newest.values()].slice(0, MAX_BUILD_DIGESTS);
  if (!images.length) return void 0;
  const times = await readBuildTimes((registry) => s.registryClient(registry), images);
  return { times, spread: spread(times.durationsMs) };
}
export {
  runMetrics
};
//# sourceMappingURL=chunk-PGGJZVRH.mjs.map
