import type { CommandResult } from "../command-result";
import { attestDigest } from "./attestation";
import type { RunServices } from "./services";

/** `attest`: sign SLSA provenance for `subject-digest` and attach it to the image. */
export async function runAttest(s: RunServices): Promise<CommandResult> {
  return attestDigest(s, s.digest());
}
