// The command layer. runCommand picks the command's handler (run<Command> in
// src/commands/<command>.ts, or dryRun<Command> in src/commands/dry-run.ts), builds the run's
// RunServices (the composition root, src/commands/services.ts) and hands it over. Handlers never
// import each other: what two commands share lives in a module named for what it does
// (attestation, verification, deploy-digest, build-and-attest, rollback-target, ...). The engine's
// functions keep the plain verbs (deploy, promote, reject, rollback, status, unlock in src/deploy).
import type { CommandResult } from "./command-result";
import type { RunServices } from "./commands/services";
import type { Command, Config } from "./config";
import type { RunContext } from "./context";
import { InputError } from "./errors";

type Handler = (services: RunServices) => Promise<CommandResult>;

// Loaded on demand so that `status` does not pay for the signing libraries at start-up.
const HANDLERS: Record<Command, () => Promise<Handler>> = {
  build: async () => (await import("./commands/build")).runBuild,
  attest: async () => (await import("./commands/attest")).runAttest,
  verify: async () => (await import("./commands/verify")).runVerify,
  release: async () => (await import("./commands/release")).runRelease,
  deploy: async () => (await import("./commands/deploy")).runDeploy,
  promote: async () => (await import("./commands/deploy")).runPromote,
  reject: async () => (await import("./commands/deploy")).runReject,
  rollback: async () => (await import("./commands/rollback")).runRollback,
  status: async () => (await import("./commands/status")).runStatus,
  unlock: async () => (await import("./commands/unlock")).runUnlock,
  history: async () => (await import("./commands/history")).runHistory,
  metrics: async () => (await import("./commands/metrics")).runMetrics,
};

// `dry-run: true`: each command that changes something has a dry run that reads and verifies for
// real, prints its plan and changes nothing; a command without one refuses the flag.
const READ_ONLY: ReadonlySet<Command> = new Set(["verify", "status", "history", "metrics"]);
const DRY_RUNS: Partial<Record<Command, () => Promise<Handler>>> = {
  build: async () => (await import("./commands/dry-run")).dryRunBuild,
  attest: async () => (await import("./commands/dry-run")).dryRunAttest,
  release: async () => (await import("./commands/dry-run")).dryRunRelease,
  deploy: async () => (await import("./commands/dry-run")).dryRunDeploy,
  promote: async () => (await import("./commands/dry-run")).dryRunPromote,
  reject: async () => (await import("./commands/dry-run")).dryRunReject,
  rollback: async () => (await import("./commands/dry-run")).dryRunRollback,
  unlock: async () => (await import("./commands/dry-run")).dryRunUnlock,
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
    return withServices(config, ctx, await dryRun());
  }
  return withServices(config, ctx, await HANDLERS[config.command]());
}

/**
 * Runs the handler with the run's composition root (./commands/services.ts), one per command run,
 * closed however the handler ends (an error, a stop by SIGINT/SIGTERM): no ssh forward outlives it.
 */
async function withServices(config: Config, ctx: RunContext, handler: Handler): Promise<CommandResult> {
  const { RunServices } = await import("./commands/services");
  const services = new RunServices(config, ctx);
  try {
    return await handler(services);
  } finally {
    await services.close();
  }
}

export type { CommandResult };
