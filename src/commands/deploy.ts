import type { CommandResult } from "../command-result";
import { promote, reject, status } from "../deploy";
import { stagedColor } from "../deploy/plan";
import { deployPinned } from "./deploy-digest";
import { mirrored } from "./deploy-result";
import type { RunServices } from "./services";
import { switchEngine } from "./verification";

/** `deploy`: verify, stage the digest as the idle color, gate, promote (unless manual), watch. */
export async function runDeploy(s: RunServices): Promise<CommandResult> {
  return deployPinned(s, s.digest());
}

/** `promote`: switch live to the staged color whose gates passed. */
export async function runPromote(s: RunServices): Promise<CommandResult> {
  const facts: Parameters<typeof mirrored>[1] = { digest: "", release: "", description: "promote" };
  // the ledger is read under the lock (the promote plan)
  const { engine, state, early } = await switchEngine(s, facts);
  const staged = state.colors[stagedColor(state)];
  facts.digest = staged?.digest ?? "";
  facts.release = staged?.release ?? "";
  if (staged?.digest) early(staged.digest);
  return mirrored(s, facts, () => promote({ ...engine, state }));
}

/** `reject`: throw away the release staged with `promotion: manual`; live is untouched. */
export async function runReject(s: RunServices): Promise<CommandResult> {
  const engine = await s.engine();
  const staged = await status(engine);
  const preview = staged.state.preview !== staged.state.live ? staged.state.preview : undefined;
  const release = preview ? (staged.state.colors[preview]?.release ?? "") : "";
  const reason = s.config.deploy.reason ?? "rejected";
  return mirrored(s, { digest: staged.previewDigest ?? "", release, description: `reject: ${reason}` }, () =>
    reject({ ...engine, reason }),
  );
}
