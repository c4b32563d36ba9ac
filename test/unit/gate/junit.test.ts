import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { judgeJunit, junitGate, parseJunit } from "../../../src/gate/junit";

const fixtures = new URL("../../fixtures/junit/", import.meta.url).pathname;
const read = (name: string) => readFile(`${fixtures}${name}`, "utf8");

describe("parseJunit", () => {
  it.each([
    ["vitest-pass.xml", { total: 1, ran: 1, failures: 0, errors: 0, skipped: 0, flaky: 0 }],
    ["vitest-one-failure.xml", { total: 4, ran: 3, failures: 1, errors: 0, skipped: 1, flaky: 0 }],
    ["pytest-error.xml", { total: 2, ran: 2, failures: 0, errors: 1, skipped: 0, flaky: 0 }],
    ["go-nested.xml", { total: 2, ran: 2, failures: 0, errors: 0, skipped: 0, flaky: 0 }],
    ["empty.xml", { total: 0, ran: 0, failures: 0, errors: 0, skipped: 0, flaky: 0 }],
  ])("counts the test cases of %s", async (file, counts) => {
    expect(parseJunit(await read(file), file).counts).toEqual(counts);
  });

  it("names the failed case with its decoded name and first message line", async () => {
    const report = parseJunit(await read("vitest-one-failure.xml"));
    expect(report.failed).toEqual([
      {
        suite: "a.test.ts",
        name: "checkout > applies a discount",
        message: "expected 9 to be 8 // Object.is equality",
      },
    ]);
  });

  it("reads a bare <testsuite> root (surefire)", () => {
    const xml = `<testsuite name="s" tests="1"><testcase name="t"><skipped/></testcase></testsuite>`;
    expect(parseJunit(xml).counts).toEqual({
      total: 1,
      ran: 0,
      failures: 0,
      errors: 0,
      skipped: 1,
      flaky: 0,
    });
  });

  it.each([["not-junit.xml", /the root element is <html>, not <testsuites> or <testsuite>/]])(
    "refuses %s",
    async (file, message) => {
      expect(() => parseJunit("<html><body>not junit</body></html>", file)).toThrow(message);
    },
  );

  it("reads a file that starts with a byte-order mark", () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?><testsuite name="s"><testcase name="t"/></testsuite>`;
    expect(parseJunit(xml).counts).toMatchObject({ total: 1, ran: 1 });
  });

  // Found by the hostile-input table: entity declarations were expanded (a passing test named by an
  // entity chain, an external entity left as text); no JUnit reporter writes a DOCTYPE.
  it.each([
    [
      "xxe.xml",
      '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<testsuite tests="1"><testcase name="&x;"/></testsuite>',
    ],
    [
      "laughs.xml",
      '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><testsuite tests="1"><testcase name="&b;"/></testsuite>',
    ],
    ["lower.xml", '<!doctype testsuite><testsuite tests="1"><testcase name="t"/></testsuite>'],
  ])("refuses a DOCTYPE (%s)", (file, xml) => {
    expect(() => parseJunit(xml, file)).toThrow(`test results '${file}' have a DOCTYPE`);
  });

  it("refuses XML that is not well-formed", () => {
    expect(() => parseJunit("<testsuites><testsuite>", "broken.xml")).toThrow(
      /broken.xml' are not well-formed/,
    );
  });
});

describe("judgeJunit", () => {
  const report = (ran: number, failures: number, errors = 0) => ({
    counts: { total: ran, ran, failures, errors, skipped: 0, flaky: 0 },
    failed: [],
    files: ["a.xml"],
    notes: [],
  });
  it.each([
    [report(3, 0), {}, true],
    [report(3, 1), {}, false],
    [report(3, 0, 1), {}, false],
    [report(0, 0), {}, false],
    [report(0, 0), { minTests: 0 }, true],
    [report(3, 1), { maxFailures: 1 }, true],
    [report(3, 1, 1), { maxFailures: 1 }, false],
    [report(3, 0), { minTests: 5 }, false],
  ])("%j with %j passes: %s", (input, thresholds, passed) => {
    expect(judgeJunit(input, thresholds).passed).toBe(passed);
  });

  it("says why it blocks", () => {
    expect(judgeJunit(report(0, 0)).detail).toMatch(/^0 tests ran, at least 1 required/);
  });
});

describe("junitGate", () => {
  it("merges files matched by a glob", async () => {
    const result = await junitGate(["vitest-*.xml"], {}, { cwd: fixtures });
    expect(result.tests).toEqual({ total: 5, ran: 4, failures: 1, errors: 0, skipped: 1, flaky: 0 });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain("checkout > applies a discount");
  });

  it("blocks when no file matches", async () => {
    const result = await junitGate(["reports/**/*.xml"], {}, { cwd: fixtures });
    expect(result).toMatchObject({ passed: false, kind: "test-results" });
    expect(result.detail).toMatch(/no JUnit file matched 'reports\/\*\*\/\*.xml'/);
  });

  it("passes a clean run", async () => {
    expect((await junitGate([`${fixtures}go-nested.xml`])).passed).toBe(true);
  });
});
