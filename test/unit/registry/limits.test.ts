import { describe, expect, it } from "vitest";
import { RegistryError } from "../../../src/registry/errors";
import {
  BODY_LIMITS,
  bodyLabel,
  DEFAULT_TIMEOUTS,
  formatBytes,
  formatMs,
} from "../../../src/registry/limits";

describe("limits", () => {
  it("caps manifests at 4 MiB and token answers at 1 MiB, and every request has a timeout", () => {
    expect(BODY_LIMITS.manifest).toBe(4 * 1024 * 1024);
    expect(BODY_LIMITS.token).toBe(1024 * 1024);
    for (const ms of Object.values(DEFAULT_TIMEOUTS)) expect(ms).toBeGreaterThan(0);
  });

  it.each([
    [4 * 1024 * 1024, "4 MiB"],
    [64 * 1024, "64 KiB"],
    [100, "100 bytes"],
  ])("formatBytes(%d) = %s", (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [30_000, "30 s"],
    [400, "400 ms"],
  ])("formatMs(%d) = %s", (n, text) => expect(formatMs(n)).toBe(text));

  it.each([
    ["manifest", "a manifest"],
    ["referrers", "a referrers index"],
    [undefined, "this answer"],
  ] as const)("bodyLabel(%s) = %s", (what, text) => expect(bodyLabel(what)).toBe(text));
});

describe("RegistryError for a limit", () => {
  const base = {
    registry: "127.0.0.1:5000",
    method: "GET",
    path: "/v2/a/manifests/v1",
    what: "manifest" as const,
  };
  it.each([
    [
      { ...base, limit: "timeout" as const, attempts: 4, detail: "no response headers within 30 s" },
      "registry 127.0.0.1:5000: GET /v2/a/manifests/v1 timed out after 4 attempts (no response headers within 30 s)",
      "stopped answering",
      true,
    ],
    [
      { ...base, limit: "size" as const, status: 200, detail: "body is over the 4 MiB limit for a manifest" },
      "registry 127.0.0.1:5000: GET /v2/a/manifests/v1 answered 200, not read (body is over the 4 MiB limit for a manifest)",
      "not a manifest greenlight reads",
      false,
    ],
  ])("%j", (failure, message, hint, transient) => {
    const error = new RegistryError(failure);
    expect(error.message).toBe(message);
    expect(error.hint).toContain(hint);
    expect(error.transient).toBe(transient);
  });
});
