import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { junitGate, MAX_FILES_PER_GLOB, MAX_JUNIT_BYTES, parseJunit } from "../../../src/gate/junit";
import { buildTestResultStatement } from "../../../src/provenance/statement";
import { GITHUB_ENVS, githubSource, IMAGE_DIGEST } from "../../support/github-context";

// Real JUnit written by vitest, pytest, go-junit-report and Maven surefire (how each was made:
// test/fixtures/junit/README.md), and hostile hand-made files (hostile/).
const fixtures = new URL("../../fixtures/junit/", import.meta.url).pathname;

const counts = (ran: number, failures: number, errors: number, skipped: number, flaky = 0) => ({
  total: ran + skipped,
  ran,
  failures,
  errors,
  skipped,
  flaky,
});

describe("the test-results gate on real and hostile JUnit (default min-tests 1, max-failures 0)", () => {
  it.each([
    ["vitest/mixed.xml", counts(2, 1, 0, 1), false],
    ["vitest/skipped-only.xml", counts(0, 0, 0, 1), false],
    ["vitest/import-error.xml", counts(1, 1, 0, 0), false],
    ["pytest/mixed.xml", counts(3, 1, 1, 2), false],
    ["pytest/skipped-only.xml", counts(0, 0, 0, 1), false],
    ["pytest/collection-error.xml", counts(1, 0, 1, 0), false],
    ["go-junit-report/mixed.xml", counts(5, 1, 0, 1), false],
    ["go-junit-report/skipped-only.xml", counts(0, 0, 0, 1), false],
    ["go-junit-report/build-failure.xml", counts(1, 0, 1, 0), false],
    ["surefire/TEST-shop.CartTest.xml", counts(3, 1, 1, 1), false],
    ["surefire/TEST-shop.SkippedTest.xml", counts(0, 0, 0, 1), false],
    ["surefire/TEST-shop.FlakyTest.xml", counts(1, 0, 0, 0, 1), true],
    ["surefire/TEST-shop.AlwaysFailsTest.xml", counts(1, 1, 0, 0), false],
    ["vitest-pass.xml", counts(1, 0, 0, 0), true],
    ["go-nested.xml", counts(2, 0, 0, 0), true],
    ["hostile/skipped-only.xml", counts(0, 0, 0, 1), false],
    ["hostile/suite-errors-exceed-cases.xml", counts(1, 0, 3, 0), false],
    ["hostile/suite-failures-exceed-cases.xml", counts(3, 2, 0, 0), false],
    ["hostile/attribute-shadows-cases.xml", counts(2, 1, 0, 0), false],
    ["hostile/suite-level-error.xml", counts(1, 0, 1, 0), false],
    ["hostile/nested-suites.xml", counts(3, 1, 0, 0), false],
  ])("%s: %j, passes: %s", async (file, expected, passed) => {
    const result = await junitGate([file], {}, { cwd: fixtures });
    expect(result.passed).toBe(passed);
    expect(result.tests).toEqual(expected);
  });

  it("does not count skipped tests toward min-tests, and says so", async () => {
    const result = await junitGate(["hostile/skipped-only.xml"], {}, { cwd: fixtures });
    expect(result.detail).toMatch(/^0 tests ran \(1 skipped\), at least 1 required/);
  });

  it("counts suite-level errors its cases do not show, naming the file and the numbers", async () => {
    const result = await junitGate(["hostile/suite-errors-exceed-cases.xml"], {}, { cwd: fixtures });
    expect(result.detail).toContain(
      `suite 'api' in 'hostile/suite-errors-exceed-cases.xml' declares errors="3" but its cases show 0`,
    );
  });

  it("counts suite-level failures beyond the cases even when max-failures allows the cases' own", async () => {
    const file = "hostile/suite-failures-exceed-cases.xml";
    expect((await junitGate([file], { maxFailures: 1 }, { cwd: fixtures })).passed).toBe(false);
    expect((await junitGate([file], { maxFailures: 2 }, { cwd: fixtures })).passed).toBe(true);
  });

  it("names the failed case of a nested suite", async () => {
    const report = parseJunit(await readFixture("hostile/nested-suites.xml"), "nested.xml");
    expect(report.failed).toEqual([{ suite: "inner", name: "c", message: "c broke" }]);
  });

  it("says which surefire test was flaky and passes it", async () => {
    const result = await junitGate(["surefire/TEST-shop.FlakyTest.xml"], {}, { cwd: fixtures });
    expect(result.detail).toMatch(/1 flaky \(failed, then passed on a rerun\)/);
  });

  it("signs a skipped-only file as FAILED, never PASSED", async () => {
    const result = await junitGate(["pytest/skipped-only.xml"], {}, { cwd: fixtures });
    const subject = { name: "registry.example:5000/shop/web", digest: IMAGE_DIGEST };
    const statement = buildTestResultStatement(subject, [result], githubSource(GITHUB_ENVS.push));
    expect(statement.predicate.result).toBe("FAILED");
  });
});

describe("files the test-results gate refuses, naming the file", () => {
  const made: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-junit-"));
    made.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

  it.each([
    ["hostile/empty-file.xml", /'hostile\/empty-file.xml' is empty/],
    ["hostile/not-xml.xml", /'hostile\/not-xml.xml' (are|is) not well-formed XML/],
    [
      "hostile/wrong-root.xml",
      /'hostile\/wrong-root.xml': the root element is <report>, not <testsuites> or <testsuite>/,
    ],
    ["not-junit.xml", /'not-junit.xml': the root element is <html>/],
  ])("%s", async (file, message) => {
    const result = await junitGate([file], {}, { cwd: fixtures });
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(message);
  });

  it("a file over the size limit, naming the limit", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "huge.xml"), "");
    await truncate(join(dir, "huge.xml"), MAX_JUNIT_BYTES + 1); // sparse: nothing is written
    const result = await junitGate(["huge.xml"], {}, { cwd: dir });
    expect(MAX_JUNIT_BYTES).toBe(50 * 1024 * 1024);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/'huge.xml' is 52428801 bytes, over the limit of 52428800 \(50 MiB\)/);
  });

  it("a glob matching more files than the limit, naming the glob and the limit", async () => {
    const dir = await tempDir();
    const pass = await readFixture("vitest-pass.xml");
    await Promise.all(
      Array.from({ length: MAX_FILES_PER_GLOB + 1 }, (_, i) => writeFile(join(dir, `r${i}.xml`), pass)),
    );
    const result = await junitGate(["*.xml"], {}, { cwd: dir });
    expect(MAX_FILES_PER_GLOB).toBe(1000);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/'\*\.xml' matched more than 1000 files \(the limit\)/);
  });

  it("a glob that matches nothing, even when another one matches", async () => {
    const result = await junitGate(["vitest-pass.xml", "reports/*.xml"], {}, { cwd: fixtures });
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/no JUnit file matched 'reports\/\*\.xml'/);
  });

  it("a path that is a directory, not a file", async () => {
    const result = await junitGate(["hostile"], {}, { cwd: fixtures });
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/'hostile' is not a regular file/);
  });
});

function readFixture(name: string): Promise<string> {
  return readFile(join(fixtures, name), "utf8");
}
