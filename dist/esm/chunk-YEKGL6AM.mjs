import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  OUTCOMES
} from "./chunk-S2QR2NPX.mjs";

// src/insight/svg.ts
var WIDTH = 640;
var HEIGHT = 220;
var PAD = { top: 16, right: 12, bottom: 44, left: 40 };
function svgBars(id, title, bars) {
  const caption = `<figcaption>${esc(title)}</figcaption>`;
  if (!bars.length) return `<figure id="${esc(id)}">${caption}<p class="note">none</p></figure>`;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = bars.length ? plotW / bars.length : plotW;
  const every = Math.max(1, Math.ceil(bars.length / 12));
  const parts = bars.map((b, i) => {
    const h = b.value / max * plotH;
    const x = PAD.left + i * step + step * 0.15;
    const y = PAD.top + plotH - h;
    const shown = `${b.label}: ${fmt(b.value)}${b.unit ?? ""}`;
    const label = i % every === 0 ? `<text class="axis" x="${num(x + step * 0.35)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle">${esc(short(b.label))}</text>` : "";
    const value = b.value > 0 ? `<text class="value" x="${num(x + step * 0.35)}" y="${num(y - 3)}" text-anchor="middle">${esc(fmt(b.value))}</text>` : "";
    return `<rect class="bar" data-label="${esc(b.label)}" data-value="${b.value}" x="${num(x)}" y="${num(y)}" width="${num(step * 0.7)}" height="${num(h)}"><title>${esc(shown)}</title></rect>${value}${label}`;
  });
  return [
    `<figure id="${esc(id)}">${caption}`,
    `<svg class="chart" role="img" aria-labelledby="${esc(id)}-title" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${esc(id)}-title">${esc(title)}</title>`,
    `<line class="grid" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}"/>`,
    `<text class="axis" x="${PAD.left - 6}" y="${PAD.top + 8}" text-anchor="end">${esc(fmt(max))}</text>`,
    `<text class="axis" x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end">0</text>`,
    ...parts,
    "</svg></figure>"
  ].join("\n");
}
function fmt(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
function num(n) {
  return n.toFixed(1);
}
function short(label) {
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label.length > 12 ? `${label.slice(0, 11)}\u2026` : label;
}
function esc(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// src/insight/html.ts
var STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --bar: #1f6feb; --bad: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --bar: #4493f8; --bad: #f85149; }
}
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2rem; }
p.note { color: var(--muted); margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; } th { white-space: nowrap; }
figure { margin: 1.5rem 0; } figcaption { font-weight: 600; }
svg.chart { display: block; margin: .5rem 0; max-width: 40rem; }
svg.chart rect.bar { fill: var(--bar); }
svg.chart line.grid { stroke: var(--line); }
svg.chart text { fill: var(--muted); font-size: 11px; font-family: system-ui, sans-serif; }
svg.chart text.value { fill: var(--fg); }
`;
function htmlReport(title, sections) {
  const body = sections.map(
    (s) => [
      `<section><h2>${esc(s.heading)}</h2>`,
      ...(s.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`),
      ...s.charts ?? [],
      ...(s.tables ?? []).map(table),
      "</section>"
    ].join("\n")
  );
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title><style>${STYLE}</style></head>`,
    `<body><h1>${esc(title)}</h1>`,
    ...body,
    "</body></html>",
    ""
  ].join("\n");
}
function table(t) {
  return [
    `<table><caption>${esc(t.caption)}</caption>`,
    `<thead><tr>${t.head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>`,
    ...t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`),
    "</tbody></table>"
  ].join("\n");
}

// src/insight/mermaid.ts
function mermaidBars(title, yLabel, bars) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return fence([
    "xychart-beta",
    `  title "${safe(title)}"`,
    `  x-axis [${bars.map((b) => `"${safe(b.label)}"`).join(", ")}]`,
    `  y-axis "${safe(yLabel)}" 0 --> ${niceCeiling(max)}`,
    `  bar [${bars.map((b) => round(b.value)).join(", ")}]`
  ]);
}
function mermaidLine(title, yLabel, points) {
  const max = Math.max(1, ...points.map((p) => p.value));
  return fence([
    "xychart-beta",
    `  title "${safe(title)}"`,
    `  x-axis [${points.map((p) => `"${safe(p.label)}"`).join(", ")}]`,
    `  y-axis "${safe(yLabel)}" 0 --> ${niceCeiling(max)}`,
    `  line [${points.map((p) => round(p.value)).join(", ")}]`
  ]);
}
function mermaidPie(title, slices) {
  return fence([
    `pie title ${safe(title)}`,
    ...slices.filter((s) => s.value > 0).map((s) => `  "${safe(s.label)}" : ${round(s.value)}`)
  ]);
}
function fence(lines) {
  return ["```mermaid", ...lines, "```"].join("\n");
}
function safe(text) {
  return text.replace(/[^A-Za-z0-9 \-:./()%]/g, "");
}
function round(n) {
  return Math.round(n * 100) / 100;
}
function niceCeiling(n) {
  if (n <= 5) return Math.ceil(n);
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / magnitude) * magnitude;
}

// src/insight/history-render.ts
var DAY_MS = 864e5;
var CHART_DAYS = 31;
function historyTitle(v) {
  return `${v.app}/${v.environment}: ${v.entries.length} record(s)${v.filter ? ` (${v.filter})` : ""}`;
}
function historyNotes(v) {
  const notes = [`ledger ${v.ledger}: ${v.recordsRead} record(s) read`];
  if (v.truncated) {
    notes.push(
      `the walk stopped at its limit of ${v.recordsRead} records: older records exist and are not shown`
    );
  }
  return notes;
}
function promotionsPerDay(entries) {
  const times = entries.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t));
  if (!times.length) return [];
  const last = Math.floor(Math.max(...times) / DAY_MS) * DAY_MS;
  const first = Math.max(Math.floor(Math.min(...times) / DAY_MS) * DAY_MS, last - (CHART_DAYS - 1) * DAY_MS);
  const promoted = entries.filter((e) => e.outcome === "promoted").map((e) => Date.parse(e.time));
  const days = [];
  for (let day = first; day <= last; day += DAY_MS) {
    days.push({
      label: new Date(day).toISOString().slice(0, 10),
      value: promoted.filter((t) => t >= day && t < day + DAY_MS).length
    });
  }
  return days;
}
function outcomeMix(entries) {
  return OUTCOMES.map((o) => ({ label: o, value: entries.filter((e) => e.outcome === o).length }));
}
function historyText(v) {
  const out = [historyTitle(v), ...historyNotes(v).map((n) => `  note: ${n}`)];
  for (const e of v.entries) {
    out.push("", `${e.time}  ${e.release}  ${e.action} ${e.outcome}  by ${e.actor}`);
    const facts = [
      ["image", e.image],
      ["labels", labelsLine(e)],
      [
        "previous",
        e.previousDigest ? `${e.previousDigest}${e.compareUrl ? `  ${e.compareUrl}` : ""}` : void 0
      ],
      ["verified", verificationLine(e)],
      ["gates", e.gates.map(gateLine).join("; ") || void 0],
      ["steps", stepsLine(e)],
      ["run", e.runUrl],
      ["reason", e.reason]
    ];
    for (const [label, value] of facts) if (value) out.push(`  ${label.padEnd(8)}  ${oneLine(value)}`);
  }
  return `${out.join("\n")}
`;
}
function historyJson(v) {
  const { entries, ...about } = v;
  return `${JSON.stringify({ ...about, entries }, null, 2)}
`;
}
function historyMarkdown(v, options = {}) {
  const out = [
    ...options.heading === false ? [] : [`## ${cell(historyTitle(v))}`, ""],
    ...historyNotes(v).map((n) => `> ${cell(n)}`),
    ""
  ];
  const days = promotionsPerDay(v.entries);
  if (days.length) {
    out.push(
      mermaidBars(
        "Deployments per day",
        "promotions",
        days.map((d) => ({ ...d, label: d.label.slice(5) }))
      ),
      ""
    );
    out.push(mermaidPie("Outcomes", outcomeMix(v.entries)), "");
  }
  out.push(
    "| when | release | outcome | image | commit | who | gates | verified | duration |",
    "|---|---|---|---|---|---|---|---|---|"
  );
  for (const e of v.entries) {
    const commit = e.labels.revision ? e.compareUrl ? `[${e.labels.revision.slice(0, 7)}](${e.compareUrl})` : cell(e.labels.revision.slice(0, 12)) : "";
    out.push(
      `| ${cell(e.time)} | ${cell(e.release)} | ${cell(`${e.action} ${e.outcome}`)} | ${cell(`${e.digest.slice(0, 19)}\u2026${e.labels.version ? ` ${e.labels.version}` : ""}`)} | ${commit} | ${cell(e.actor)} | ${cell(e.gates.map(gateLine).join("; "))} | ${cell(verificationLine(e) ?? "")} | ${e.durationMs === void 0 ? "" : seconds(e.durationMs)} |`
    );
  }
  return `${out.join("\n")}
`;
}
function recentRecordsMarkdown(v) {
  const heading = `### The newest ${v.entries.length} ledger record(s) of ${cell(`${v.app}/${v.environment}`)}`;
  return `${heading}

${historyMarkdown(v, { heading: false })}`;
}
function historyHtml(v) {
  const section = {
    heading: "Change log",
    notes: historyNotes(v),
    charts: [
      svgBars("deployments-per-day", "Deployments per day", promotionsPerDay(v.entries)),
      svgBars("outcomes", "Outcome mix", outcomeMix(v.entries))
    ],
    tables: [
      {
        caption: "Records, newest first",
        head: [
          "when",
          "release",
          "outcome",
          "image",
          "labels",
          "compare",
          "who",
          "gates",
          "verified",
          "steps"
        ],
        rows: v.entries.map((e) => [
          e.time,
          e.release,
          `${e.action} ${e.outcome}`,
          e.image,
          labelsLine(e) ?? "",
          e.compareUrl ?? "",
          e.actor,
          e.gates.map(gateLine).join("; "),
          verificationLine(e) ?? "",
          stepsLine(e) ?? ""
        ])
      }
    ]
  };
  return htmlReport(`greenlight history: ${historyTitle(v)}`, [section]);
}
function labelsLine(e) {
  const parts = ["version", "revision", "source"].flatMap(
    (k) => e.labels[k] ? [`${k} ${e.labels[k]}`] : []
  );
  return parts.length ? parts.join(", ") : void 0;
}
function verificationLine(e) {
  if (!e.verification) return void 0;
  return `${e.verification.verified ? "verified" : "NOT verified"}: ${e.verification.detail}`;
}
function gateLine(g) {
  const t = g.tests;
  const counts = t ? ` (${t.ran} ran, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped)` : "";
  return `${g.passed ? "pass" : "FAIL"} ${g.name}${counts}`;
}
function stepsLine(e) {
  if (!e.timeline.length) return void 0;
  const steps = e.timeline.map((s) => `${s.step} ${seconds(s.durationMs)}${s.ok ? "" : " (failed)"}`);
  return `${steps.join(", ")}; total ${seconds(e.durationMs ?? 0)}`;
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}
function oneLine(text) {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;").replace(/\[/g, "&#91;").replace(/\r?\n|\r/g, " ");
}

export {
  svgBars,
  fmt,
  htmlReport,
  mermaidBars,
  mermaidLine,
  mermaidPie,
  historyTitle,
  historyNotes,
  promotionsPerDay,
  outcomeMix,
  historyText,
  historyJson,
  historyMarkdown,
  recentRecordsMarkdown,
  historyHtml,
  cell
};
//# sourceMappingURL=chunk-YEKGL6AM.mjs.map
