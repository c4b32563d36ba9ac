import { describe, expect, it } from "vitest";
import { OCI_INDEX, OCI_MANIFEST } from "../../../src/registry/media";
import { artifactManifest, referrersTag, withReferrer } from "../../../src/registry/referrers";

const hex = "a".repeat(64);

describe("referrersTag", () => {
  it.each([
    [`sha256:${hex}`, `sha256-${hex}`],
    [`sha512:${"b".repeat(128)}`, `sha512-${"b".repeat(121)}`], // truncated to 128 characters
  ])("%s", (digest, tag) => {
    expect(referrersTag(digest)).toBe(tag);
    expect(referrersTag(digest).length).toBeLessThanOrEqual(128);
  });
});

describe("withReferrer", () => {
  const one = { mediaType: OCI_MANIFEST, digest: `sha256:${"1".repeat(64)}`, size: 10, artifactType: "x" };
  const two = { mediaType: OCI_MANIFEST, digest: `sha256:${"2".repeat(64)}`, size: 11, artifactType: "y" };
  it.each([
    ["creates an index", undefined, one, [one]],
    ["appends", { schemaVersion: 2 as const, mediaType: OCI_INDEX, manifests: [one] }, two, [one, two]],
    [
      "does not duplicate",
      { schemaVersion: 2 as const, mediaType: OCI_INDEX, manifests: [one, two] },
      one,
      [two, one],
    ],
  ])("%s", (_name, index, referrer, manifests) => {
    expect(withReferrer(index, referrer)).toEqual({ schemaVersion: 2, mediaType: OCI_INDEX, manifests });
  });
});

describe("artifactManifest", () => {
  it("has the OCI 1.1 artifact shape", () => {
    const subject = {
      mediaType: OCI_MANIFEST,
      digest: `sha256:${hex}`,
      size: 5,
      annotations: { dropped: "yes" },
    };
    const layer = { mediaType: "application/x", digest: `sha256:${"c".repeat(64)}`, size: 3 };
    const manifest = JSON.parse(artifactManifest(subject, "application/t", layer, { a: "b" }).toString());
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: "application/t",
      config: {
        mediaType: "application/vnd.oci.empty.v1+json",
        digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        size: 2,
      },
      layers: [layer],
      subject: { mediaType: OCI_MANIFEST, digest: `sha256:${hex}`, size: 5 },
      annotations: { a: "b" },
    });
  });
});
