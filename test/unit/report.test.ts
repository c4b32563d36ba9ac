import { describe, expect, it } from "vitest";
import { renderMarkdown, renderText } from "../../src/report";

const report = {
  title: "Released app",
  facts: [
    ["digest", "sha256:abc"],
    ["note", "a|b"],
  ] as [string, string][],
  timeline: [{ step: "promote", outcome: "switched to green", durationMs: 271 }],
  gates: [
    { name: "GET /healthz", kind: "http" as const, passed: true, detail: "200 in 3 ms", durationMs: 3 },
    { name: "smoke", kind: "command" as const, passed: false, detail: "exit 1", durationMs: 1200 },
  ],
  rollback: "greenlight rollback --environment production",
};

describe("report", () => {
  it("renders a job summary with facts, timeline, gates and the rollback command", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("## Released app");
    expect(md).toContain("| note | a\\|b |");
    expect(md).toContain("| promote | switched to green | 0.3 s |");
    expect(md).toContain("| smoke | ❌ failed | exit 1 | 1.2 s |");
    expect(md).toContain("```\ngreenlight rollback --environment production\n```");
  });

  it("renders aligned terminal text", () => {
    const text = renderText(report);
    expect(text).toContain("  digest  sha256:abc");
    expect(text).toContain("FAIL  smoke: exit 1");
  });
});
