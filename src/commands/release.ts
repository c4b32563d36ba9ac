import type { CommandResult } from "../command-result";
import { GreenlightError } from "../errors";
import { buildAndAttest } from "./build-and-attest";
import { deployPinned } from "./deploy-digest";
import type { RunServices } from "./services";

/** `release`: build, push, attest, then deploy the digest just built. */
export async function runRelease(s: RunServices): Promise<CommandResult> {
  if (!s.config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy",
    });
  }
  const built = await buildAndAttest(s);
  const deployed = await deployPinned(s, built.digest as string);
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
