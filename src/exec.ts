import { spawn } from "node:child_process";
import { ExecError } from "./errors";

export interface ExecOptions {
  cwd?: string;
  /** Added to (and overriding) the parent's environment. `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Kills the child (SIGKILL) after this many milliseconds; the result then has `timedOut`. */
  timeoutMs?: number;
  /** Return a non-zero exit as a result instead of throwing ExecError. */
  allowFailure?: boolean;
  /** Called with each chunk of output as it arrives (progress for long builds). */
  onOutput?: (chunk: string) => void;
  /** Stops a long-running child (a server a test started) with SIGTERM when aborted. */
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * The one way greenlight starts a child process: an argv array, never a shell. Uses
 * node:child_process rather than @actions/exec because callers need timeouts, stdin bytes and
 * quiet capture (a command line may carry a registry or a secret-bearing path).
 */
export function exec(
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: mergeEnv(process.env, options.env),
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      into.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    };
    child.stdout.on("data", collect(stdout));
    child.stderr.on("data", collect(stderr));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ExecError(command, args, null, `cannot start ${command}: ${error.message}`, ""));
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const result = {
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        timedOut,
      };
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new ExecError(command, args, exitCode, result.stderr, result.stdout));
      } else {
        resolve(result);
      }
    });
    child.stdin.on("error", () => {}); // a child that exits without reading its stdin is not our error
    child.stdin.end(options.input ?? "");
  });
}

function mergeEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> | undefined,
): NodeJS.ProcessEnv {
  if (!extra) return base;
  const env = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
