import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUTS } from "../../../src/inputs";
import { OUTPUTS } from "../../../src/outputs";

const action = parse(readFileSync("action.yml", "utf8"));

describe("action.yml", () => {
  it("runs the bundled action on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.cjs" });
  });

  it("declares exactly the inputs the engine reads, with the same defaults", () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { default?: string; description: string }>).map(
        ([k, v]) => [
          k,
          { description: v.description, ...(v.default !== undefined ? { default: v.default } : {}) },
        ],
      ),
    );
    expect(declared).toEqual(INPUTS);
  });

  it("declares exactly the outputs the engine writes", () => {
    const declared = Object.fromEntries(
      Object.entries(action.outputs as Record<string, { description: string }>).map(([k, v]) => [
        k,
        v.description,
      ]),
    );
    expect(declared).toEqual(OUTPUTS);
  });
});
