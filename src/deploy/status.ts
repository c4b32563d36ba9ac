import { parseReference } from "../image/reference";
import { currentLive, pickRollbackTarget } from "../ledger/ledger";
import type { LedgerStore, ReleaseRecord } from "../ledger/record";
import type { DeployOptions } from "./bluegreen";
import { type DeployPlan, type Drift, findDrift, liveDigest, planDeploy, warmColor } from "./plan";
import type { Endpoints, Target, TargetState } from "./target";

/** What `status` reports: what runs where by digest, what the ledger says, and where they disagree. */
export interface StatusReport {
  state: TargetState;
  endpoints: Endpoints;
  liveDigest: string | undefined;
  /** The color on preview when it is not live (staged, or the warm previous color). */
  previewDigest: string | undefined;
  /** The warm previous color a switch-back rollback would go to. */
  warm: { color: string; digest: string } | undefined;
  /** The ledger's newest promoted release and its rollback target. */
  ledgerLive: ReleaseRecord | undefined;
  rollbackTarget: ReleaseRecord | undefined;
  /** The ledger's newest record: the last thing done to the environment. */
  latest: ReleaseRecord | undefined;
  drift: Drift[];
}

/** Reads the target and the ledger; changes nothing and takes no lock. */
export async function status(options: { target: Target; ledger: LedgerStore }): Promise<StatusReport> {
  const [state, records] = await Promise.all([options.target.readState(), options.ledger.history()]);
  const warm = warmColor(state);
  const preview = state.preview && state.preview !== state.live ? state.colors[state.preview] : undefined;
  return {
    state,
    endpoints: options.target.endpoints(),
    liveDigest: liveDigest(state),
    previewDigest: preview?.digest,
    warm: warm ? { color: warm, digest: state.colors[warm]?.digest ?? "" } : undefined,
    ledgerLive: currentLive(records),
    rollbackTarget: pickRollbackTarget(records),
    latest: records.at(-1),
    drift: findDrift(state, records),
  };
}

/** The plan of a deploy for `--dry-run`: reads the target, changes nothing. */
export async function planFor(
  options: Pick<DeployOptions, "target" | "image" | "promotion" | "preStageGates" | "previewGates"> & {
    watchSeconds: number;
    ledger?: LedgerStore;
  },
): Promise<DeployPlan> {
  const digest = parseReference(options.image, "image").digest ?? "";
  const records = options.ledger ? await options.ledger.history() : [];
  return planDeploy(await options.target.readState(), {
    image: options.image,
    digest,
    promotion: options.promotion ?? "auto",
    preStageGates: (options.preStageGates ?? []).map((g) => g.name),
    previewGates: (options.previewGates ?? []).map((g) => g.name),
    watchSeconds: options.watchSeconds,
    records,
  });
}
