/**
 * Charts as inline SVG for the HTML report: no script, no fonts from anywhere, colors from CSS
 * variables so the page's light and dark schemes apply. Each bar is a `rect.bar` with `data-label`
 * and `data-value`, and a `<title>` a screen reader or a hover shows.
 */

export interface Bar {
  label: string;
  value: number;
  /** Shown beside the value, e.g. "s". */
  unit?: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, right: 12, bottom: 44, left: 40 };

/**
 * A vertical bar chart in a `<figure>` with its title as the caption; labels below every bar when
 * they fit, else every nth. Without bars, the caption and "none".
 */
export function svgBars(id: string, title: string, bars: readonly Bar[]): string {
  const caption = `<figcaption>${esc(title)}</figcaption>`;
  if (!bars.length) return `<figure id="${esc(id)}">${caption}<p class="note">none</p></figure>`;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = bars.length ? plotW / bars.length : plotW;
  const every = Math.max(1, Math.ceil(bars.length / 12));
  const parts = bars.map((b, i) => {
    const h = (b.value / max) * plotH;
    const x = PAD.left + i * step + step * 0.15;
    const y = PAD.top + plotH - h;
    const shown = `${b.label}: ${fmt(b.value)}${b.unit ?? ""}`;
    const label =
      i % every === 0
        ? `<text class="axis" x="${num(x + step * 0.35)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle">${esc(short(b.label))}</text>`
        : "";
    const value =
      b.value > 0
        ? `<text class="value" x="${num(x + step * 0.35)}" y="${num(y - 3)}" text-anchor="middle">${esc(fmt(b.value))}</text>`
        : "";
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
    "</svg></figure>",
  ].join("\n");
}

/** Numbers without noise: integers as is, others to two decimals. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function num(n: number): string {
  return n.toFixed(1);
}

/** `2026-11-28` shows as `11-28` under a bar; the full label is in the title. */
function short(label: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(label)
    ? label.slice(5)
    : label.length > 12
      ? `${label.slice(0, 11)}…`
      : label;
}

/** Text and attribute escaping for HTML and SVG. */
export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
