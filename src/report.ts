import type { GateResult } from "./gate/result";

/** What a command tells a person at the end: rendered as a job summary or as terminal text. */
export interface Report {
  title: string;
  facts: [label: string, value: string][];
  timeline?: { step: string; outcome: string; durationMs: number }[];
  gates?: GateResult[];
  /** Exact command or dispatch that undoes what was done. */
  rollback?: string;
  notes?: string[];
}

/** The job summary as Markdown (GitHub renders it; tests read it). */
export function renderMarkdown(report: Report): string {
  const out = [`## ${report.title}`, "", "| | |", "|---|---|"];
  for (const [label, value] of report.facts) out.push(`| ${label} | ${cell(value)} |`);
  if (report.timeline?.length) {
    out.push("", "### Timeline", "", "| step | outcome | duration |", "|---|---|---|");
    for (const t of report.timeline) out.push(`| ${t.step} | ${t.outcome} | ${seconds(t.durationMs)} |`);
  }
  if (report.gates?.length) {
    out.push("", "### Gates", "", "| gate | result | detail | duration |", "|---|---|---|---|");
    for (const g of report.gates) {
      out.push(
        `| ${g.name} | ${g.passed ? "✅ passed" : "❌ failed"} | ${cell(g.detail)} | ${seconds(g.durationMs)} |`,
      );
    }
  }
  for (const note of report.notes ?? []) out.push("", `> ${note}`);
  if (report.rollback) out.push("", "### Roll back", "", "```", report.rollback, "```");
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
  if (report.rollback) out.push(`  roll back: ${report.rollback}`);
  return `${out.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
