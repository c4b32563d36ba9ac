// One command of the engine run in this process, as the CLI would run it with these flags: the same
// argv parsing and Config, a MemoryLogger for the log. The child environment is PATH and HOME only
// (no GITHUB_* from the parent), plus the registry password the CLI reads from GREENLIGHT_PASSWORD.
import { readFileSync } from "node:fs";
import { cliInput, parseArgv } from "../../src/cli/main";
import { type Config, parseConfig } from "../../src/config";
import type { RunContext } from "../../src/context";
import { MemoryLogger } from "../../src/log";
import { type CommandResult, runCommand } from "../../src/run";
import { baseEnv } from "./runner";

export interface CommandRunner {
  /** The Config the CLI makes of `greenlight <name> <flags>`. */
  configFor(name: string, flags: readonly string[]): Config;
  context(log: MemoryLogger): RunContext;
  /** Runs the command; returns its result and everything it logged. */
  command(name: string, flags: readonly string[]): Promise<{ result: CommandResult; log: MemoryLogger }>;
}

export function commandRunner(options: { password: string; tempDir: () => string }): CommandRunner {
  const env = () => baseEnv({ GREENLIGHT_PASSWORD: options.password });
  const configFor = (name: string, flags: readonly string[]): Config => {
    const get = cliInput(parseArgv([name, ...flags]).values, env());
    return parseConfig(
      (input) => (input === "command" ? name : get(input)),
      env(),
      (p) => readFileSync(p, "utf8"),
    );
  };
  const context = (log: MemoryLogger): RunContext => ({
    log,
    env: env(),
    tempDir: options.tempDir(),
    actor: "command-test",
    runUrl: undefined,
    now: () => new Date(),
  });
  return {
    configFor,
    context,
    command: async (name, flags) => {
      const log = new MemoryLogger();
      return { result: await runCommand(configFor(name, flags), context(log)), log };
    },
  };
}
