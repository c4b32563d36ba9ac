import type { Command, Config } from "./config";
import type { RunContext } from "./context";
import type { Outputs } from "./outputs";
import type { Report } from "./report";

/** What every command returns to the front-ends. */
export interface CommandResult {
  outputs: Outputs;
  report: Report;
  /** The command ran to the end but its verdict is negative (a gate failed, verification refused). */
  failed?: boolean;
}

type Handler = (config: Config, ctx: RunContext) => Promise<CommandResult>;

// Loaded on demand so that `status` does not pay for the signing libraries at start-up.
const HANDLERS: Record<Command, () => Promise<Handler>> = {
  build: async () => (await import("./commands/build")).build,
  attest: async () => (await import("./commands/attest")).attest,
  verify: async () => (await import("./commands/verify")).verify,
  release: async () => (await import("./commands/release")).release,
  deploy: async () => (await import("./commands/deploy")).deploy,
  promote: async () => (await import("./commands/deploy")).promote,
  reject: async () => (await import("./commands/deploy")).reject,
  rollback: async () => (await import("./commands/rollback")).rollback,
  status: async () => (await import("./commands/status")).status,
  unlock: async () => (await import("./commands/unlock")).unlock,
};

/** Runs one command of the engine; both the action and the CLI call this. */
export async function runCommand(config: Config, ctx: RunContext): Promise<CommandResult> {
  const handler = await HANDLERS[config.command]();
  return handler(config, ctx);
}
