import { describe, expect, it } from "vitest";
import { sameWorkflowRun } from "../../../src/deploy/docker/lock";

const run = "https://github.com/acme/shop/actions/runs/42";

describe("sameWorkflowRun", () => {
  it.each([
    [`${run}/attempts/1`, `${run}/attempts/2`, true],
    [`${run}/attempts/1`, `${run}/attempts/1`, true],
    [`${run}/attempts/1`, "https://github.com/acme/shop/actions/runs/43/attempts/1", false],
    [`${run}/attempts/1`, "https://github.com/acme/other/actions/runs/42/attempts/2", false],
    [undefined, undefined, false],
    [`${run}/attempts/1`, undefined, false],
    ["https://ci.example/jobs/7", "https://ci.example/jobs/7", false],
  ])("%s and %s: %s", (a, b, same) => expect(sameWorkflowRun(a, b)).toBe(same));
});
