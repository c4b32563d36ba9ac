import { describe, expect, it } from "vitest";
import { cliInput, parseArgv } from "../../../src/cli/main";

describe("parseArgv", () => {
  it.each([
    [["deploy", "--image", "r/app", "--dry-run"], "deploy", { image: "r/app", "dry-run": "true" }],
    [["build", "--tags=a", "--tags", "b"], "build", { tags: "a\nb" }],
    [["rollback", "--to", "sha256:x", "--reason", "bad"], "rollback", { to: "sha256:x", reason: "bad" }],
    // a single-valued input given twice: the last one wins
    [["deploy", "--lock-timeout", "5", "--lock-timeout", "900"], "deploy", { "lock-timeout": "900" }],
    [["deploy", "--lock-timeout=5", "--lock-timeout=900"], "deploy", { "lock-timeout": "900" }],
    // list inputs accumulate
    [["deploy", "--checks", "/a", "--checks", "/b 204"], "deploy", { checks: "/a\n/b 204" }],
    // a boolean flag needs no value, anywhere
    [["deploy", "--dry-run", "--image", "r/app"], "deploy", { "dry-run": "true", image: "r/app" }],
    [["deploy", "--push", "false"], "deploy", { push: "false" }],
  ])("%j", (argv, command, values) => {
    const parsed = parseArgv(argv);
    expect(parsed.command).toBe(command);
    expect(Object.fromEntries(parsed.values)).toEqual(values);
  });

  it.each([
    [["deploy", "--colour", "blue"], "--colour is not a flag of greenlight"],
    [["deploy", "stray"], "unexpected argument 'stray'"],
    [["deploy", "--image"], "input 'image': is given without a value"],
    [["deploy", "--image", "--dry-run"], "input 'image': is given without a value"],
    [["deploy", "--lock-timeout", "--image", "r/app"], "input 'lock-timeout': is given without a value"],
  ])("refuses %j", (argv, message) => expect(() => parseArgv(argv)).toThrow(message));
});

describe("cliInput", () => {
  const get = cliInput(new Map([["image", "r/app"]]), { GITHUB_TOKEN: "tok", GREENLIGHT_PASSWORD: "pw" });
  it.each([
    ["image", "r/app"],
    ["environment", "production"],
    ["github-token", "tok"],
    ["password", "pw"],
    ["username", ""],
  ] as const)("%s -> %s", (name, value) => expect(get(name)).toBe(value));
});
