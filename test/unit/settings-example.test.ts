import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSettingsFile } from "../../src/settings-file";

// The sample files people copy: examples/greenlight.yml and the README's ```yml blocks parse.
const readme = readFileSync("README.md", "utf8");
const samples = [
  { name: "examples/greenlight.yml", text: readFileSync("examples/greenlight.yml", "utf8") },
  ...[...readme.matchAll(/^```yml\n([\s\S]*?)^```/gm)].map((m, i) => ({
    name: `README.md yml block ${i + 1}`,
    text: m[1] ?? "",
  })),
];

describe("sample greenlight.yml files", () => {
  it.each(samples)("$name is a valid settings file", ({ name, text }) => {
    const file = parseSettingsFile(text, name);
    expect(Object.keys(file.top).length).toBeGreaterThan(0);
  });
});
