import { describe, expect, it } from "vitest";
import { parseTrustedRootFile, tufCacheDir } from "../../../../src/provenance/trust/settings";

const root = (extra: object = {}) => ({
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  certificateAuthorities: [{ uri: "https://fulcio.example" }],
  tlogs: [],
  ...extra,
});

describe("parseTrustedRootFile", () => {
  it.each([
    ["one pretty-printed root", JSON.stringify(root(), null, 2), 1],
    [
      "JSON lines, as gh attestation trusted-root writes",
      `${JSON.stringify(root())}\n${JSON.stringify(root())}\n`,
      2,
    ],
    [
      "the v0.2 media type",
      JSON.stringify(root({ mediaType: "application/vnd.dev.sigstore.trustedroot.v0.2+json" })),
      1,
    ],
  ])("reads %s", (_, text, count) => {
    expect(parseTrustedRootFile(text, "root.json").roots).toHaveLength(count);
  });

  it.each([
    ["", "input 'trusted-root': root.json is empty"],
    ["{not json", "input 'trusted-root': root.json is not JSON"],
    [
      JSON.stringify({ mediaType: "application/json" }),
      "input 'trusted-root': root.json has mediaType \"application/json\", not a Sigstore trusted root",
    ],
    [
      JSON.stringify(root({ certificateAuthorities: [] })),
      "input 'trusted-root': root.json lists no certificate authority (Fulcio)",
    ],
    [`${JSON.stringify(root())}\n{}`, "input 'trusted-root': root.json line 2 has mediaType undefined"],
  ])("refuses %j", (text, message) => {
    expect(() => parseTrustedRootFile(text, "root.json")).toThrow(message);
  });
});

describe("tufCacheDir", () => {
  it.each([
    [
      { RUNNER_TOOL_CACHE: "/opt/hostedtoolcache", XDG_CACHE_HOME: "/x" },
      "/opt/hostedtoolcache/greenlight/tuf",
    ],
    [{ XDG_CACHE_HOME: "/x" }, "/x/greenlight/tuf"],
    [{}, "/home/me/.cache/greenlight/tuf"],
  ])("%j → %s", (env, dir) => {
    expect(tufCacheDir(env, "/home/me")).toBe(dir);
  });
});
