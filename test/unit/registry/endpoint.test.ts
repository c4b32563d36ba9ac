import { describe, expect, it } from "vitest";
import { mayReceiveCredentials, sameOrigin } from "../../../src/registry/endpoint";

describe("sameOrigin (where an upload Location may get the registry's credentials)", () => {
  it.each([
    ["http://127.0.0.1:5000/v2/a/blobs/uploads/x?_state=1", "http://127.0.0.1:5000", true],
    ["http://localhost:5000/v2/a/blobs/uploads/x", "http://127.0.0.1:5000", false],
    ["http://127.0.0.2:5000/v2/a/blobs/uploads/x", "http://127.0.0.1:5000", false],
    ["http://127.0.0.1:5001/v2/a/blobs/uploads/x", "http://127.0.0.1:5000", false],
    ["https://ghcr.io/v2/a/blobs/uploads/x", "https://ghcr.io", true],
    ["http://ghcr.io/v2/a/blobs/uploads/x", "https://ghcr.io", false],
    ["https://storage.example.com/upload?sig=1", "https://ghcr.io", false],
  ])("%s on %s: %s", (url, base, expected) => {
    expect(sameOrigin(url, base)).toBe(expected);
  });
});

describe("mayReceiveCredentials (Basic credentials to a Bearer token realm)", () => {
  it.each([
    ["https://auth.docker.io/token", "https://registry-1.docker.io", true],
    ["https://ghcr.io/token", "https://ghcr.io", true],
    ["http://ghcr.io/token", "https://ghcr.io", false],
    ["http://127.0.0.1:5555/token", "http://127.0.0.1:5000", true],
    ["http://localhost:5555/token", "http://127.0.0.1:5000", false],
    ["http://127.0.0.2:5000/token", "http://127.0.0.1:5000", false],
    ["http://evil.example.com/token", "https://registry.example.com", false],
    ["ftp://127.0.0.1/token", "http://127.0.0.1:5000", false],
  ])("%s for %s: %s", (realm, base, expected) => {
    expect(mayReceiveCredentials(realm, base)).toBe(expected);
  });
});
