import { describe, expect, it } from "vitest";
import { formatReference, parseDigest, parseReference, pinned } from "../../../src/image/reference";

const D = `sha256:${"a".repeat(64)}`;

describe("parseReference", () => {
  it.each([
    ["nginx", { registry: "docker.io", repository: "library/nginx" }],
    ["acme/app:1.0", { registry: "docker.io", repository: "acme/app", tag: "1.0" }],
    ["localhost/app", { registry: "localhost", repository: "app" }],
    ["localhost:5000/team/app:v1", { registry: "localhost:5000", repository: "team/app", tag: "v1" }],
    ["127.0.0.1:5000/app", { registry: "127.0.0.1:5000", repository: "app" }],
    [`ghcr.io/org/app@${D}`, { registry: "ghcr.io", repository: "org/app", digest: D }],
    [`ghcr.io/org/app:v2@${D}`, { registry: "ghcr.io", repository: "org/app", tag: "v2", digest: D }],
    ["registry.example.com:443/a/b/c", { registry: "registry.example.com:443", repository: "a/b/c" }],
    ["[::1]:5000/app", { registry: "[::1]:5000", repository: "app" }],
  ])("%s", (input, expected) => expect(parseReference(input)).toEqual(expected));

  it.each([
    ["", "is empty"],
    ["Org/App", "has upper case in 'Org'"],
    ["ghcr.io/org/App", "has upper case in 'App'"],
    ["ghcr.io/org/app@sha256:xyz", "has an invalid digest"],
    ["ghcr.io/org/app:-bad", "has an invalid tag '-bad'"],
    ["ghcr.io/org//app", "has an invalid path component ''"],
    ["ghcr.io/org/app_-x", "has an invalid path component"],
  ])("refuses %j: %s", (input, message) => expect(() => parseReference(input, "image")).toThrow(message));
});

describe("formatting", () => {
  it("drops the tag when a digest pins the image", () => {
    expect(formatReference(parseReference(`localhost:5000/app:v1@${D}`))).toBe(`localhost:5000/app@${D}`);
  });
  it("pins a repository by digest", () => {
    expect(pinned({ registry: "localhost:5000", repository: "team/app" }, D)).toBe(
      `localhost:5000/team/app@${D}`,
    );
  });
  it("refuses a digest that is not sha256 hex", () => {
    expect(() => parseDigest("sha256:ABC", "subject-digest")).toThrow(
      "subject-digest 'sha256:ABC' is not a digest",
    );
  });
});
