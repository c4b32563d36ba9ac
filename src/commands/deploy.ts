import type { CommandResult } from "../command-result";
import { promote, reject, status } from "../deploy";
import { stagedColor } from "../deploy/plan";
import { deployPinned } from "./deploy-digest";
import { mirrored } from "./deploy-result";
import type { RunServices } from "./services";
import { switchVerifier, verifiedEarly } from "./verification";

/** `deploy`: verify, stage the digest as the idle color, gate, promote (unless manual), watch. */
export async function runDeploy(s: RunServices): Promise<CommandResult> {
  return deployPinned(s, s.digest());
}

/** `promote`: switch live to the staged color whose gates passed. */
export async function runPromote(s: RunServices): Promise<CommandResult> {
  const facts: Parameters<typeof mirrored>[1] = { digest: "", release: "", description: "promote" };
  // the engine verifies, under the lock, the digest of the color it switches to
  const verify = switchVerifier(s, facts);
  const engine = { ...(await s.engine()), verify };
  // the ledger is walked beside the target's state and the lock: under the lock, where the plan
  // needs it, only its tag is read again (a failure here is met there)
  engine.ledger.history().catch(() => undefined);
  // only the target's state before the lock: the ledger is read under it (the promote plan)
  const state = await engine.target.readState();
  const staged = state.colors[stagedColor(state)];
  facts.digest = staged?.digest ?? "";
  facts.release = staged?.release ?? "";
  // the staged color's provenance is checked while the lock is taken; the switch waits for the result
  if (staged?.digest) engine.verify = verifiedEarly(verify, staged.digest);
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
