import type { CommandResult } from "../command-result";
import { deploy } from "../deploy";
import { pinned } from "../image/reference";
import { newReleaseId } from "../ledger/ledger";
import { mirrored } from "./deploy-result";
import type { RunServices } from "./services";
import { withSummaryHistory } from "./summary-history";
import { verifyAndSignTestResults } from "./test-result-attestation";

/** Deploys one digest of the configured repository (`deploy`, and the last step of `release`). */
export async function deployPinned(s: RunServices, digest: string): Promise<CommandResult> {
  const { config, ctx } = s;
  const image = pinned(s.image(), digest);
  const engine = await s.engine();
  const gates = s.preStageGates();
  const verification = await verifyAndSignTestResults(s, digest);
  const release = newReleaseId(ctx.now(), digest);
  const result = await mirrored(s, { digest, release, description: `deploy ${image}`, verification }, () =>
    deploy({
      ...engine,
      image,
      release,
      preStageGates: gates,
      promotion: config.deploy.promotion,
      ...(verification ? { verification: { verified: true, detail: verification } } : {}),
    }),
  );
  return withSummaryHistory(s, result);
}
