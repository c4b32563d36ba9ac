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
    expect(md).toContain("| note | a&#124;b |");
    expect(md).toContain("| promote | switched to green | 0.3 s |");
    expect(md).toContain("| smoke | ❌ failed | exit 1 | 1.2 s |");
    expect(md).toContain("```\ngreenlight rollback --environment production\n```");
  });

  it("keeps one table row per fact and gate whatever their text holds", () => {
    const hostile = "exit 1: boom\n| forged | row |\r\n\\| still one cell";
    const md = renderMarkdown({
      title: "Deploy failed\n| title | row |",
      facts: [["error | with pipe", hostile]],
      timeline: [{ step: "gate|x", outcome: hostile, durationMs: 1 }],
      gates: [{ name: "smoke | sh", kind: "command", passed: false, detail: hostile, durationMs: 1 }],
      notes: [`first\n## not a heading`],
      rollback: "greenlight rollback\n```\n# escaped the fence",
    });
    const lines = md.split("\n");
    expect(lines[0]).toMatch(/^## Deploy failed/);
    const fence = md.indexOf("greenlight rollback");
    expect(
      lines.filter((l) => l.startsWith("#") && md.indexOf(l) < fence).map((l) => l.split(" ")[0]),
    ).toEqual(["##", "###", "###", "###"]);
    // the rollback block's fence is longer than any run of backticks inside it
    expect(md).toContain("````\ngreenlight rollback\n```\n# escaped the fence\n````");
    // each table: header, separator, one row; every row has exactly its columns
    const rows = lines.filter((l) => l.startsWith("|"));
    expect(rows).toHaveLength(3 + 3 + 3);
    const columns = (row: string) => row.replace(/\\./g, "").split("|").length - 2;
    expect(rows.map(columns)).toEqual([2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(md).not.toContain("\n| forged");
  });

  it("renders aligned terminal text", () => {
    const text = renderText(report);
    expect(text).toContain("  digest  sha256:abc");
    expect(text).toContain("FAIL  smoke: exit 1");
  });
});
