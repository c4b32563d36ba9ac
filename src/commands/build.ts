import type { CommandResult } from "../command-result";
import { buildAndAttest } from "./build-and-attest";
import type { RunServices } from "./services";

/** `build`: build, push, pin by digest, and attest when a signer is configured. */
export async function runBuild(s: RunServices): Promise<CommandResult> {
  const { outputs, report } = await buildAndAttest(s);
  return { outputs, report };
}
