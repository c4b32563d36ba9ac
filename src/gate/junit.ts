import { GreenlightError } from "../errors";
import { expandPatterns, readJunitFile } from "./junit-files";
import { type JunitReport, mergeReports, parseJunit, zero } from "./junit-report";
import type { GateResult } from "./result";

export { expandPatterns, MAX_FILES_PER_GLOB, MAX_JUNIT_BYTES, readJunitFile } from "./junit-files";
export { type FailedCase, type JunitReport, mergeReports, parseJunit } from "./junit-report";

/** How many failed or missing tests a test-results gate tolerates. */
export interface JunitThresholds {
  /** Failures plus errors allowed (default 0). */
  maxFailures?: number;
  /** Fewest tests that must have run, skipped ones not counted (default 1: zero tests blocks). */
  minTests?: number;
}

/** Judges a report against the thresholds; pure, so the decision is testable without files. */
export function judgeJunit(
  report: JunitReport,
  thresholds: JunitThresholds = {},
  name = "test results",
): Omit<GateResult, "durationMs"> {
  const maxFailures = thresholds.maxFailures ?? 0;
  const minTests = thresholds.minTests ?? 1;
  const { ran, failures, errors, skipped, flaky } = report.counts;
  const broken = failures + errors;
  const problems: string[] = [];
  if (ran < minTests) {
    problems.push(`${ran} tests ran${skipped ? ` (${skipped} skipped)` : ""}, at least ${minTests} required`);
  }
  if (broken > maxFailures) problems.push(`${broken} failed or errored, at most ${maxFailures} allowed`);
  const first = report.failed[0];
  const example = first
    ? `; first: ${first.suite ? `${first.suite} › ` : ""}${first.name}: ${first.message}`
    : "";
  const counts =
    `${ran} ran, ${failures} failed, ${errors} errored, ${skipped} skipped` +
    `${flaky ? `, ${flaky} flaky (failed, then passed on a rerun)` : ""} in ${report.files.length} file(s)`;
  const notes = report.notes.map((note) => `; ${note}`).join("");
  return {
    name,
    kind: "test-results",
    passed: problems.length === 0,
    detail: problems.length ? `${problems.join("; ")} (${counts})${example}${notes}` : `${counts}${notes}`,
    tests: { ...report.counts },
  };
}

/**
 * The pre-stage gate: reads JUnit files or globs and judges them. A glob that matches nothing or
 * too many files, a file too big, not XML or not JUnit blocks too, with the reason as the detail.
 */
export async function junitGate(
  patterns: readonly string[],
  thresholds: JunitThresholds = {},
  options: { cwd?: string; name?: string } = {},
): Promise<GateResult> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const name = options.name ?? "test results";
  let report: JunitReport;
  try {
    report = await readReports(patterns, cwd);
  } catch (error) {
    if (!(error instanceof GreenlightError)) throw error;
    const detail = error.hint ? `${error.message} (${error.hint})` : error.message;
    return {
      name,
      kind: "test-results",
      passed: false,
      detail,
      durationMs: Date.now() - started,
      tests: zero(),
    };
  }
  return { ...judgeJunit(report, thresholds, name), durationMs: Date.now() - started };
}

/** One file at a time, so at most one file's text is held at once. */
async function readReports(patterns: readonly string[], cwd: string): Promise<JunitReport> {
  const reports: JunitReport[] = [];
  for (const file of await expandPatterns(patterns, cwd)) {
    reports.push(parseJunit(await readFileNamed(file, cwd), file));
  }
  return mergeReports(reports);
}

async function readFileNamed(file: string, cwd: string): Promise<string> {
  try {
    return await readJunitFile(file, cwd);
  } catch (error) {
    if (error instanceof GreenlightError) throw error;
    throw new GreenlightError(`test results '${file}' cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
