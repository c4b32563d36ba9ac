import { describe, expect, it } from "vitest";
import { parseReference } from "../../../src/image/reference";
import type { ReleaseRecord } from "../../../src/ledger/record";
import { recordedImage } from "../../../src/ledger/record-check";

const image = parseReference("127.0.0.1:5000/acme/app");
const digest = `sha256:${"ab".repeat(32)}`;
const record = (change: Partial<Record<keyof ReleaseRecord, unknown>>) =>
  ({
    release: "r1",
    app: "app",
    environment: "prod",
    action: "deploy",
    outcome: "promoted",
    repository: "127.0.0.1:5000/acme/app",
    digest,
    color: "blue",
    gates: [],
    actor: "octocat",
    time: "2026-11-27T16:00:00Z",
    ...change,
  }) as ReleaseRecord;

// Ledger records are unsigned: every field used is checked again against the configuration.
describe("recordedImage", () => {
  it("takes the configured repository and the record's digest", () => {
    expect(recordedImage(record({}), image)).toEqual({
      registry: "127.0.0.1:5000",
      repository: "acme/app",
      digest,
    });
  });

  it.each<[string, Partial<Record<keyof ReleaseRecord, unknown>>, RegExp]>([
    [
      "another repository",
      { repository: "127.0.0.1:5000/evil/app" },
      /names repository 127\.0\.0\.1:5000\/evil\/app, not the configured image repository 127\.0\.0\.1:5000\/acme\/app/,
    ],
    [
      "another registry",
      { repository: "evil.example.com/acme/app" },
      /names repository evil\.example\.com\/acme\/app, not the configured image repository 127\.0\.0\.1:5000\/acme\/app/,
    ],
    [
      "a repository with a tag",
      { repository: "127.0.0.1:5000/acme/app:latest" },
      /repository '127\.0\.0\.1:5000\/acme\/app:latest' is not a repository/,
    ],
    ["a repository that is not one", { repository: "::" }, /repository '::' is not a repository/],
    ["a repository that is not text", { repository: 7 }, /repository '7' is not a repository/],
    ["a digest that is not sha256", { digest: "sha256:zz" }, /digest 'sha256:zz' is not a digest/],
    ["a digest with a path in it", { digest: `${digest}/../x` }, /is not a digest/],
    ["no digest", { digest: undefined }, /digest 'undefined' is not a digest/],
  ])("refuses a record naming %s", (_name, change, message) => {
    expect(() => recordedImage(record(change), image)).toThrow(message);
    expect(() => recordedImage(record(change), image)).toThrow(/ledger record r1/);
  });
});
