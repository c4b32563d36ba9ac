import type { Command, Config } from "./config";
import type { RunContext } from "./context";
import { InputError } from "./errors";
import type { Outputs } from "./outputs";
import type { Report } from "./report";

/** What every command returns to the front-ends. */
export interface CommandResult {
  outputs: Outputs;
  report: Report;
  /** The command ran to the end but its verdict is negative (a gate failed, verification refused). */
  failed?: boolean;
  /** The command's answer as a document (history, metrics): the CLI prints it on stdout instead of name=value lines. */
  document?: string;
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
  history: async () => (await import("./commands/history")).history,
  metrics: async () => (await import("./commands/metrics")).metrics,
};

// `dry-run: true`: each command that changes something has a dry run that reads and verifies for
// real, prints its plan and changes nothing; a command without one refuses the flag.
const READ_ONLY: ReadonlySet<Command> = new Set(["verify", "status", "history", "metrics"]);
const DRY_RUNS: Partial<Record<Command, () => Promise<Handler>>> = {
  build: async () => (await import("./commands/dry-run")).build,
  attest: async () => (await import("./commands/dry-run")).attest,
  release: async () => (await import("./commands/dry-run")).release,
  deploy: async () => (await import("./commands/dry-run")).deploy,
  promote: async () => (await import("./commands/dry-run")).promote,
  reject: async () => (await import("./commands/dry-run")).reject,
  rollback: async () => (await import("./commands/dry-run")).rollback,
  unlock: async () => (await import("./commands/dry-run")).unlock,
};

/** Runs one command of the engine; both the action and the CLI call this. */
export async function runCommand(config: Config, ctx: RunContext): Promise<CommandResult> {
  if (config.deploy.dryRun && !READ_ONLY.has(config.command)) {
    const dryRun = DRY_RUNS[config.command];
    if (!dryRun) {
      throw new InputError(
        "dry-run",
        `'${config.command}' has no dry run, and a dry run must change nothing`,
        `false for '${config.command}'; commands with a dry run: ${Object.keys(DRY_RUNS).join(", ")}`,
      );
    }
    return (await dryRun())(config, ctx);
  }
  const handler = await HANDLERS[config.command]();
  return handler(config, ctx);
}
