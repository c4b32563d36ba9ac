import type { ChangeEntry } from "../ledger/changelog";
import type { Outcome } from "../ledger/record";
import { OUTCOMES } from "./config";
import { type HtmlSection, htmlReport } from "./html";
import { mermaidBars, mermaidPie } from "./mermaid";
import { svgBars } from "./svg";

/** What a change log is about and how complete it is. */
export interface HistoryView {
  app: string;
  environment: string;
  ledger: string;
  entries: ChangeEntry[];
  recordsRead: number;
  /** The walk stopped at its limit: older records exist and are not shown. */
  truncated: boolean;
  filter: string;
}

const DAY_MS = 86_400_000;
/** Charts show at most this many days, the newest. */
const CHART_DAYS = 31;

export function historyTitle(v: HistoryView): string {
  return `${v.app}/${v.environment}: ${v.entries.length} record(s)${v.filter ? ` (${v.filter})` : ""}`;
}

/** Notes every rendering carries: how many records were read, and whether the walk limit cut them. */
export function historyNotes(v: HistoryView): string[] {
  const notes = [`ledger ${v.ledger}: ${v.recordsRead} record(s) read`];
  if (v.truncated) {
    notes.push(
      `the walk stopped at its limit of ${v.recordsRead} records: older records exist and are not shown`,
    );
  }
  return notes;
}

/** Promotions (records that say `promoted`) per UTC day, from the oldest shown day to the newest, at most 31 days. */
export function promotionsPerDay(entries: readonly ChangeEntry[]): { label: string; value: number }[] {
  const times = entries.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t));
  if (!times.length) return [];
  const last = Math.floor(Math.max(...times) / DAY_MS) * DAY_MS;
  const first = Math.max(Math.floor(Math.min(...times) / DAY_MS) * DAY_MS, last - (CHART_DAYS - 1) * DAY_MS);
  const promoted = entries.filter((e) => e.outcome === "promoted").map((e) => Date.parse(e.time));
  const days: { label: string; value: number }[] = [];
  for (let day = first; day <= last; day += DAY_MS) {
    days.push({
      label: new Date(day).toISOString().slice(0, 10),
      value: promoted.filter((t) => t >= day && t < day + DAY_MS).length,
    });
  }
  return days;
}

/** How many shown records have each outcome. */
export function outcomeMix(entries: readonly ChangeEntry[]): { label: Outcome; value: number }[] {
  return OUTCOMES.map((o) => ({ label: o, value: entries.filter((e) => e.outcome === o).length }));
}

export function historyText(v: HistoryView): string {
  const out = [historyTitle(v), ...historyNotes(v).map((n) => `  note: ${n}`)];
  for (const e of v.entries) {
    out.push("", `${e.time}  ${e.release}  ${e.action} ${e.outcome}  by ${e.actor}`);
    const facts: [string, string | undefined][] = [
      ["image", e.image],
      ["labels", labelsLine(e)],
      [
        "previous",
        e.previousDigest ? `${e.previousDigest}${e.compareUrl ? `  ${e.compareUrl}` : ""}` : undefined,
      ],
      ["verified", verificationLine(e)],
      ["gates", e.gates.map(gateLine).join("; ") || undefined],
      ["steps", stepsLine(e)],
      ["run", e.runUrl],
      ["reason", e.reason],
    ];
    for (const [label, value] of facts) if (value) out.push(`  ${label.padEnd(8)}  ${oneLine(value)}`);
  }
  return `${out.join("\n")}\n`;
}

export function historyJson(v: HistoryView): string {
  const { entries, ...about } = v;
  return `${JSON.stringify({ ...about, entries }, null, 2)}\n`;
}

/**
 * Markdown for the job summary or a file: charts (Mermaid) and one table row per record. `heading:
 * false` leaves out the title (the job summary's report already opens with it).
 */
export function historyMarkdown(v: HistoryView, options: { heading?: boolean } = {}): string {
  const out = [
    ...(options.heading === false ? [] : [`## ${cell(historyTitle(v))}`, ""]),
    ...historyNotes(v).map((n) => `> ${cell(n)}`),
    "",
  ];
  const days = promotionsPerDay(v.entries);
  if (days.length) {
    out.push(
      mermaidBars(
        "Deployments per day",
        "promotions",
        days.map((d) => ({ ...d, label: d.label.slice(5) })),
      ),
      "",
    );
    out.push(mermaidPie("Outcomes", outcomeMix(v.entries)), "");
  }
  out.push(
    "| when | release | outcome | image | commit | who | gates | verified | duration |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  for (const e of v.entries) {
    const commit = e.labels.revision
      ? e.compareUrl
        ? `[${e.labels.revision.slice(0, 7)}](${e.compareUrl})`
        : cell(e.labels.revision.slice(0, 12))
      : "";
    out.push(
      `| ${cell(e.time)} | ${cell(e.release)} | ${cell(`${e.action} ${e.outcome}`)} | ${cell(`${e.digest.slice(0, 19)}…${e.labels.version ? ` ${e.labels.version}` : ""}`)} | ${commit} | ${cell(e.actor)} | ${cell(e.gates.map(gateLine).join("; "))} | ${cell(verificationLine(e) ?? "")} | ${e.durationMs === undefined ? "" : seconds(e.durationMs)} |`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** The environment's newest records under a release's or deploy's own summary: a heading, the charts and the table. */
export function recentRecordsMarkdown(v: HistoryView): string {
  const heading = `### The newest ${v.entries.length} ledger record(s) of ${cell(`${v.app}/${v.environment}`)}`;
  return `${heading}\n\n${historyMarkdown(v, { heading: false })}`;
}

/** The same change log as a self-contained HTML page. */
export function historyHtml(v: HistoryView): string {
  const section: HtmlSection = {
    heading: "Change log",
    notes: historyNotes(v),
    charts: [
      svgBars("deployments-per-day", "Deployments per day", promotionsPerDay(v.entries)),
      svgBars("outcomes", "Outcome mix", outcomeMix(v.entries)),
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
          "steps",
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
          stepsLine(e) ?? "",
        ]),
      },
    ],
  };
  return htmlReport(`greenlight history: ${historyTitle(v)}`, [section]);
}

function labelsLine(e: ChangeEntry): string | undefined {
  const parts = (["version", "revision", "source"] as const).flatMap((k) =>
    e.labels[k] ? [`${k} ${e.labels[k]}`] : [],
  );
  return parts.length ? parts.join(", ") : undefined;
}

function verificationLine(e: ChangeEntry): string | undefined {
  if (!e.verification) return undefined;
  return `${e.verification.verified ? "verified" : "NOT verified"}: ${e.verification.detail}`;
}

function gateLine(g: ChangeEntry["gates"][number]): string {
  const t = g.tests;
  const counts = t ? ` (${t.ran} ran, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped)` : "";
  return `${g.passed ? "pass" : "FAIL"} ${g.name}${counts}`;
}

function stepsLine(e: ChangeEntry): string | undefined {
  if (!e.timeline.length) return undefined;
  const steps = e.timeline.map((s) => `${s.step} ${seconds(s.durationMs)}${s.ok ? "" : " (failed)"}`);
  return `${steps.join(", ")}; total ${seconds(e.durationMs ?? 0)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

/** Text in a Markdown table cell or quote: `|`, `&`, `<`, `>` as entities, one line. */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/\[/g, "&#91;")
    .replace(/\r?\n|\r/g, " ");
}
