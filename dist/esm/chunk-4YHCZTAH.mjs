import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  deployPinned
} from "./chunk-MWZHO4VD.mjs";
import {
  mirrored
} from "./chunk-U4JEVG2H.mjs";
import "./chunk-KJMW63FX.mjs";
import {
  switchEngine
} from "./chunk-Q6CHKWDP.mjs";
import "./chunk-JX6LAKTW.mjs";
import {
  promote,
  reject
} from "./chunk-QMUCPTAA.mjs";
import {
  status
} from "./chunk-2MBZFBS5.mjs";
import {
  stagedColor
} from "./chunk-AQ7GFJKS.mjs";
import "./chunk-AKL5DVST.mjs";
import "./chunk-DQEYF2JE.mjs";
import "./chunk-3OL7I2IW.mjs";
import "./chunk-DA64P7H5.mjs";
import "./chunk-AXO4PEG5.mjs";
import "./chunk-SXMMHSRB.mjs";
import "./chunk-BB2OMXZJ.mjs";
import "./chunk-S2QR2NPX.mjs";
import "./chunk-27S7CDBD.mjs";
import "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-W6HQBBLQ.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-R2A6XMDS.mjs";
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/deploy.ts
async function runDeploy(s) {
  return deployPinned(s, s.digest());
}
async function runPromote(s) {
  const facts = { digest: "", release: "", description: "promote" };
  const { engine, state, early } = await switchEngine(s, facts);
  const staged = state.colors[stagedColor(state)];
  facts.digest = staged?.digest ?? "";
  facts.release = staged?.release ?? "";
  if (staged?.digest) early(staged.digest);
  return mirrored(s, facts, () => promote({ ...engine, state }));
}
async function runReject(s) {
  const engine = await s.engine();
  const staged = await status(engine);
  const preview = staged.state.preview !== staged.state.live ? staged.state.preview : void 0;
  const release = preview ? staged.state.colors[preview]?.release ?? "" : "";
  const reason = s.config.deploy.reason ?? "rejected";
  return mirrored(
    s,
    { digest: staged.previewDigest ?? "", release, description: `reject: ${reason}` },
    () => reject({ ...engine, reason })
  );
}
export {
  runDeploy,
  runPromote,
  runReject
};
//# sourceMappingURL=chunk-4YHCZTAH.mjs.map
