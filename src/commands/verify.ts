import type { CommandResult } from "../command-result";
import { type ImageReference, pinned } from "../image/reference";
import type { VerifyResult } from "../provenance/verify";
import type { Report } from "../report";
import type { RunServices } from "./services";
import { checkProvenance } from "./verification";

/** `verify`: check a digest's signed provenance (and test results) against the policy. */
export async function runVerify(s: RunServices): Promise<CommandResult> {
  const digest = s.digest();
  const result = await s.ctx.log.group("Verify provenance", () => checkProvenance(s, digest));
  return {
    outputs: { verified: String(result.verified) },
    report: verifyReport(s.image(), digest, result),
    failed: !result.verified,
  };
}

function verifyReport(image: ImageReference, digest: string, result: VerifyResult): Report {
  return {
    title: `${result.verified ? "Verified" : "NOT verified"} ${pinned(image, digest)}`,
    facts: [
      ["verified", String(result.verified)],
      ["attestations found through", result.mode],
      ...(result.skipped.length
        ? [
            ["skipped (malformed)", result.skipped.map((s) => `${s.source}: ${s.reason}`).join("; ")] as [
              string,
              string,
            ],
          ]
        : []),
      ...result.checks.map((c): [string, string] => [c.name, `${c.passed ? "✅" : "❌"} ${c.detail}`]),
    ],
  };
}
