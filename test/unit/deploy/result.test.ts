import { describe, expect, it } from "vitest";
import { runGate, Timeline } from "../../../src/deploy/result";
import type { NamedGate } from "../../../src/gate/gates";
import { MemoryLogger } from "../../../src/log";

const context = {
  digest: `sha256:${"a".repeat(64)}`,
  image: "r/a@sha256:x",
  color: "green" as const,
  previewUrl: "",
  liveUrl: "",
};
const gate = (name: string, passed: boolean | "throw"): NamedGate => ({
  name,
  kind: "http",
  run: async () => {
    if (passed === "throw") throw new Error(`${name} exploded`);
    return { name, kind: "http", passed, detail: name, durationMs: 1 };
  },
});

describe("runGate", () => {
  it("counts a gate that throws as failed, never as passed", async () => {
    const [result] = await runGate(gate("probe", "throw"), context);
    expect(result).toMatchObject({ name: "probe", passed: false, detail: "probe exploded" });
  });
});

describe("Timeline.gates", () => {
  it.each([
    [[true, true, true], [true, true, true], true],
    [[true, false, true], [true, false], false],
    [["throw", true], [false], false],
  ] as const)("%j runs %j, ok %s", async (outcomes, seen, ok) => {
    const timeline = new Timeline(new MemoryLogger());
    const results = await timeline.gates(
      "preview gates",
      outcomes.map((o, i) => gate(`g${i}`, o)),
      context,
    );
    expect(results.map((r) => r.passed)).toEqual(seen);
    expect(timeline.steps).toMatchObject([{ step: "preview gates", ok }]);
  });

  it("records a failed step with its error and rethrows", async () => {
    const timeline = new Timeline(new MemoryLogger());
    await expect(
      timeline.run("stage", "green", () => Promise.reject(new Error("no such image"))),
    ).rejects.toThrow();
    expect(timeline.steps[0]).toMatchObject({ step: "stage", ok: false, detail: "green: no such image" });
  });
});
