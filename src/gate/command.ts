import { GreenlightError, lastLines } from "../errors";
import { exec } from "../exec";
import { type CommandWord, shellQuote } from "../input-parser";
import { type JunitThresholds, judgeJunit, parseJunit, readJunitFile } from "./junit";
import type { GateResult } from "./result";

/** The smoke command run against the preview before promotion. */
export interface SmokeCommand {
  /**
   * argv; never a shell string (use ["sh", "-c", "..."] explicitly if a shell is wanted). A word may
   * hold `{ variable: "PREVIEW_URL" | "DIGEST" | "COLOR" }` parts, expanded before it runs.
   */
  argv: readonly CommandWord[];
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
export interface SmokeRelease {
  previewUrl: string;
  digest: string;
  color: string;
}

/** Runs the smoke command; passes on exit 0 and, when a JUnit path is given, passing test results. */
export async function runSmokeCommand(command: SmokeCommand, release: SmokeRelease): Promise<GateResult> {
  const started = Date.now();
  const values: Record<string, string> = {
    PREVIEW_URL: release.previewUrl,
    DIGEST: release.digest,
    COLOR: release.color,
  };
  const argv = command.argv.map((word) =>
    typeof word === "string"
      ? word
      : word.map((part) => (typeof part === "string" ? part : (values[part.variable] ?? ""))).join(""),
  );
  const [program, ...args] = argv;
  // the command exactly as it runs, quoted so that it can be pasted into a shell
  const shown = shellQuote(argv);
  const name = `smoke: ${shown.length > 200 ? `${shown.slice(0, 199)}…` : shown}`;
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
      env: { ...command.env, ...values },
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
