import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  currentLive,
  findDrift,
  liveDigest,
  pickRollbackTarget,
  planDeploy,
  warmColor
} from "./chunk-AQ7GFJKS.mjs";
import {
  parseReference
} from "./chunk-UEFSGM5H.mjs";

// src/deploy/status.ts
async function status(options) {
  const [state, records] = await Promise.all([options.target.readState(), options.ledger.history()]);
  const warm = warmColor(state);
  const preview = state.preview && state.preview !== state.live ? state.colors[state.preview] : void 0;
  return {
    state,
    endpoints: options.target.endpoints(),
    liveDigest: liveDigest(state),
    previewDigest: preview?.digest,
    warm: warm ? { color: warm, digest: state.colors[warm]?.digest ?? "" } : void 0,
    ledgerLive: currentLive(records),
    rollbackTarget: pickRollbackTarget(records),
    latest: records.at(-1),
    drift: findDrift(state, records)
  };
}
async function planFor(options) {
  const digest = parseReference(options.image, "image").digest ?? "";
  const records = options.ledger ? await options.ledger.history() : [];
  return planDeploy(await options.target.readState(), {
    image: options.image,
    digest,
    promotion: options.promotion ?? "auto",
    preStageGates: (options.preStageGates ?? []).map((g) => g.name),
    previewGates: (options.previewGates ?? []).map((g) => g.name),
    watchSeconds: options.watchSeconds,
    records
  });
}

export {
  status,
  planFor
};
//# sourceMappingURL=chunk-2MBZFBS5.mjs.map
