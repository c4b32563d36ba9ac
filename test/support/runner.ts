// Real processes for the bundle tests (action-run, crash): a fresh esbuild bundle in a temp dir, the
// bundled action or CLI spawned with argv arrays (never a shell), its stderr streamed line by line,
// a keep-alive poller of the live port, and the teardown of one environment's containers.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { environmentNames, legacyNames } from "../../src/deploy/docker/names";

/** The checkout's root (GITHUB_WORKSPACE of the action runs, cwd of every child). */
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Node 24, as the action's `runs.using: node24` runs it. */
export const nodeBin = join(repoRoot, "node_modules/.bin/node");

/** How a child process ended, with everything it printed. */
export interface Finished {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child: its output so far, a wait for a stderr line, SIGKILL, and its end. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stderr line (leading blanks trimmed) matching `pattern`; rejects if the child ends first. */
  line(pattern: RegExp): Promise<string>;
  done: Promise<Finished>;
}

/** Starts `argv` (argv[0] is the program) in the checkout with exactly `env` as its environment. */
export function start(argv: readonly string[], env: NodeJS.ProcessEnv): Running {
  const [program = "", ...args] = argv;
  const child = spawn(program, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let partial = "";
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const seen: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    stderr += text;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const raw of lines) {
      const line = raw.trimStart();
      seen.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  const done = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    line: (pattern) => {
      const already = seen.find((l) => pattern.test(l));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<string>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void done.then((f) =>
          reject(
            new Error(
              `process ended (${f.exitCode ?? f.signal}) before a line matched ${pattern}:\n${f.stderr}`,
            ),
          ),
        );
      });
    },
  };
}

/** Runs `argv` to its end. */
export function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return start(argv, env).done;
}

/** Bundles src/ into a fresh temp dir with scripts/build.mjs (dist/ is never touched); returns the dir. */
export async function buildBundle(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "gl-bundle-"));
  const built = await run([nodeBin, "scripts/build.mjs", dir], { PATH: process.env.PATH ?? "" });
  if (built.exitCode !== 0) throw new Error(`scripts/build.mjs failed:\n${built.stderr}`);
  return dir;
}

/** The runner's GITHUB_OUTPUT file: `name<<delimiter` heredocs (and plain `name=value` lines). */
export function parseGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const end = lines.indexOf(delimiter as string, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${delimiter} for ${name}`);
      outputs[name] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

/** The CLI's stdout: `name=value` lines. */
export function parseCliOutputs(stdout: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** GET a loopback URL; a refused connection is status 0. */
export async function get(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.text()).trim() };
  } catch {
    return { status: 0, body: "" };
  }
}

export interface PollResult {
  sent: number;
  failed: number;
  failures: string[];
  /** Bodies seen, with how often. */
  bodies: Record<string, number>;
  /** Stopped by its own bound (count or time) rather than by stop(). */
  bounded: boolean;
  ms: number;
}

/** A client polling one loopback URL every `intervalMs` on keep-alive (Node's fetch pools connections). */
export interface Poller {
  /** Resolves as soon as a response carries `body`. */
  sees(body: string): Promise<void>;
  stop(): Promise<PollResult>;
}

export function startPoller(
  url: string,
  bounds: { intervalMs?: number; maxRequests: number; maxMs: number },
): Poller {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`poller is loopback only, not ${url}`);
  const started = Date.now();
  const result: PollResult = { sent: 0, failed: 0, failures: [], bodies: {}, bounded: false, ms: 0 };
  const waiters: { body: string; resolve: () => void }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      if (result.sent >= bounds.maxRequests || Date.now() - started >= bounds.maxMs) {
        result.bounded = true;
        break;
      }
      result.sent++;
      const at = Date.now() - started;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        const body = (await response.text()).trim();
        if (response.status !== 200) {
          result.failed++;
          result.failures.push(`${at} ms: ${response.status} ${body.slice(0, 80)}`);
        } else {
          result.bodies[body] = (result.bodies[body] ?? 0) + 1;
          for (const w of waiters.splice(0)) w.body === body ? w.resolve() : waiters.push(w);
        }
      } catch (error) {
        result.failed++;
        result.failures.push(`${at} ms: ${(error as Error).cause ?? (error as Error).message}`);
      }
      await sleep(bounds.intervalMs ?? 20);
    }
  })();
  return {
    sees: (body) =>
      result.bodies[body] ? Promise.resolve() : new Promise((resolve) => waiters.push({ body, resolve })),
    stop: async () => {
      running = false;
      await loop;
      result.ms = Date.now() - started;
      return result;
    },
  };
}

/** Removes one environment's containers and network (`docker rm -f`), whatever state they are in. */
export async function removeEnvironment(app: string, environment: string): Promise<void> {
  const env = { PATH: process.env.PATH ?? "" };
  for (const names of [environmentNames(app, environment), legacyNames(app, environment)]) {
    await run(["docker", "rm", "-f", names.colors.blue, names.colors.green, names.router, names.lock], env);
    await run(["docker", "network", "rm", names.network], env);
  }
}

/** The environment a child gets: PATH and HOME only, plus `extra` (no GITHUB_* leaks in from the parent). */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: `${join(repoRoot, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    HOME: process.env.HOME ?? "/root",
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}
