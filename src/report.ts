import type { GateResult } from "./gate/result";

/** What a command tells a person at the end: rendered as a job summary or as terminal text. */
export interface Report {
  title: string;
  facts: [label: string, value: string][];
  timeline?: { step: string; outcome: string; durationMs: number }[];
  gates?: GateResult[];
  /** Exact command or dispatch that undoes what was done. */
  rollback?: string;
  /** What to run next (e.g. promote or reject a staged release): a heading and the exact commands. */
  next?: { heading: string; commands: string };
  notes?: string[];
  /** Markdown the job summary shows after everything else (charts, tables); the terminal report leaves it out. */
  markdown?: string;
}

/** The job summary as Markdown (GitHub renders it; tests read it). */
export function renderMarkdown(report: Report): string {
  const out = [`## ${oneLine(report.title)}`, "", "| | |", "|---|---|"];
  for (const [label, value] of report.facts) out.push(`| ${cell(label)} | ${cell(value)} |`);
  if (report.timeline?.length) {
    out.push("", "### Timeline", "", "| step | outcome | duration |", "|---|---|---|");
    for (const t of report.timeline)
      out.push(`| ${cell(t.step)} | ${cell(t.outcome)} | ${seconds(t.durationMs)} |`);
  }
  if (report.gates?.length) {
    out.push("", "### Gates", "", "| gate | result | detail | duration |", "|---|---|---|---|");
    for (const g of report.gates) {
      out.push(
        `| ${cell(g.name)} | ${g.passed ? "✅ passed" : "❌ failed"} | ${cell(g.detail)} | ${seconds(g.durationMs)} |`,
      );
    }
  }
  for (const note of report.notes ?? []) out.push("", note.replace(/^/gm, "> "));
  if (report.next) out.push("", `### ${oneLine(report.next.heading)}`, "", ...fenced(report.next.commands));
  if (report.rollback) {
    // a fence longer than any run of backticks in the command, so the command cannot close it
    const fence = "`".repeat(Math.max(3, ...(report.rollback.match(/`+/g) ?? []).map((r) => r.length + 1)));
    out.push("", "### Roll back", "", fence, report.rollback, fence);
  }
  if (report.markdown) out.push("", report.markdown.trimEnd());
  return `${out.join("\n")}\n`;
}

/** The same report for a terminal. */
export function renderText(report: Report): string {
  const width = Math.max(0, ...report.facts.map(([label]) => label.length));
  const out = [report.title];
  for (const [label, value] of report.facts) out.push(`  ${label.padEnd(width)}  ${value}`);
  for (const t of report.timeline ?? [])
    out.push(`  ${seconds(t.durationMs).padStart(7)}  ${t.step}: ${t.outcome}`);
  for (const g of report.gates ?? []) out.push(`  ${g.passed ? "pass" : "FAIL"}  ${g.name}: ${g.detail}`);
  for (const note of report.notes ?? []) out.push(`  note: ${note}`);
  if (report.next)
    out.push(`  ${report.next.heading}:`, ...report.next.commands.split("\n").map((l) => `    ${l}`));
  if (report.rollback) out.push(`  roll back:`, ...report.rollback.split("\n").map((l) => `    ${l}`));
  return `${out.join("\n")}\n`;
}

/**
 * Text in one table cell: a `|` becomes its HTML entity (a backslash escape can itself be escaped)
 * and line breaks become <br>, so whatever a registry or a child printed stays in its cell.
 */
function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/\|/g, "&#124;")
    .replace(/\r?\n|\r/g, "<br>");
}

/** A code block whose fence is longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string[] {
  const fence = "`".repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((r) => r.length + 1)));
  return [fence, text, fence];
}

/** A heading's text on one line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
