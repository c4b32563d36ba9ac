import { esc } from "./svg";

/** A table for the HTML report: header cells and rows of plain text (escaped here). */
export interface HtmlTable {
  caption: string;
  head: string[];
  rows: string[][];
}

/** A section of the report: a heading, notes, charts (SVG markup made by svg.ts) and tables. */
export interface HtmlSection {
  heading: string;
  notes?: string[];
  charts?: string[];
  tables?: HtmlTable[];
}

const STYLE = `
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

/** One self-contained page: inline style and SVG, no script, no external resource. */
export function htmlReport(title: string, sections: readonly HtmlSection[]): string {
  const body = sections.map((s) =>
    [
      `<section><h2>${esc(s.heading)}</h2>`,
      ...(s.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`),
      ...(s.charts ?? []),
      ...(s.tables ?? []).map(table),
      "</section>",
    ].join("\n"),
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
    "",
  ].join("\n");
}

function table(t: HtmlTable): string {
  return [
    `<table><caption>${esc(t.caption)}</caption>`,
    `<thead><tr>${t.head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>`,
    ...t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`),
    "</tbody></table>",
  ].join("\n");
}
