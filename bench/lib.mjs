// Shared pieces of the benchmarks: the local stack's settings, a fresh CLI bundle in a temp dir,
// timed child processes (argv arrays, never a shell), medians, free loopback ports, machine facts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const nodeBin = join(repoRoot, "node_modules/.bin/node");

/** $GREENLIGHT_CACHE/stack.env as a plain object (written by `bash scripts/stack.sh up`). */
export function stackEnv() {
  const path = join(process.env.GREENLIGHT_CACHE || "/var/cache/greenlight", "stack.env");
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`no local stack (${path}): run \`bash scripts/stack.sh up\` first`);
  }
  const env = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0 && !line.startsWith("#")) env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return env;
}

/** A fresh temp dir for one benchmark run. */
export function workDir(name) {
  return mkdtempSync(join(tmpdir(), `gl-bench-${name}-`));
}

/** Short random suffix for repositories, apps and environments of this run. */
export const runId = randomBytes(3).toString("hex");

/** Runs `argv` to its end; resolves with exit code, output and wall time (spawn to close). */
export function run(argv, { env = process.env, cwd = repoRoot, onStderrLine, input } = {}) {
  const [program, ...args] = argv;
  const started = performance.now();
  const child = spawn(program, args, { cwd, env, stdio: [input ? "pipe" : "ignore", "pipe", "pipe"] });
  if (input) child.stdin.end(input);
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (!onStderrLine) return;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onStderrLine(line.trimStart(), performance.now());
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/** Like run(), but throws with the output when the command fails. */
export async function must(argv, options) {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw Object.assign(
      new Error(`${argv.join(" ")} exited ${result.code ?? result.signal}:\n${result.stderr.slice(-3000)}`),
      { stdout: result.stdout.slice(-3000) },
    );
  }
  return result;
}

/**
 * Bundles src/ with scripts/build.mjs into `<dir>/bundle` (dist/ is never touched); returns cli.cjs.
 * BENCH_CLI=<path of a cli.cjs> uses that bundle instead (e.g. one built from another commit, for a
 * before/after under the same conditions).
 */
export async function buildCli(dir) {
  if (process.env.BENCH_CLI) return process.env.BENCH_CLI;
  const out = join(dir, "bundle");
  await must([nodeBin, "scripts/build.mjs", out]);
  return join(out, "cli.cjs");
}

/** The environment the CLI gets: PATH, HOME and the registry password; nothing else leaks in. */
export function cliEnv(stack, extra = {}) {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    GREENLIGHT_PASSWORD: stack.GREENLIGHT_REGISTRY_PASSWORD,
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}

/** `name=value` lines of the CLI's stdout. */
export function outputs(stdout) {
  const values = {};
  for (const line of stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "median (min–max)" in ms, no decimals. */
export function spread(values) {
  if (!values.length) return "-";
  const r = (v) => Math.round(v);
  return `${r(median(values))} (${r(Math.min(...values))}–${r(Math.max(...values))})`;
}

/** A loopback port nothing listens on right now. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Prints a table with padded columns. */
export function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(all[0]),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...all.slice(1).map(line),
  ].join("\n");
}

/** Date, CPU and load, printed at the top and bottom of every benchmark. */
export function machine() {
  const cpu = cpus();
  const [one, five] = loadavg();
  return `${new Date().toISOString()} · ${cpu.length} × ${cpu[0]?.model.trim()} · loadavg ${one.toFixed(2)} ${five.toFixed(2)}`;
}

/** Integer argument `index` of argv (after the script), with a default and bounds. */
export function countArg(index, fallback, max) {
  const raw = process.argv[2 + index];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`argument ${index + 1} must be an integer 1..${max}, not ${raw}`);
  }
  return value;
}
