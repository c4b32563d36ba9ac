// The target conformance table (test/support/conformance.ts) against the in-memory fake target:
// fast tests of the blue-green state machine (bluegreen.ts, promote.ts, plan.ts) on the Target
// contract alone. The real targets run the same table in test/integration/*-conformance.test.ts.
import { describe, it } from "vitest";
import { type ConformanceHarness, environment, SCENARIOS } from "../../support/conformance";
import { FakeTarget } from "../../support/fake-target";

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const releases = [1, 2, 3].map((n) => ({
  image: `registry.test/acme/app@${digest(n)}`,
  body: `greenlight sample app v${n}`,
})) as unknown as ConformanceHarness["releases"];
const unstartable = `registry.test/acme/app@${digest(9)}`;
let count = 0;

const harness: ConformanceHarness = {
  releases,
  unstartable: { image: unstartable, reason: /ImagePullBackOff/ },
  async environment() {
    const app = `fake${++count}`;
    const target = new FakeTarget(app, "test");
    for (const r of releases) target.bodies.set(r.image, r.body);
    target.failures.set(unstartable, "ImagePullBackOff: manifest unknown");
    return { target, app, environment: "test" };
  },
  async settle(url) {
    // the fake's switch is instant: what the endpoint answers now
    return (harnessTarget ?? fail()).serve(url);
  },
  async tamper(target, color, image) {
    const c = (target as FakeTarget).colors[color];
    if (c) c.image = image;
  },
  async plantDeadLock(target) {
    (target as FakeTarget).plantDeadLock("killed run", 5_000, 1_000);
    return { validityMs: 1_000, renewMs: 300 };
  },
  lockWaitMs: 200,
};

let harnessTarget: FakeTarget | undefined;
function fail(): never {
  throw new Error("no environment");
}

describe("target conformance: in-memory fake", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const env = await environment(harness);
    harnessTarget = env.target as FakeTarget;
    await scenario.run(env);
  });
});
