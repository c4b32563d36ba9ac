import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config";
import { INPUTS, type InputName } from "../../../src/inputs";

function config(inputs: Partial<Record<InputName, string>>) {
  const get = (name: InputName) => inputs[name] ?? (INPUTS[name] as { default?: string }).default ?? "";
  return parseConfig(get, { GITHUB_WORKSPACE: "/w" }, () => {
    throw new Error("ENOENT");
  });
}

describe("history and metrics inputs", () => {
  it("reads defaults: text, a 30-day window, every outcome", () => {
    const c = config({ command: "metrics", image: "127.0.0.1:5000/acme/shop" });
    expect(c.insight).toEqual({
      since: undefined,
      until: undefined,
      outcomes: [],
      windowMs: 30 * 86_400_000,
      format: "text",
      reportFile: undefined,
      summaryHistory: 0,
    });
  });

  it("summary-history: how many records a deploy's summary shows", () => {
    expect(config({ command: "deploy", "summary-history": "10" }).insight.summaryHistory).toBe(10);
  });

  it("reads the range, outcomes and a report file relative to the workspace", () => {
    const c = config({
      command: "history",
      since: "7d",
      until: "2026-12-01T00:00:00Z",
      outcome: "promoted, rolled-back",
      format: "markdown",
      "report-file": "out/history.html",
    });
    expect(c.insight).toMatchObject({
      since: "7d",
      until: "2026-12-01T00:00:00Z",
      outcomes: ["promoted", "rolled-back"],
      format: "markdown",
      reportFile: "/w/out/history.html",
    });
  });

  it.each([
    [{ command: "history", format: "openmetrics" }, /format.*'openmetrics' is not a format of 'history'/s],
    [{ command: "metrics", format: "markdown" }, /format.*not a format of 'metrics'/s],
    [{ command: "metrics", window: "30" }, /window.*'30' is not a span/s],
    [{ command: "metrics", window: "0d" }, /window/],
    [{ command: "history", outcome: "succeeded" }, /outcome.*'succeeded' is not an outcome/s],
    [{ command: "history", since: "last week" }, /since/],
    [{ command: "history", until: "2026-02-30T25:00:00Z" }, /until/],
    [{ command: "deploy", "summary-history": "-1" }, /summary-history.*'-1' is not a whole number/s],
    [{ command: "release", "summary-history": "500" }, /summary-history.*500 is more than 50/s],
  ] as [Partial<Record<InputName, string>>, RegExp][])("refuses %j, naming the input", (inputs, message) => {
    expect(() => config(inputs)).toThrow(message);
  });
});
