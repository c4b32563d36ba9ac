import { describe, expect, it } from "vitest";
import {
  historyMarkdown,
  historyText,
  historyTitle,
  promotionsPerDay,
} from "../../../src/insight/history-render";
import { mermaidBars, mermaidPie } from "../../../src/insight/mermaid";
import { metricsMarkdown, metricsText, metricsTitle } from "../../../src/insight/metrics-render";
import { changelog } from "../../../src/ledger/changelog";
import { computeMetrics } from "../../../src/ledger/metrics";
import type { ReleaseRecord } from "../../../src/ledger/record";
import { renderMarkdown } from "../../../src/report";

const rec = (
  release: string,
  outcome: ReleaseRecord["outcome"],
  time: string,
  extra: Partial<ReleaseRecord> = {},
): ReleaseRecord => ({
  release,
  app: "shop",
  environment: "prod",
  action: "deploy",
  outcome,
  repository: "127.0.0.1:5000/acme/shop",
  digest: `sha256:${release.padEnd(64, "0")}`,
  color: "blue",
  gates: [
    {
      name: "tests | junit",
      kind: "test-results",
      passed: true,
      detail: "ok",
      durationMs: 5,
      tests: { total: 12, ran: 11, failures: 0, errors: 0, skipped: 1, flaky: 0 },
    },
  ],
  actor: "mallory | <img src=x>\n```",
  time,
  ...extra,
});
const records = [
  rec("a", "promoted", "2026-11-28T10:00:00Z"),
  rec("b", "refused", "2026-11-29T10:00:00Z", { reason: "line1\nline2" }),
  rec("c", "promoted", "2026-11-30T10:00:00Z"),
];
const view = {
  app: "shop",
  environment: "prod",
  ledger: "l",
  entries: changelog(records, new Map()),
  recordsRead: 3,
  truncated: false,
  filter: "",
};

describe("history renderings", () => {
  it("markdown: Mermaid bars per day and an outcome pie; record text stays in its cell", () => {
    const md = historyMarkdown(view);
    expect(md).toContain(
      [
        "```mermaid",
        "xychart-beta",
        '  title "Deployments per day"',
        '  x-axis ["11-28", "11-29", "11-30"]',
        '  y-axis "promotions" 0 --> 1',
        "  bar [1, 0, 1]",
        "```",
      ].join("\n"),
    );
    expect(md).toContain('pie title Outcomes\n  "promoted" : 2\n  "refused" : 1\n```');
    expect(md).toContain("mallory &#124; &lt;img src=x&gt; ```");
    expect(md).toContain("pass tests &#124; junit (11 ran, 0 failed, 0 errors, 1 skipped)");
    const rows = md.split("\n").filter((l) => l.startsWith("| 2026-"));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.match(/\|/g)).toHaveLength(10); // 9 cells: no `|` from a record
  });

  it("text: newest first, multi-line values on one line", () => {
    const text = historyText(view);
    expect(text.indexOf("  c  ")).toBeLessThan(text.indexOf("  a  "));
    expect(text).toContain("reason    line1 line2");
  });

  it("counts promotions per day from the oldest shown day", () => {
    expect(promotionsPerDay(view.entries)).toEqual([
      { label: "2026-11-28", value: 1 },
      { label: "2026-11-29", value: 0 },
      { label: "2026-11-30", value: 1 },
    ]);
  });

  it("the job summary carries the charts after the facts, and the title once", () => {
    const summary = renderMarkdown({
      title: historyTitle(view),
      facts: [["a", "b"]],
      markdown: historyMarkdown(view, { heading: false }),
    });
    expect(summary.indexOf("| a | b |")).toBeLessThan(summary.indexOf("```mermaid"));
    expect(summary.split(historyTitle(view))).toHaveLength(2);
    expect(historyMarkdown(view).startsWith(`## ${historyTitle(view)}\n`)).toBe(true); // the document keeps it
  });
});

describe("metrics renderings", () => {
  const m = computeMetrics(records, {
    environment: "prod",
    now: new Date("2026-12-01T00:00:00Z"),
    windowMs: 7 * 86_400_000,
    truncated: false,
  });
  const v = {
    app: "shop",
    ledger: "l",
    metrics: m,
    host: { problems: ["infrastructure-as-code coverage not measured: docker: not found"] },
    build: undefined,
  };

  it("text: every figure with its definition, n/a where nothing counts, the problems as notes", () => {
    const text = metricsText(v);
    expect(text).toContain("deployment frequency             0.29/day, 2/week (2 promotions)");
    expect(text).toContain("change failure rate              0.0 % (0 of 2)");
    expect(text).toContain("time to recovery                 n/a (none in the window)");
    expect(text).toContain("image build time                 skipped: no promoted digest");
    expect(text).toContain("configuration drift              n/a (not measured: see the notes)");
    expect(text).toContain("note: infrastructure-as-code coverage not measured: docker: not found");
  });

  it("markdown: a figures table and the per-day bars", () => {
    const md = metricsMarkdown(v);
    expect(md).toContain("| deployment frequency | 0.29/day, 2/week (2 promotions) |");
    expect(md).toContain("  bar [0, 0, 0, 0, 1, 0, 1, 0]");
  });

  it("the job summary says the title once; the markdown alone keeps it", () => {
    const summary = renderMarkdown({
      title: metricsTitle(v),
      facts: [["ledger", "l"]],
      markdown: metricsMarkdown(v, { heading: false }),
    });
    expect(summary.split(metricsTitle(v))).toHaveLength(2);
    expect(metricsMarkdown(v)).toContain(`## ${metricsTitle(v)}`);
  });

  it("says when the walk limit cut the window", () => {
    const cut = computeMetrics(records, {
      environment: "prod",
      now: new Date("2026-12-01T00:00:00Z"),
      windowMs: 30 * 86_400_000,
      truncated: true,
    });
    expect(metricsText({ ...v, metrics: cut })).toContain("the window was cut by the walk limit");
  });
});

describe("mermaid", () => {
  it("drops characters that could end a label or a block", () => {
    expect(mermaidBars('a"]\n```', "y", [{ label: 'x"];', value: 2 }])).toContain('title "a"');
    expect(
      mermaidPie("t", [
        { label: 'p"q', value: 1 },
        { label: "zero", value: 0 },
      ]),
    ).toBe('```mermaid\npie title t\n  "pq" : 1\n```');
  });
});
