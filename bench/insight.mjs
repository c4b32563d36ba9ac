// `node_modules/.bin/node --import tsx bench/insight.mjs [records=230] [runs=3]`: writes a ledger of
// N records to the stack's registry (127.0.0.1:5000, htpasswd) through the real RegistryLedger, two
// hours apart (so the 200-record walk stops inside the 30-day window when N > 200), then runs the
// bundled CLI's `history` and `metrics` as fresh processes with the count-requests preload: wall time
// (spawn to exit, node's start included), HTTP requests, and the size of each HTML report. Prints
// figures; asserts nothing. Records cycle through 12 digests that are not in the registry, so the
// label look-ups of `history` are one 404 per digest.
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { RegistryLedger } from "../src/ledger/registry-store.ts";
import { MemoryLogger } from "../src/log.ts";
import { RegistryClient } from "../src/registry/client.ts";
import {
  buildCli,
  cliEnv,
  countArg,
  machine,
  must,
  nodeBin,
  runId,
  spread,
  stackEnv,
  table,
  workDir,
} from "./lib.mjs";

const records = countArg(0, 230, 1000);
const runs = countArg(1, 3, 20);
const stack = stackEnv();
const work = workDir("insight");
const repo = `bench/insight-${runId}`;
const environment = "bench";
const HOUR = 3_600_000;

function record(i, now) {
  const digest = `sha256:${String(i % 12)
    .padStart(2, "0")
    .repeat(32)}`;
  const time = new Date(now - (records - i) * 2 * HOUR).toISOString();
  const base = {
    release: `r${String(i).padStart(4, "0")}`,
    app: "glbench",
    environment,
    action: "deploy",
    outcome: "promoted",
    repository: `${stack.GREENLIGHT_REGISTRY}/${repo}`,
    digest,
    color: i % 2 ? "green" : "blue",
    gates: [{ name: "GET /healthz", kind: "http", passed: true, detail: "200", durationMs: 40 }],
    actor: "bench",
    time,
    timeline: [
      { step: "lock", ok: true, durationMs: 120 },
      { step: "stage", ok: true, durationMs: 900 + (i % 7) * 100 },
      { step: "preview", ok: true, durationMs: 150 },
      { step: "preview gates", ok: true, durationMs: 400 },
      { step: "switch", ok: true, durationMs: 300 },
      { step: "watch", ok: true, durationMs: 5000 },
    ],
  };
  if (i % 10 === 9) {
    return {
      ...base,
      outcome: "failed",
      gates: [{ name: "watch GET /healthz", kind: "watch", passed: false, detail: "503", durationMs: 5000 }],
      timeline: [
        ...base.timeline.slice(0, 5),
        { step: "watch", ok: false, durationMs: 5000 },
        { step: "switch back", ok: true, durationMs: 280 },
      ],
    };
  }
  return base;
}

/** The bundled CLI as a fresh process with the request counter; returns wall time and request count. */
async function cli(bundle, argv) {
  const result = await must(
    [
      nodeBin,
      "--import",
      join(process.cwd(), "bench/count-requests.mjs"),
      bundle,
      ...argv,
      "--image",
      `${stack.GREENLIGHT_REGISTRY}/${repo}`,
      "--username",
      stack.GREENLIGHT_REGISTRY_USER,
      "--app",
      `glbench${runId}`,
      "--environment",
      environment,
    ],
    { env: cliEnv(stack) },
  );
  const count = Number(/count-requests: (\d+)/.exec(result.stderr)?.[1] ?? Number.NaN);
  const grouped = /count-requests-grouped: (.*)/.exec(result.stderr)?.[1] ?? "";
  return { ms: result.ms, count, grouped, stdout: result.stdout };
}

try {
  console.log(`bench/insight.mjs ${records} records, ${runs} runs: ${machine()}`);
  const ledger = new RegistryLedger({
    client: new RegistryClient({
      registry: stack.GREENLIGHT_REGISTRY,
      credentials: { username: stack.GREENLIGHT_REGISTRY_USER, password: stack.GREENLIGHT_REGISTRY_PASSWORD },
      log: new MemoryLogger(),
    }),
    repository: repo,
    environment,
  });
  const now = Date.now();
  const appendStart = performance.now();
  for (let i = 0; i < records; i++) await ledger.append(record(i, now));
  const appendMs = performance.now() - appendStart;
  console.log(
    `appended ${records} records to ${stack.GREENLIGHT_REGISTRY}/${repo}:${ledger.tag} in ${Math.round(appendMs)} ms (${Math.round(appendMs / records)} ms a record)`,
  );

  const bundle = await buildCli(work);
  const rows = [];
  const details = [];
  for (const [name, argv, report] of [
    ["history --format json", ["history", "--format", "json"], "history.html"],
    ["metrics --format json", ["metrics", "--format", "json"], "metrics.html"],
    ["metrics --format openmetrics", ["metrics", "--format", "openmetrics"], undefined],
  ]) {
    const times = [];
    let last;
    for (let r = 0; r < runs; r++) {
      last = await cli(bundle, [...argv, ...(report ? ["--report-file", join(work, report)] : [])]);
      times.push(last.ms);
    }
    const size = report ? `${statSync(join(work, report)).size} B` : "-";
    rows.push([name, spread(times), String(last.count), size]);
    details.push(`${name}: ${last.grouped}`);
    if (name.startsWith("metrics --format json")) {
      const m = JSON.parse(last.stdout);
      details.push(
        `metrics: recordsRead ${m.recordsRead}, cutByWalkLimit ${m.cutByWalkLimit}, window ${m.windowStart} .. ${m.windowEnd}, promotions ${m.promotions}, change failure rate ${m.changeFailureRate}`,
      );
    }
    if (name.startsWith("history")) details.push(`history: truncated ${JSON.parse(last.stdout).truncated}`);
  }
  console.log(
    table(["command (fresh process)", "wall ms median (min–max)", "HTTP requests", "HTML report"], rows),
  );
  for (const d of details) console.log(d);
  console.log(
    `html sample: ${readFileSync(join(work, "metrics.html"), "utf8").length} chars; end: ${machine()}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
