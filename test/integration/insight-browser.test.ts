// The HTML reports of history and metrics opened in a real headless browser (Debian's chromium,
// `apt-get install -y chromium`): the DOM chromium renders has the charts' bars with the right
// counts, the page logs no console message, and a screenshot (light and dark) is written for a
// person to look at. chromium is driven by its own flags (--dump-dom, --screenshot); no npm package.

import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exec } from "../../src/exec";
import { historyHtml } from "../../src/insight/history-render";
import { metricsHtml } from "../../src/insight/metrics-render";
import { changelog } from "../../src/ledger/changelog";
import { computeMetrics } from "../../src/ledger/metrics";
import type { RecordedStep, ReleaseRecord } from "../../src/ledger/record";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const dir = mkdtempSync(join(tmpdir(), "greenlight-report-"));
const NOW = new Date("2026-12-01T00:00:00Z");

const timeline = (stageMs: number): RecordedStep[] => [
  { step: "stage", ok: true, durationMs: stageMs },
  { step: "preview", ok: true, durationMs: 100 },
  { step: "preview gates", ok: true, durationMs: 500 },
];
const rec = (
  release: string,
  outcome: ReleaseRecord["outcome"],
  hoursAgo: number,
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
  gates: [],
  actor: "octocat <script>alert(1)</script>",
  time: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
  timeline: timeline(1000 + hoursAgo * 10),
  ...extra,
});
// Promotions: 2 on 11-28 (a, b), 1 on 11-29 (c), 1 on 11-30 (e); d refused on 11-29.
const records = [
  rec("a", "promoted", 50),
  rec("b", "promoted", 49),
  rec("c", "promoted", 26),
  rec("d", "refused", 25, { timeline: [] }),
  rec("e", "promoted", 2),
];

/** The DOM chromium built from the file, and what it logged. */
async function render(file: string): Promise<{ dom: string; log: string }> {
  const result = await exec(
    CHROMIUM as string,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--enable-logging=stderr",
      "--v=0",
      "--dump-dom",
      `file://${file}`,
    ],
    { timeoutMs: 60_000 },
  );
  return { dom: result.stdout, log: result.stderr };
}

async function screenshot(file: string, png: string, dark: boolean): Promise<void> {
  await exec(
    CHROMIUM as string,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      ...(dark ? ["--force-dark-mode"] : []),
      `--screenshot=${png}`,
      "--window-size=1000,1600",
      `file://${file}`,
    ],
    { timeoutMs: 60_000 },
  );
}

/** Bars of one chart in the rendered DOM: label -> value. */
function bars(dom: string, chart: string): Record<string, number> {
  const start = dom.indexOf(`<figure id="${chart}">`);
  const figure = dom.slice(start, dom.indexOf("</figure>", start));
  const out: Record<string, number> = {};
  for (const m of figure.matchAll(/<rect class="bar" data-label="([^"]*)" data-value="([^"]*)"/g))
    out[m[1] as string] = Number(m[2]);
  return out;
}

describe.skipIf(!CHROMIUM)("HTML reports in headless chromium", () => {
  it("metrics: deployments per day and the outcome mix carry the right counts", async () => {
    const m = computeMetrics(records, {
      environment: "prod",
      now: NOW,
      windowMs: 7 * 86_400_000,
      truncated: false,
    });
    const file = join(dir, "metrics.html");
    writeFileSync(
      file,
      metricsHtml({
        app: "shop",
        ledger: "127.0.0.1:5000/acme/shop:greenlight.ledger.prod",
        metrics: m,
        host: { problems: [] },
        build: undefined,
      }),
    );
    const { dom, log } = await render(file);
    expect(bars(dom, "deployments-per-day")).toEqual({
      "2026-11-24": 0,
      "2026-11-25": 0,
      "2026-11-26": 0,
      "2026-11-27": 0,
      "2026-11-28": 2,
      "2026-11-29": 1,
      "2026-11-30": 1,
      "2026-12-01": 0,
    });
    expect(bars(dom, "outcomes")).toEqual({
      staged: 0,
      promoted: 4,
      failed: 0,
      refused: 1,
      "rolled-back": 0,
      unlocked: 0,
    });
    expect(Object.keys(bars(dom, "provisioning"))).toEqual(["a", "b", "c", "e"]);
    expect(dom).toContain(
      '<figure id="rollback"><figcaption>Rollback time per rollback (s)</figcaption><p class="note">none</p>',
    );
    expect(dom).not.toMatch(/<script/i);
    expect(log).not.toMatch(/CONSOLE|Uncaught/);
    for (const dark of [false, true]) {
      const png = join(dir, `metrics-${dark ? "dark" : "light"}.png`);
      await screenshot(file, png, dark);
      expect(statSync(png).size).toBeGreaterThan(10_000);
      console.log(`screenshot: ${png}`);
    }
  });

  it("history: the change log's charts, and record text stays text", async () => {
    const file = join(dir, "history.html");
    const entries = changelog(records, new Map());
    writeFileSync(
      file,
      historyHtml({
        app: "shop",
        environment: "prod",
        ledger: "l",
        entries,
        recordsRead: 5,
        truncated: true,
        filter: "",
      }),
    );
    const { dom, log } = await render(file);
    expect(bars(dom, "deployments-per-day")).toEqual({ "2026-11-28": 2, "2026-11-29": 1, "2026-11-30": 1 });
    expect(bars(dom, "outcomes")).toEqual({
      staged: 0,
      promoted: 4,
      failed: 0,
      refused: 1,
      "rolled-back": 0,
      unlocked: 0,
    });
    expect(dom).toContain("octocat &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(dom).toContain("older records exist and are not shown");
    expect(log).not.toMatch(/CONSOLE|Uncaught/);
    const png = join(dir, "history-light.png");
    await screenshot(file, png, false);
    console.log(`screenshot: ${png}; HTML ${readFileSync(file).length} bytes`);
  });
});
