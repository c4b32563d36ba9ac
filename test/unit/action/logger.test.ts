import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActionLogger } from "../../../src/action/logger";
import { CliLogger } from "../../../src/cli/logger";
import { MemoryLogger } from "../../../src/log";

const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgq3vT6ZXr0dWmJgUe",
  "Kq9hQq0n1h2y8pC3xGQ4kKk9oFmhRANCAAT2d2sZ0nSx8M3V8Tt4bQnq1yYwVYa",
  "-----END PRIVATE KEY-----",
].join("\n");
const BODY = PEM.split("\n").slice(1, 3);

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
});
afterEach(() => vi.restoreAllMocks());

/** What the runner does with stdout: commands take effect until ::stop-commands::, until its token. */
function runnerCommands(text: string): string[] {
  const done: string[] = [];
  let stopToken: string | undefined;
  for (const line of text.split("\n")) {
    const command = /^\s*::([^:\s]+)(?:\s[^:]*)?::(.*)$/.exec(line);
    if (!command) continue;
    if (stopToken) {
      if (command[1] === stopToken) stopToken = undefined;
      continue;
    }
    if (command[1] === "stop-commands") stopToken = command[2];
    else done.push(line.trim());
  }
  return done;
}

describe("ActionLogger", () => {
  it("masks a multi-line secret line by line (the runner masks line by line)", () => {
    new ActionLogger().mask(PEM);
    const masks = runnerCommands(out.join("")).filter((c) => c.startsWith("::add-mask::"));
    for (const line of BODY) expect(masks).toContain(`::add-mask::${line}`);
  });

  it.each([
    "::set-output name=x::y",
    "::add-mask::hunter2",
    "  ::error::fake",
    "pushing layer\n::set-env name=NODE_OPTIONS::--require /tmp/x.js\n::stop-commands::abc",
  ])("a logged line cannot issue workflow commands: %j", (message) => {
    new ActionLogger().info(message);
    const text = out.join("");
    expect(runnerCommands(text)).toEqual([]);
    for (const line of message.split("\n")) expect(text).toContain(line);
  });

  it("leaves ordinary lines as they are", () => {
    new ActionLogger().info("pushed r/app@sha256:abc");
    expect(out.join("")).toBe("pushed r/app@sha256:abc\n");
  });
});

describe.each([
  ["CliLogger", () => new CliLogger(), () => out.join("")],
  ["MemoryLogger", () => new MemoryLogger(), (log: MemoryLogger) => log.lines.join("\n")],
] as const)("%s", (_name, make, written) => {
  it("redacts each line of a multi-line secret, also when printed alone", () => {
    const log = make();
    log.mask(PEM);
    log.info(`key line: ${BODY[1]}`);
    log.warn(PEM);
    const text = (written as (l: unknown) => string)(log);
    for (const line of BODY) expect(text).not.toContain(line);
  });
});
