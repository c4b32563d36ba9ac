import { describe, expect, it } from "vitest";
import { computeLabels, parseKeyValues } from "../../../src/image/labels";
import { parseReference } from "../../../src/image/reference";

const image = parseReference("127.0.0.1:5000/org/app");
const sha = "0123456789abcdef0123456789abcdef01234567";
const git = {
  sha,
  commitTime: "2026-11-20T10:00:00+01:00",
  remoteUrl: "https://github.com/org/app",
  tags: [],
};
const P = "org.opencontainers.image";

describe("computeLabels", () => {
  it("labels from git, created = commit time, version = sha tag when untagged", () => {
    expect(computeLabels(image, git, [])).toEqual({
      [`${P}.title`]: "app",
      [`${P}.source`]: "https://github.com/org/app",
      [`${P}.revision`]: sha,
      [`${P}.created`]: "2026-11-20T10:00:00+01:00",
      [`${P}.version`]: "sha-0123456",
    });
  });
  it("version is the semver when HEAD is tagged", () => {
    expect(computeLabels(image, { ...git, tags: ["v1.2.3-rc.1"] }, [])[`${P}.version`]).toBe("1.2.3-rc.1");
  });
  it("two calls for one commit label the same (no clock involved)", () => {
    expect(computeLabels(image, git, [])).toEqual(computeLabels(image, git, []));
  });
  it("user labels override and add", () => {
    const labels = computeLabels(image, git, [`${P}.title=Shop`, "team=web=1"]);
    expect(labels[`${P}.title`]).toBe("Shop");
    expect(labels.team).toBe("web=1");
  });
  it("no git: only the title", () => {
    expect(computeLabels(image, { tags: [] }, [])).toEqual({ [`${P}.title`]: "app" });
  });
});

describe("parseKeyValues", () => {
  it("names the input for a line without =", () => {
    expect(() => parseKeyValues("build-args", ["VERSION"])).toThrow(
      /input 'build-args': 'VERSION' is not key=value/,
    );
  });
  it("skips blank lines", () => {
    expect(parseKeyValues("labels", ["a=1", " ", ""])).toEqual([["a", "1"]]);
  });
});
