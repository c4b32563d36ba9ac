import type { Config } from "../config";
import type { RunContext } from "../context";
import { GreenlightError } from "../errors";
import type { CommandResult } from "../run";
import { buildAndAttest } from "./build";
import { deployPinned } from "./deploy";

/** `release`: build, push, attest, then deploy the digest just built. */
export async function release(config: Config, ctx: RunContext): Promise<CommandResult> {
  if (!config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy",
    });
  }
  const built = await buildAndAttest(config, ctx);
  const deployed = await deployPinned(config, ctx, built.digest as string);
  return {
    ...deployed,
    outputs: { ...built.outputs, ...deployed.outputs },
    report: { ...deployed.report, facts: withoutRepeats([...deployed.report.facts, ...built.report.facts]) },
  };
}

/** The deploy's facts first, then the build's that it does not already show. */
function withoutRepeats(facts: [string, string][]): [string, string][] {
  return facts.filter(([label], i) => facts.findIndex(([other]) => other === label) === i);
}
