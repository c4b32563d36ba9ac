import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exec } from "../../../src/exec";
import { openMetrics } from "../../../src/insight/openmetrics";
import { computeMetrics } from "../../../src/ledger/metrics";
import type { ReleaseRecord } from "../../../src/ledger/record";

/**
 * The exposition is checked by the OpenMetrics parser of Prometheus's Python client
 * (prometheus_client.openmetrics.parser), which is strict: `# EOF`, `# UNIT` matching the name's
 * suffix, escaping. It is found in GREENLIGHT_OPENMETRICS_PYTHON or /tmp/omparse (a venv with
 * `pip install prometheus-client`), else Debian's python3-prometheus-client (stack.sh installs it); without one these cases are skipped and say so.
 */
const python = [
  process.env.GREENLIGHT_OPENMETRICS_PYTHON,
  "/tmp/omparse/bin/python",
  "/usr/bin/python3",
].find(
  (p): p is string =>
    Boolean(p && existsSync(p)) &&
    spawnSync(p as string, ["-c", "import prometheus_client.openmetrics.parser"]).status === 0,
);
const PARSE = `
import sys, json
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "unit": f.unit, "samples": [[s.name, s.labels, s.value] for s in f.samples]})
print(json.dumps(out))
`;

async function parse(
  text: string,
): Promise<
  { name: string; type: string; unit: string; samples: [string, Record<string, string>, number][] }[]
> {
  const result = await exec(python as string, ["-c", PARSE], { input: text });
  return JSON.parse(result.stdout);
}

const NOW = new Date("2026-12-01T00:00:00Z");
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
  actor: "octocat",
  time: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
  ...extra,
});

const ledgers: [string, ReleaseRecord[]][] = [
  ["no releases", []],
  [
    "promotions, a rollback and timelines",
    [
      rec("a", "promoted", 30, {
        timeline: [
          { step: "stage", ok: true, durationMs: 1500 },
          { step: "preview", ok: true, durationMs: 10 },
        ],
      }),
      rec("b", "promoted", 20),
      rec("b", "rolled-back", 10, { action: "rollback" }),
      rec("a", "promoted", 10, {
        action: "rollback",
        timeline: [{ step: "switch", ok: true, durationMs: 250 }],
      }),
    ],
  ],
];

describe("openMetrics", () => {
  it.each(ledgers)("%s: families, units and the final # EOF", (_name, records) => {
    const m = computeMetrics(records, {
      environment: "prod",
      now: NOW,
      windowMs: 30 * 86_400_000,
      truncated: false,
    });
    const text = openMetrics(m, { problems: [], iac: { containers: 4, managed: 3 } }, 'sh"op');
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).toContain('greenlight_iac_coverage_ratio{app="sh\\"op",environment="prod"} 0.75\n');
    expect(text).toMatch(/^# UNIT greenlight_rollback_duration_seconds seconds$/m);
    expect(text).not.toContain("greenlight_config_drift_ratio{"); // drift not measured: no sample
  });

  it.skipIf(!python)("is valid OpenMetrics for the Python client's strict parser", async () => {
    for (const [, records] of ledgers) {
      const m = computeMetrics(records, {
        environment: "prod",
        now: NOW,
        windowMs: 30 * 86_400_000,
        truncated: records.length > 1,
      });
      const families = await parse(
        openMetrics(m, { problems: [], drift: { objects: 3, drifted: 1, details: [] } }, "shop"),
      );
      const byName = new Map(families.map((f) => [f.name, f]));
      expect(byName.get("greenlight_rollback_duration_seconds")?.unit).toBe("seconds");
      expect(byName.get("greenlight_config_drift_ratio")?.samples[0]?.[2]).toBeCloseTo(1 / 3, 9);
      expect(byName.get("greenlight_promotions")?.samples[0]?.[2]).toBe(m.promotions);
      if (records.length) {
        const rollback = byName.get("greenlight_rollback_duration_seconds")?.samples ?? [];
        expect(rollback.map(([, labels, value]) => [labels.stat, value])).toEqual([
          ["median", 0.25],
          ["p90", 0.25],
          ["worst", 0.25],
        ]);
      }
    }
  });

  it.skipIf(!python)("the parser is strict: it refuses an exposition without # EOF", async () => {
    const m = computeMetrics([], { environment: "prod", now: NOW, windowMs: 86_400_000, truncated: false });
    const text = openMetrics(m, { problems: [] }, "shop").replace("# EOF\n", "");
    await expect(parse(text)).rejects.toThrow(/EOF/);
  });
});
