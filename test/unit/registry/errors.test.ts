import { describe, expect, it } from "vitest";
import { describeError } from "../../../src/errors";
import { errorDetail, RegistryError, readErrorBody } from "../../../src/registry/errors";

const base = { registry: "127.0.0.1:5000", method: "GET", path: "/v2/acme/app/manifests/v1" };

describe("RegistryError", () => {
  it.each([
    [
      { ...base, status: 401 },
      "answered 401",
      "set 'username' and 'password' (the CLI also reads GREENLIGHT_USERNAME and GREENLIGHT_PASSWORD), or run `docker login 127.0.0.1:5000`",
    ],
    [{ ...base, status: 404, what: "manifest" as const }, "answered 404", "no such manifest/repository"],
    [{ ...base, status: 404, what: "blob" as const }, "answered 404", "no such blob"],
    [{ ...base, status: 503, attempts: 4 }, "answered 503 after 4 attempts", "retried 4 times"],
    [{ ...base, status: 429 }, "answered 429", "rate limiting"],
    [
      { ...base, detail: "ECONNREFUSED", attempts: 4 },
      "got no answer after 4 attempts (ECONNREFUSED)",
      "is 127.0.0.1:5000 reachable?",
    ],
    [{ ...base, status: 403 }, "answered 403", "lack permission"],
  ])("%j", (failure, inMessage, inHint) => {
    const error = new RegistryError(failure);
    expect(error.message).toContain("registry 127.0.0.1:5000: GET /v2/acme/app/manifests/v1");
    expect(error.message).toContain(inMessage);
    expect(error.hint).toContain(inHint);
    expect(describeError(error)).toContain(`hint: ${error.hint}`);
  });
});

describe("errorDetail", () => {
  it.each([
    [
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]}',
      "MANIFEST_UNKNOWN: manifest unknown",
    ],
    [
      JSON.stringify({
        errors: [
          { code: "DIGEST_INVALID", message: "provided digest did not match uploaded content" },
          { code: "MANIFEST_BLOB_UNKNOWN", message: "blob unknown to registry", detail: "sha256:44136f" },
        ],
      }),
      "DIGEST_INVALID: provided digest did not match uploaded content; MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:44136f)",
    ],
    ['{"errors":[{"code":"DENIED","message":"no","detail":{"a":1}}]}', "DENIED: no"],
    ['{"errors":"nope"}', '{"errors":"nope"}'],
    ["404 page not found\n", "404 page not found"],
    ["", undefined],
    ['{"errors":[]}', '{"errors":[]}'],
  ])("%j", (body, expected) => {
    expect(errorDetail(body)).toBe(expected);
  });
});

describe("readErrorBody: codes", () => {
  it.each([
    [
      '{"errors":[{"code":"DIGEST_INVALID"},{"code":"MANIFEST_BLOB_UNKNOWN"}]}',
      ["DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN"],
    ],
    ['{"errors":[{"message":"no code"},null,{"code":7}]}', []],
    ["404 page not found", []],
    ["", []],
  ])("%j", (body, expected) => {
    expect(readErrorBody(body).codes).toEqual(expected);
  });
});
