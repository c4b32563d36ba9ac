import { XMLParser } from "fast-xml-parser";
import { GreenlightError } from "../errors";
import type { TestCounts } from "./result";

/** One failed or errored test case (or suite), for the summary. */
export interface FailedCase {
  suite: string;
  name: string;
  message: string;
}

export interface JunitReport {
  counts: TestCounts;
  failed: FailedCase[];
  files: string[];
  /** What a person should know beyond the counts: suite-level counts the cases do not show. */
  notes: string[];
}

// Elements that may repeat are always arrays; attributes carry a prefix so that an attribute
// (`<testsuite testcase="x">`) can never stand in for the child elements of the same name.
const REPEATED = [
  "testsuite",
  "testcase",
  "failure",
  "error",
  "skipped",
  "rerunFailure",
  "rerunError",
  "flakyFailure",
  "flakyError",
];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.includes(name),
});

type Node = Record<string, unknown>;
const HINT =
  "pass JUnit XML files (e.g. vitest --reporter=junit, pytest --junitxml, go-junit-report, surefire)";

/**
 * Parses one JUnit XML document (a `<testsuites>` or a bare `<testsuite>` root, suites nested at any
 * depth). A case with a `<failure>` (or surefire's `<rerunFailure>`) failed, one with an `<error>` (or
 * `<rerunError>`) errored, else one with `<skipped>` was skipped, else it ran and passed; surefire's
 * `<flakyFailure>`/`<flakyError>` alone mean it failed and then passed on a rerun: it passed, counted
 * as flaky. A `<failure>`/`<error>` directly in a suite counts as one, and so does each failure or
 * error a suite's (or the root's) `failures`/`errors` attribute declares beyond what its cases show.
 */
export function parseJunit(xml: string, file = "<junit>"): JunitReport {
  if (xml.trim() === "") throw new GreenlightError(`test results '${file}' is empty`, { hint: HINT });
  // no JUnit reporter writes a DOCTYPE; its entity declarations could only rename or hide what ran
  if (/<!DOCTYPE/i.test(xml))
    throw new GreenlightError(`test results '${file}' have a DOCTYPE (entity declarations), refused`, {
      hint: HINT,
    });
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new GreenlightError(`test results '${file}' are not well-formed XML: ${reason(error)}`, {
      cause: error,
      hint: HINT,
    });
  }
  const roots = Object.keys(doc).filter((key) => !key.startsWith("?") && key !== "#text");
  const report: JunitReport = { counts: zero(), failed: [], files: [file], notes: [] };
  if (roots.length === 1 && roots[0] === "testsuites") {
    walk(asNode(doc.testsuites), "testsuites", file, report);
  } else if (roots.length === 1 && roots[0] === "testsuite" && list(doc.testsuite).length === 1) {
    walk(asNode(list(doc.testsuite)[0]), "testsuite", file, report);
  } else {
    const found = roots.length ? roots.map((r) => `<${r}>`).join(", ") : "no element";
    throw new GreenlightError(
      `test results '${file}': the root element is ${found}, not <testsuites> or <testsuite>`,
      { hint: HINT },
    );
  }
  report.counts.ran = report.counts.total - report.counts.skipped;
  return report;
}

/** Counts one suite and everything in it; returns the failures and errors of the whole subtree. */
function walk(suite: Node, element: string, file: string, report: JunitReport): Problems {
  const name = String(suite["@_name"] ?? "");
  const seen: Problems = { failures: 0, errors: 0 };
  const fail = (kind: keyof Problems, caseName: string, problem: unknown) => {
    seen[kind]++;
    report.counts[kind]++;
    report.failed.push({ suite: name, name: caseName, message: messageOf(problem) });
  };
  for (const problem of list(suite.failure)) fail("failures", "(suite)", problem);
  for (const problem of list(suite.error)) fail("errors", "(suite)", problem);
  for (const testcase of list(suite.testcase).map(asNode)) {
    report.counts.total++;
    const caseName = String(testcase["@_name"] ?? "");
    const failure = first(testcase.failure, testcase.rerunFailure);
    const error = first(testcase.error, testcase.rerunError);
    if (failure !== undefined) fail("failures", caseName, failure);
    else if (error !== undefined) fail("errors", caseName, error);
    else if (list(testcase.skipped).length) report.counts.skipped++;
    else if (first(testcase.flakyFailure, testcase.flakyError) !== undefined) report.counts.flaky++;
  }
  for (const child of list(suite.testsuite).map(asNode)) {
    const inner = walk(child, "testsuite", file, report);
    seen.failures += inner.failures;
    seen.errors += inner.errors;
  }
  for (const kind of ["failures", "errors"] as const) {
    const declared = count(suite[`@_${kind}`]);
    if (declared === undefined || declared <= seen[kind]) continue;
    const extra = declared - seen[kind];
    const label = element === "testsuites" ? `<testsuites>${name ? ` '${name}'` : ""}` : `suite '${name}'`;
    const mismatch = `declares ${kind}="${declared}" but its cases show ${seen[kind]}`;
    report.notes.push(`${label} in '${file}' ${mismatch}: ${extra} more counted as ${kind}`);
    report.counts[kind] += extra;
    report.failed.push({ suite: name, name: "(suite)", message: mismatch });
    seen[kind] = declared;
  }
  return seen;
}

interface Problems {
  failures: number;
  errors: number;
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(...values: unknown[]): unknown {
  return values.flatMap(list)[0];
}

/** `<testcase/>` parses to "", `<testcase name="x"/>` to an object. */
function asNode(value: unknown): Node {
  return value !== null && typeof value === "object" ? (value as Node) : {};
}

/** A non-negative whole number attribute, else undefined (ignored). */
function count(value: unknown): number | undefined {
  const text = typeof value === "string" ? value.trim() : "";
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function messageOf(problem: unknown): string {
  if (typeof problem === "string") return firstLine(problem);
  const node = asNode(problem);
  return firstLine(String(node["@_message"] ?? node["#text"] ?? node.stackTrace ?? ""));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.slice(0, 200) ?? "";
}

function reason(error: unknown): string {
  return firstLine(error instanceof Error ? error.message : String(error));
}

export function zero(): TestCounts {
  return { total: 0, ran: 0, failures: 0, errors: 0, skipped: 0, flaky: 0 };
}

/** Adds reports together (several files, or a command's output). */
export function mergeReports(reports: readonly JunitReport[]): JunitReport {
  const merged: JunitReport = { counts: zero(), failed: [], files: [], notes: [] };
  for (const report of reports) {
    for (const key of Object.keys(merged.counts) as (keyof TestCounts)[]) {
      merged.counts[key] += report.counts[key];
    }
    merged.failed.push(...report.failed);
    merged.files.push(...report.files);
    merged.notes.push(...report.notes);
  }
  return merged;
}
