import { describe, expect, it } from "vitest";
import { pinnedDigestOf } from "../../../src/deploy/switch-verify";
import type { ColorState } from "../../../src/deploy/target";

const a = `sha256:${"a".repeat(64)}`;
const b = `sha256:${"b".repeat(64)}`;
const color = (image: string, digest: string | undefined): ColorState => ({
  color: "green",
  running: true,
  status: "running",
  image,
  digest,
  release: "r1",
  labels: {},
  restarts: 0,
});

// The digest a switch verifies is the one the container was started from; the label must agree.
describe("pinnedDigestOf", () => {
  it("is the digest the image reference is pinned to", () => {
    expect(pinnedDigestOf(color(`127.0.0.1:5000/acme/app@${a}`, a))).toBe(a);
  });

  it.each<[string, string, string | undefined, RegExp]>([
    [
      "a tag",
      "127.0.0.1:5000/acme/app:v1",
      a,
      /runs 127\.0\.0\.1:5000\/acme\/app:v1, which is not pinned by digest/,
    ],
    ["an image id", "f00d", a, /runs f00d, which is not pinned by digest/],
    ["a label naming another digest", `127.0.0.1:5000/acme/app@${a}`, b, new RegExp(`but is labelled ${b}`)],
    ["no digest label", `127.0.0.1:5000/acme/app@${a}`, undefined, /but is labelled with no digest/],
  ])("refuses a color that runs %s", (_name, image, digest, message) => {
    expect(() => pinnedDigestOf(color(image, digest))).toThrow(message);
  });
});
