// docs/reliability.md against the test tables it reports on (no stack needed): the bad-input table
// lists exactly the rows of test/support/bad-inputs.ts, the deploy-fault table exactly the cases of
// test/integration/deploy-faults.test.ts. The integration tests check the measured columns.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BAD_INPUTS } from "../support/bad-inputs";
import { docTable } from "../support/reliability-doc";
import { repoRoot } from "../support/runner";

describe("docs/reliability.md", () => {
  it("lists every bad input the table tries, with its front end and command, and no other", () => {
    const doc = docTable("Bad input").map(([name, front, command]) => [name, front, command]);
    expect(doc).toEqual(BAD_INPUTS.map((r) => [r.name, r.front, r.command || "(empty)"]));
    expect(doc.length).toBeGreaterThanOrEqual(50);
  });

  it("lists every deploy fault the integration test injects, and no other", () => {
    const source = readFileSync(join(repoRoot, "test/integration/deploy-faults.test.ts"), "utf8");
    const faults = source.slice(0, source.indexOf('describe("docs/reliability.md"'));
    const cases = [...faults.matchAll(/^\s+it\(\s*"([^"]+)"/gm)].map((m) => m[1]);
    expect(cases.length).toBeGreaterThanOrEqual(4);
    expect(docTable("Deploy faults").map(([fault]) => fault)).toEqual(cases);
  });

  it("has the sections the lead fills and the registry-fault matrix", () => {
    const text = readFileSync(join(repoRoot, "docs/reliability.md"), "utf8");
    for (const heading of ["Registry faults", "Secrets", "Kills, cancellations and concurrent runs"])
      expect(text).toContain(`\n## ${heading}\n`);
  });
});
