/**
 * Mermaid charts for the job summary (GitHub renders ```mermaid blocks). Labels are made of fixed
 * words, dates and numbers only; anything else is dropped, so nothing from a record reaches Mermaid.
 */

/** Bars: one per label, e.g. deployments per day. */
export function mermaidBars(
  title: string,
  yLabel: string,
  bars: readonly { label: string; value: number }[],
): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return fence([
    "xychart-beta",
    `  title "${safe(title)}"`,
    `  x-axis [${bars.map((b) => `"${safe(b.label)}"`).join(", ")}]`,
    `  y-axis "${safe(yLabel)}" 0 --> ${niceCeiling(max)}`,
    `  bar [${bars.map((b) => round(b.value)).join(", ")}]`,
  ]);
}

/** A line over points, e.g. provisioning time per release, in seconds. */
export function mermaidLine(
  title: string,
  yLabel: string,
  points: readonly { label: string; value: number }[],
): string {
  const max = Math.max(1, ...points.map((p) => p.value));
  return fence([
    "xychart-beta",
    `  title "${safe(title)}"`,
    `  x-axis [${points.map((p) => `"${safe(p.label)}"`).join(", ")}]`,
    `  y-axis "${safe(yLabel)}" 0 --> ${niceCeiling(max)}`,
    `  line [${points.map((p) => round(p.value)).join(", ")}]`,
  ]);
}

/** A pie of the non-zero slices. */
export function mermaidPie(title: string, slices: readonly { label: string; value: number }[]): string {
  return fence([
    `pie title ${safe(title)}`,
    ...slices.filter((s) => s.value > 0).map((s) => `  "${safe(s.label)}" : ${round(s.value)}`),
  ]);
}

function fence(lines: readonly string[]): string {
  return ["```mermaid", ...lines, "```"].join("\n");
}

/** Letters, digits, spaces and `-:./()%` only. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9 \-:./()%]/g, "");
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function niceCeiling(n: number): number {
  if (n <= 5) return Math.ceil(n);
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / magnitude) * magnitude;
}
