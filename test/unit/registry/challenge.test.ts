import { describe, expect, it } from "vitest";
import { parseWwwAuthenticate } from "../../../src/registry/challenge";

describe("parseWwwAuthenticate", () => {
  it.each([
    ["", []],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [
        {
          scheme: "bearer",
          params: {
            realm: "https://auth.docker.io/token",
            service: "registry.docker.io",
            scope: "repository:library/nginx:pull",
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    // ghcr.io shape: scope with several actions, unquoted service, extra spaces
    [
      'Bearer realm="https://ghcr.io/token", service=ghcr.io , scope="repository:o/a:pull,push"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:o/a:pull,push" },
        },
      ],
    ],
    // two challenges in one header, escaped quote
    [
      'Basic realm="a \\"b\\"", Bearer realm="http://127.0.0.1:1/t",error="invalid_token"',
      [
        { scheme: "basic", params: { realm: 'a "b"' } },
        { scheme: "bearer", params: { realm: "http://127.0.0.1:1/t", error: "invalid_token" } },
      ],
    ],
    // several scopes space-separated (cross-repository mount)
    [
      'Bearer realm="r",scope="repository:a:pull,push repository:b:pull"',
      [{ scheme: "bearer", params: { realm: "r", scope: "repository:a:pull,push repository:b:pull" } }],
    ],
    ["BEARER REALM=x", [{ scheme: "bearer", params: { realm: "x" } }]],
  ])("%j", (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});
