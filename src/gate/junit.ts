import { glob, readFile } from "node:fs/promises";
import { XMLParser } from "fast-xml-parser";
import { GreenlightError } from "../errors";
import type { GateResult, TestCounts } from "./result";

/** How many failed or missing tests a test-results gate tolerates. */
export interface JunitThresholds {
  /** Failures plus errors allowed (default 0). */
  maxFailures?: number;
  /** Fewest tests that must have run (default 1: zero tests blocks). */
  minTests?: number;
}

/** One failed or errored test case, for the summary. */
export interface FailedCase {
  suite: string;
  name: string;
  message: string;
}

export interface JunitReport {
  counts: TestCounts;
  failed: FailedCase[];
  files: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["testsuite", "testcase", "failure", "error"].includes(name),
});

type Node = Record<string, unknown>;

/** Parses one JUnit XML document (`<testsuites>` or a bare `<testsuite>`), counting test cases. */
export function parseJunit(xml: string, file = "<junit>"): JunitReport {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new GreenlightError(`test results '${file}' are not well-formed XML`, { cause: error });
  }
  const root = (doc.testsuites ?? doc) as Node;
  if (!doc.testsuites && !doc.testsuite) {
    throw new GreenlightError(`test results '${file}' have no <testsuites> or <testsuite> element`, {
      hint: "pass JUnit XML files (e.g. vitest --reporter=junit, go-junit-report, pytest --junitxml)",
    });
  }
  const report: JunitReport = { counts: zero(), failed: [], files: [file] };
  for (const suite of suitesOf(root)) collectSuite(suite, report);
  return report;
}

function suitesOf(node: Node): Node[] {
  const own = (node.testsuite as Node[] | undefined) ?? [];
  return own.flatMap((suite) => [suite, ...suitesOf(suite)]);
}

function collectSuite(suite: Node, report: JunitReport): void {
  for (const testcase of (suite.testcase as Node[] | undefined) ?? []) {
    report.counts.total++;
    const failure = (testcase.failure as Node[] | undefined)?.[0];
    const error = (testcase.error as Node[] | undefined)?.[0];
    if (failure !== undefined) report.counts.failures++;
    else if (error !== undefined) report.counts.errors++;
    else if (testcase.skipped !== undefined) report.counts.skipped++;
    const problem = failure ?? error;
    if (problem !== undefined) {
      report.failed.push({
        suite: String(suite.name ?? ""),
        name: String(testcase.name ?? ""),
        message: messageOf(problem),
      });
    }
  }
}

function messageOf(problem: unknown): string {
  if (typeof problem === "string") return firstLine(problem);
  const node = problem as Node;
  return firstLine(String(node.message ?? node["#text"] ?? ""));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.slice(0, 200) ?? "";
}

function zero(): TestCounts {
  return { total: 0, failures: 0, errors: 0, skipped: 0 };
}

/** Adds reports together (several files, or a command's output). */
export function mergeReports(reports: JunitReport[]): JunitReport {
  const merged: JunitReport = { counts: zero(), failed: [], files: [] };
  for (const report of reports) {
    merged.counts.total += report.counts.total;
    merged.counts.failures += report.counts.failures;
    merged.counts.errors += report.counts.errors;
    merged.counts.skipped += report.counts.skipped;
    merged.failed.push(...report.failed);
    merged.files.push(...report.files);
  }
  return merged;
}

/** Judges a report against the thresholds; pure, so the decision is testable without files. */
export function judgeJunit(
  report: JunitReport,
  thresholds: JunitThresholds = {},
  name = "test results",
): Omit<GateResult, "durationMs"> {
  const maxFailures = thresholds.maxFailures ?? 0;
  const minTests = thresholds.minTests ?? 1;
  const { total, failures, errors, skipped } = report.counts;
  const broken = failures + errors;
  const problems: string[] = [];
  if (total < minTests) problems.push(`${total} tests ran, at least ${minTests} required`);
  if (broken > maxFailures) problems.push(`${broken} failed or errored, at most ${maxFailures} allowed`);
  const first = report.failed[0];
  const example = first
    ? `; first: ${first.suite ? `${first.suite} › ` : ""}${first.name}: ${first.message}`
    : "";
  const counts = `${total} tests, ${failures} failures, ${errors} errors, ${skipped} skipped in ${report.files.length} file(s)`;
  return {
    name,
    kind: "test-results",
    passed: problems.length === 0,
    detail: problems.length ? `${problems.join("; ")} (${counts})${example}` : counts,
    tests: { ...report.counts },
  };
}

/** Expands file paths and globs (relative to `cwd`) into a sorted list of files. */
export async function expandPatterns(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    for await (const file of glob(pattern, { cwd })) files.add(String(file));
  }
  return [...files].sort();
}

/** The pre-stage gate: reads JUnit files or globs and judges them. No file matched blocks too. */
export async function junitGate(
  patterns: readonly string[],
  thresholds: JunitThresholds = {},
  options: { cwd?: string; name?: string } = {},
): Promise<GateResult> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const name = options.name ?? "test results";
  const files = await expandPatterns(patterns, cwd);
  if (files.length === 0) {
    return {
      name,
      kind: "test-results",
      passed: false,
      detail: `no JUnit file matched ${patterns.map((p) => `'${p}'`).join(", ")} (in ${cwd})`,
      durationMs: Date.now() - started,
      tests: zero(),
    };
  }
  const reports = await Promise.all(
    files.map(async (file) => parseJunit(await readFile(resolveIn(cwd, file), "utf8"), file)),
  );
  return { ...judgeJunit(mergeReports(reports), thresholds, name), durationMs: Date.now() - started };
}

function resolveIn(cwd: string, file: string): string {
  return file.startsWith("/") ? file : `${cwd}/${file}`;
}
