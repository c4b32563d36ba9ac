import { describe, expect, it } from "vitest";
import type { TargetState } from "../../../src/deploy/target";
import { driftShare, iacCoverage } from "../../../src/insight/host-figures";

describe("iacCoverage", () => {
  it.each([
    ["no containers", "", { containers: 0, managed: 0 }],
    ["one without labels", "c \n", { containers: 1, managed: 0 }],
    [
      "greenlight's and others'",
      "c dev.greenlight.app=shop,dev.greenlight.env=prod\nc com.example=1\nc a=b,dev.greenlight.lock=x\nc x=dev.greenlight.app=no\n",
      { containers: 4, managed: 2 },
    ],
  ])("%s", (_name, output, expected) => {
    expect(iacCoverage(output)).toEqual(expected);
  });
});

describe("driftShare", () => {
  const state = (colors: TargetState["colors"]): TargetState => ({
    app: "shop",
    environment: "prod",
    live: "blue",
    preview: "blue",
    colors,
    driftFacts: [],
  });
  const blue = {
    color: "blue" as const,
    image: "i",
    status: "running",
    running: true,
    restarts: 0,
    digest: undefined,
    release: undefined,
    labels: {},
  };
  it("nothing of the environment runs: no figure", () => {
    expect(driftShare({ ...state({}), live: undefined, preview: undefined }, [])).toBeUndefined();
  });

  it.each([
    ["nothing drifted", state({ blue }), [], { objects: 2, drifted: 0 }],
    [
      "a color twice and the router",
      state({ blue, green: { ...blue, color: "green" } }),
      [
        { color: "blue" as const, detail: "x" },
        { color: "blue" as const, detail: "y" },
        { detail: "map differs" },
      ],
      { objects: 3, drifted: 2 },
    ],
  ])("%s", (_name, s, drift, expected) => {
    const share = driftShare(s as TargetState, drift);
    expect({ objects: share?.objects, drifted: share?.drifted }).toEqual(expected);
  });
});
