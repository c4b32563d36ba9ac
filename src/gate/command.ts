import { GreenlightError, lastLines } from "../errors";
import { exec } from "../exec";
import { type JunitThresholds, judgeJunit, parseJunit, readJunitFile } from "./junit";
import type { GateResult } from "./result";

/** The smoke command run against the preview before promotion. */
export interface SmokeCommand {
  /** argv; never a shell string (use ["sh", "-c", "..."] explicitly if a shell is wanted). */
  argv: readonly string[];
  cwd?: string;
  /** Extra environment; PREVIEW_URL, DIGEST and COLOR are always set. */
  env?: Record<string, string>;
  /** Kills the command after this many ms (default 300000). */
  timeoutMs?: number;
  /** A JUnit file the command writes; parsed and judged into the same gate result. */
  junitPath?: string;
  junitThresholds?: JunitThresholds;
  /** Stops the command (SIGTERM) when the run is stopped. */
  signal?: AbortSignal;
}

/** What the command is told about the staged color. */
export interface SmokeContext {
  previewUrl: string;
  digest: string;
  color: string;
}

/** Runs the smoke command; passes on exit 0 and, when a JUnit path is given, passing test results. */
export async function runSmokeCommand(command: SmokeCommand, context: SmokeContext): Promise<GateResult> {
  const started = Date.now();
  const [program, ...args] = command.argv;
  const name = `smoke: ${command.argv.join(" ").slice(0, 60)}`;
  const done = (passed: boolean, detail: string, extra: Partial<GateResult> = {}): GateResult => ({
    name,
    kind: "command",
    passed,
    detail,
    durationMs: Date.now() - started,
    ...extra,
  });
  if (!program) return done(false, "the smoke command is empty");
  const timeoutMs = command.timeoutMs ?? 300_000;
  let run: Awaited<ReturnType<typeof exec>>;
  try {
    run = await exec(program, args, {
      allowFailure: true,
      timeoutMs,
      ...(command.cwd ? { cwd: command.cwd } : {}),
      ...(command.signal ? { signal: command.signal } : {}),
      env: { ...command.env, PREVIEW_URL: context.previewUrl, DIGEST: context.digest, COLOR: context.color },
    });
  } catch (error) {
    return done(false, error instanceof Error ? error.message : String(error));
  }
  const tail = lastLines(run.stderr || run.stdout, 3).replace(/\s*\n\s*/g, " | ");
  const exit = run.timedOut ? `timed out after ${timeoutMs} ms` : `exit ${run.exitCode ?? "by signal"}`;
  const exitOk = run.exitCode === 0 && !run.timedOut;
  if (!command.junitPath) return done(exitOk, `${exit}${tail ? `: ${tail}` : ""}`);
  let judged: ReturnType<typeof judgeJunit>;
  try {
    const xml = await readJunitFile(command.junitPath);
    judged = judgeJunit(parseJunit(xml, command.junitPath), command.junitThresholds, name);
  } catch (error) {
    if (error instanceof GreenlightError) return done(false, `${exit}; ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return done(false, `${exit}; JUnit output '${command.junitPath}' was not written`);
    }
    return done(false, `${exit}; JUnit output '${command.junitPath}': ${(error as Error).message}`);
  }
  return done(
    exitOk && judged.passed,
    `${exit}; ${judged.detail}`,
    judged.tests ? { tests: judged.tests } : {},
  );
}
