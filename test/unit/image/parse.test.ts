// Parsers against output captured from the real buildx v0.38.2 / docker 28.2 / registry here
// (test/fixtures/buildx, captured 2026-11-27).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BuildPlan } from "../../../src/image/build";
import { buildxFailure, parseBuildxMetadata } from "../../../src/image/buildx";
import { parsePushDigest, pushFailure } from "../../../src/image/classic";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/buildx", name), "utf8");

describe("parseBuildxMetadata", () => {
  it("single platform: manifest digest and config digest (imageid)", () => {
    const meta = parseBuildxMetadata(fixture("metadata-single.json"));
    expect(meta.digest).toBe("sha256:11c8b4eeafd23a4e717a6cc2c2c38076c0907315c47672b6112d77b86c19a0b7");
    expect(meta.imageId).toBe("sha256:ba935c41d94e4a4580b366450e3bb71e1df838a472e0e08ce0afafd6acd60e38");
    expect(meta.raw["image.name"]).toMatch(/metadata-single-json$/);
  });
  it("two platforms: the index digest, no image id", () => {
    const meta = parseBuildxMetadata(fixture("metadata-multi.json"));
    expect(meta.digest).toBe("sha256:0ee4cda834e1b76b33cb3af3fda09d73d16d1a7dc6bce79907cb3611958a4410");
    expect(meta.imageId).toBeUndefined();
    expect((meta.raw["containerimage.descriptor"] as { mediaType: string }).mediaType).toBe(
      "application/vnd.oci.image.index.v1+json",
    );
  });
  it("docker driver (dockerd 20.10's BuildKit): digest and config digest", () => {
    const meta = parseBuildxMetadata(fixture("metadata-docker-driver.json"));
    expect(meta.digest).toBe("sha256:190a66186850bbc20361d78e1a324d18a7d65f9e3f5a2847a730154806dde22b");
    expect(meta.imageId).toBe("sha256:4e19a0457a388cc6385e1db0e832bbb7953bddbfd7010e718eaa9d9ef6c381b7");
  });
  it("names the problem when the file is not JSON", () => {
    expect(() => parseBuildxMetadata("{")).toThrow(/metadata file that is not JSON/);
  });
});

describe("parsePushDigest", () => {
  it("reads the digest docker push printed", () => {
    expect(parsePushDigest(fixture("docker-push.txt"))).toBe(
      "sha256:b7cd5d7a91c2a25673bfcb5b9a764643aef5a25b72a8602cc9b710e8eb073ee3",
    );
  });
  it("undefined when there is none", () => {
    expect(parsePushDigest(fixture("docker-push-unauthorized.txt"))).toBeUndefined();
  });
});

describe("pushFailure", () => {
  it.each(["docker-push-unauthorized.txt", "buildx-push-unauthorized.txt"])(
    "%s: not authorised, naming the registry",
    (name) => {
      const error = pushFailure("127.0.0.1:5000/test/app:edge", fixture(name));
      expect(error?.message).toBe(
        "push of 127.0.0.1:5000/test/app:edge refused by registry 127.0.0.1:5000: not authorised",
      );
      expect(error?.hint).toMatch(/check the username\/password .* for 127\.0\.0\.1:5000/);
    },
  );
  it("a successful push is no failure", () => {
    expect(pushFailure("127.0.0.1:5000/test/app:edge", fixture("docker-push.txt"))).toBeUndefined();
  });
});

describe("buildxFailure", () => {
  const plan: BuildPlan = {
    context: "examples/app",
    refs: ["127.0.0.1:5000/test/app:edge"],
    labels: {},
    buildArgs: [],
    platforms: ["linux/amd64", "linux/arm64"],
    push: true,
    cacheFrom: [],
    cacheTo: [],
    env: {},
  };
  it("docker driver asked for two platforms: names 'platforms' and 'buildx-builder'", () => {
    const error = buildxFailure(plan, fixture("docker-driver-multiplatform.txt"));
    expect(error.message).toMatch(/Multi-platform build is not supported for the docker driver/);
    expect((error as { hint?: string }).hint).toMatch(/input 'platforms'.*'buildx-builder'/);
  });
  it("a refused push is reported as such", () => {
    expect(buildxFailure(plan, fixture("buildx-push-unauthorized.txt")).message).toMatch(/not authorised/);
  });
});
