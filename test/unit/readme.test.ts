import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INPUTS } from "../../src/inputs";
import { OUTPUTS } from "../../src/outputs";

const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("<!-- inputs:start -->"), readme.indexOf("<!-- inputs:end -->"));

/** First column of every table row in the inputs section, by table. */
function names(header: string): string[] {
  const rows = section.split("\n");
  const start = rows.findIndex((r) => r.startsWith(`| ${header} |`));
  const out: string[] = [];
  for (const row of rows.slice(start + 2)) {
    const name = /^\| `([^`]+)` \|/.exec(row)?.[1];
    if (!name) break;
    out.push(name);
  }
  return out;
}

describe("README", () => {
  it("shows the two set-up commands", () => {
    expect(readme).toMatch(/^npm run demo\b/m);
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("lists exactly the action's inputs, with their defaults", () => {
    expect(names("input")).toEqual(Object.keys(INPUTS));
    for (const [name, spec] of Object.entries(INPUTS)) {
      const row = section.split("\n").find((r) => r.startsWith(`| \`${name}\` |`)) ?? "";
      const shown = /^\| `[^`]+` \| `?([^|`]*)`? \|/.exec(row)?.[1] ?? "";
      expect(shown, name).toBe("default" in spec ? spec.default : "");
    }
  });

  it("lists exactly the action's outputs", () => {
    expect(names("output")).toEqual(Object.keys(OUTPUTS));
  });
});
