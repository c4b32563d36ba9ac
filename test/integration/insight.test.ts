// history and metrics through the CLI on the real stack: a ledger written by real deploys (the
// engine, the HAProxy router, the htpasswd registry), then `greenlight history` and `greenlight
// metrics` run as child processes (tsx on src/cli/bin.ts), read back in every format.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/bluegreen";
import type { DockerTarget } from "../../src/deploy/docker/target";
import { rollback } from "../../src/deploy/promote";
import { exec } from "../../src/exec";
import { httpChecksGate } from "../../src/gate/gates";
import { INPUTS } from "../../src/inputs";
import { historyMarkdown } from "../../src/insight/history-render";
import { metricsMarkdown } from "../../src/insight/metrics-render";
import { type ChangeEntry, changelog } from "../../src/ledger/changelog";
import { computeMetrics } from "../../src/ledger/metrics";
import type { ReleaseRecord } from "../../src/ledger/record";
import type { RegistryLedger } from "../../src/ledger/registry-store";
import { MemoryLogger } from "../../src/log";
import { CHROMIUM, mermaidBlocks, parseMermaid } from "../support/mermaid";
import { baseEnv, freePort, removeEnvironment, repoRoot } from "../support/runner";
import { dockerConfig, pushApp, registryLedger, stack, testTarget, uniqueApp } from "./deploy.support";

const app = uniqueApp("insight");
const repo = `test/${app}`;
const dir = mkdtempSync(join(tmpdir(), "gl-insight-"));
let target: DockerTarget;
let ledger: RegistryLedger;
const images: Record<string, string> = {};
const REV = { v1: "1".repeat(40), v2: "2".repeat(40) };

const options = () => ({
  target,
  ledger,
  log: new MemoryLogger(),
  app,
  environment: "test",
  actor: "integration-test",
  previewGates: [httpChecksGate([{ path: "/healthz" }])],
  // provenance is not what this test is about: each switch is verified by a check that passes
  verify: async () => ({ verified: true, detail: "checked by the test" }),
});

/** `greenlight <argv>` as a child process; the registry password from GREENLIGHT_PASSWORD. */
async function cli(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  const common = [
    "--image",
    `${stack.registry}/${repo}`,
    "--app",
    app,
    "--environment",
    "test",
    "--username",
    stack.username,
    // the router's settings as the test target made it, so that drift compares like with like
    "--live-port",
    String(target.options.livePort),
    "--preview-port",
    String(target.options.previewPort),
    "--router-image",
    stack.routerImage,
  ];
  const env = baseEnv({ GREENLIGHT_PASSWORD: stack.password, DOCKER_CONFIG: await dockerConfig() });
  return exec(join(repoRoot, "node_modules/.bin/tsx"), ["src/cli/bin.ts", ...argv, ...common], {
    cwd: repoRoot,
    env: env as Record<string, string>,
    allowFailure: true,
    timeoutMs: 120_000,
  });
}

/**
 * The action from source (tsx src/action/index.ts) as a runner starts it: every input as an INPUT_
 * variable (action.yml's default unless given; no github-token, so no GitHub API), and the job
 * summary written to a file.
 */
async function action(
  inputs: Record<string, string>,
): Promise<{ exitCode: number | null; stdout: string; stderr: string; summary: string }> {
  const run = mkdtempSync(join(dir, "action-"));
  const summary = join(run, "summary.md");
  writeFileSync(summary, "");
  writeFileSync(join(run, "output"), "");
  const given: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(INPUTS).map(([name, spec]) => [name, "default" in spec ? spec.default : ""]),
    ),
    "github-token": "",
    app,
    username: stack.username,
    password: stack.password,
    "router-image": stack.routerImage,
    ...inputs,
  };
  const env = baseEnv({
    ...Object.fromEntries(Object.entries(given).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    GITHUB_ACTIONS: "true",
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: join(run, "output"),
    RUNNER_TEMP: run,
    GITHUB_WORKSPACE: repoRoot,
    DOCKER_CONFIG: await dockerConfig(),
  });
  const out = await exec(join(repoRoot, "node_modules/.bin/tsx"), ["src/action/index.ts"], {
    cwd: repoRoot,
    env: env as Record<string, string>,
    allowFailure: true,
    timeoutMs: 180_000,
  });
  return { ...out, summary: readFileSync(summary, "utf8") };
}

beforeAll(async () => {
  const config = await dockerConfig();
  for (const version of ["v1", "v2"] as const) {
    const base = await pushApp(config, repo, `${version}-base`);
    // the same app with the OCI labels a greenlight build sets from git
    images[version] = await pushApp(
      config,
      repo,
      version,
      [
        `FROM ${base}`,
        `LABEL org.opencontainers.image.version=${version}.0.0`,
        `LABEL org.opencontainers.image.revision=${REV[version]}`,
        "LABEL org.opencontainers.image.source=https://github.com/acme/shop",
      ].join("\n"),
    );
  }
  target = await testTarget(app, config);
  ledger = registryLedger(repo, "test");
  await deploy({ ...options(), image: images.v1 as string });
  await deploy({ ...options(), image: images.v2 as string });
  await rollback(options()); // switch back to the warm v1: v2 rolled-back, v1 promoted
});
afterAll(() => target?.destroy());

describe("history through the CLI", () => {
  it("json: newest first, labels, compare link, gates and step durations", async () => {
    const out = await cli(["history", "--format", "json"]);
    expect(out.exitCode, out.stderr).toBe(0);
    const doc = JSON.parse(out.stdout) as { entries: ChangeEntry[]; recordsRead: number; truncated: boolean };
    expect(doc.truncated).toBe(false);
    expect(doc.entries.map((e) => [e.action, e.outcome, e.labels.version])).toEqual([
      ["rollback", "promoted", "v1.0.0"],
      ["rollback", "rolled-back", "v2.0.0"],
      ["deploy", "promoted", "v2.0.0"],
      ["deploy", "promoted", "v1.0.0"],
    ]);
    const v2 = doc.entries[2] as ChangeEntry;
    expect(v2.compareUrl).toBe(`https://github.com/acme/shop/compare/${REV.v1}...${REV.v2}`);
    expect(v2.image).toBe(images.v2);
    expect(v2.gates.map((g) => [g.kind, g.passed])).toEqual([["http", true]]);
    expect(v2.timeline.map((s) => s.step)).toEqual(["lock", "stage", "preview", "preview gates", "switch"]);
    expect(v2.durationMs).toBeGreaterThan(0);
  });

  it("filters by outcome; markdown carries the Mermaid charts; text is the default", async () => {
    const filtered = await cli(["history", "--format", "json", "--outcome", "rolled-back"]);
    expect((JSON.parse(filtered.stdout) as { entries: ChangeEntry[] }).entries.map((e) => e.outcome)).toEqual(
      ["rolled-back"],
    );
    const md = await cli(["history", "--format", "markdown", "--since", "1d"]);
    expect(md.stdout).toContain("```mermaid\nxychart-beta");
    expect(md.stdout).toContain("pie title Outcomes");
    const text = await cli(["history"]);
    expect(text.stdout).toMatch(/rollback promoted {2}by integration-test/);
    const none = await cli(["history", "--format", "json", "--until", "2000-01-01"]);
    expect((JSON.parse(none.stdout) as { entries: unknown[] }).entries).toEqual([]);
  });
});

describe("metrics through the CLI", () => {
  it("json: the figures of the three records' story", async () => {
    const report = join(dir, "metrics.html");
    const out = await cli(["metrics", "--format", "json", "--window", "1d", "--report-file", report]);
    expect(out.exitCode, out.stderr).toBe(0);
    const m = JSON.parse(out.stdout);
    expect(m).toMatchObject({
      promotions: 2,
      failedPromotions: 1,
      changeFailureRate: 0.5,
      cutByWalkLimit: false,
      testCoverage: 0,
      outcomes: { promoted: 1, "rolled-back": 1 },
    });
    expect(m.rollbackTime.count).toBe(1);
    expect(m.provisioningTime.count).toBe(2);
    expect(m.timeToRecovery.count).toBe(1);
    expect(m.incidents).toMatchObject([{ recovery: "rollback" }]);
    // live blue (v1) and warm green (v2) agree with the ledger; the router differs from what the
    // CLI would create in one setting only (tests publish on 127.0.0.1, the CLI on 0.0.0.0)
    expect(m.host.drift).toMatchObject({ objects: 3, drifted: 1 });
    expect(m.host.drift.details).toEqual([
      expect.stringMatching(/^-: router .* runs with publish-address 127\.0\.0\.1, not 0\.0\.0\.0$/),
    ]);
    expect(m.host.iac.managed).toBeGreaterThanOrEqual(3);
    expect(m.host.iac.containers).toBeGreaterThanOrEqual(m.host.iac.managed);
    expect(m.build.times).toMatchObject({ digests: 2, withoutTimes: 2 }); // nothing attested here
    const html = readFileSync(report, "utf8");
    expect(html).toContain('<figure id="deployments-per-day">');
    expect(html).not.toMatch(/<script|https?:\/\/(?!github\.com)[^"\s]*\.(css|woff2?|js)/);
  });

  it("openmetrics: the exposition ends with # EOF and names the environment", async () => {
    const out = await cli(["metrics", "--format", "openmetrics"]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stdout.endsWith("# EOF\n")).toBe(true);
    expect(out.stdout).toContain(`greenlight_promotions{app="${app}",environment="test"} 2\n`);
    expect(out.stdout).toContain(
      `greenlight_config_drift_ratio{app="${app}",environment="test"} 0.333333333333\n`,
    );
    const python = "/tmp/omparse/bin/python";
    if (existsSync(python)) {
      const parsed = await exec(
        python,
        [
          "-c",
          "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families as p\nprint(len(list(p(sys.stdin.read()))))",
        ],
        { input: out.stdout },
      );
      expect(Number(parsed.stdout)).toBeGreaterThan(10);
    }
  });

  it("text: the title once, on stdout (the report is not printed again on stderr)", async () => {
    const out = await cli(["metrics", "--window", "1d"]);
    expect(out.exitCode, out.stderr).toBe(0);
    const title = `${app}/test: 2 promotion(s) in 1 days`;
    expect(out.stdout.startsWith(`${title}\n`)).toBe(true);
    expect(`${out.stdout}${out.stderr}`.split(title)).toHaveLength(2);
  });

  it("refuses a format of the other command, naming the input", async () => {
    const out = await cli(["metrics", "--format", "markdown"]);
    expect(out.exitCode).toBe(2); // an input error, not a refusal by a gate or a policy
    expect(out.stderr).toMatch(/format[\s\S]*text, json, openmetrics/);
  });
});

/** Mermaid blocks of ledgers with one refused record, and with none (single bars, empty pies, zero axes). */
function edgeCaseCharts(): string[] {
  const now = new Date();
  const refused: ReleaseRecord = {
    release: "r1",
    app,
    environment: "edge",
    action: "deploy",
    outcome: "refused",
    repository: repo,
    digest: `sha256:${"a".repeat(64)}`,
    color: "blue",
    gates: [],
    actor: "edge",
    time: now.toISOString(),
    timeline: [{ step: "stage", ok: true, durationMs: 700 }],
  };
  return [[refused], []].flatMap((records) => {
    const view = {
      app,
      environment: "edge",
      ledger: "l",
      recordsRead: records.length,
      truncated: false,
      filter: "",
    };
    const metrics = computeMetrics(records, {
      environment: "edge",
      now,
      windowMs: 86_400_000,
      truncated: false,
    });
    return mermaidBlocks(
      historyMarkdown({ ...view, entries: changelog(records, new Map()) }) +
        metricsMarkdown({ app, ledger: "l", metrics, host: { problems: [] }, build: undefined }),
    );
  });
}

// The job summaries as Actions shows them, from the action run from source against the same ledger,
// then every Mermaid block in them checked by Mermaid's own parser (in headless chromium).
const summaries: Record<string, string> = {};

describe("job summaries", () => {
  const common = () => ({
    image: `${stack.registry}/${repo}`,
    environment: "test",
    "live-port": String(target.options.livePort),
    "preview-port": String(target.options.previewPort),
  });

  it("history and metrics: the title once, then the charts and tables", async () => {
    for (const command of ["history", "metrics"]) {
      const out = await action({ ...common(), command });
      expect(out.exitCode, out.stderr + out.stdout).toBe(0);
      summaries[command] = out.summary;
      expect(out.summary.match(/^## /gm), out.summary).toHaveLength(1);
      expect(out.summary).toContain("```mermaid\nxychart-beta");
    }
    expect(summaries.metrics).toContain("Rollback time per rollback (s)");
  });

  it("deploy with summary-history: its own summary ends with the environment's newest records", async () => {
    const environment = "summary";
    const ports = { "live-port": String(await freePort()), "preview-port": String(await freePort()) };
    try {
      for (const version of ["v1", "v2"] as const) {
        const out = await action({
          ...common(),
          ...ports,
          command: "deploy",
          environment,
          image: images[version] as string,
          verify: "false",
          "watch-seconds": "3",
          "summary-history": "5",
        });
        expect(out.exitCode, out.stderr + out.stdout).toBe(0);
        summaries[`deploy-${version}`] = out.summary;
        // the watch says what it checks and how long is left
        const live = `http://127.0.0.1:${ports["live-port"]}`;
        expect(out.stdout).toContain(`watching ${live} for 3 s: /healthz 200 every 2 s;`);
        expect(out.stdout).toMatch(new RegExp(`watching ${live}: check 1, ok, \\d s left`));
      }
      const summary = summaries["deploy-v2"] as string;
      // the deploy's report first, then the newest records: both deploys, the newest first
      expect(summary.indexOf("### Timeline")).toBeLessThan(
        summary.indexOf(`### The newest 2 ledger record(s) of ${app}/${environment}`),
      );
      const rows = summary.split("\n").filter((l) => /^\| 20\d\d-/.test(l));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain("deploy promoted");
      expect(rows[0]).toContain("v2.0.0");
      expect(rows[1]).toContain("v1.0.0");
      expect(summary).toContain('pie title Outcomes\n  "promoted" : 2');
    } finally {
      await removeEnvironment(app, environment);
    }
  });

  it.skipIf(!CHROMIUM)("every Mermaid block parses with Mermaid's own parser", async () => {
    const blocks = Object.values(summaries).flatMap(mermaidBlocks);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    // and the charts of edge cases the stack's ledger does not have: one refused record, nothing at all
    blocks.push(...edgeCaseCharts());
    // the negative control: a block Mermaid refuses is reported as refused, so the check can fail
    const broken = "xychart-beta\n  bar [1,, 2]";
    const verdicts = await parseMermaid([...blocks, broken]);
    expect(verdicts.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
    const refused = verdicts.slice(0, -1).flatMap((v, i) => (v.ok ? [] : [`${blocks[i]}\n=> ${v.error}`]));
    expect(refused).toEqual([]);
    console.log(`Mermaid parsed ${blocks.length} block(s) from ${Object.keys(summaries).join(", ")}`);
  });
});
