import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  rollbackTarget
} from "./chunk-DLSMSEAT.mjs";
import {
  mirrored
} from "./chunk-U4JEVG2H.mjs";
import "./chunk-KJMW63FX.mjs";
import {
  switchEngine,
  verifyBeforeDeploy
} from "./chunk-Q6CHKWDP.mjs";
import "./chunk-JX6LAKTW.mjs";
import {
  rollback
} from "./chunk-QMUCPTAA.mjs";
import "./chunk-2MBZFBS5.mjs";
import {
  newReleaseId,
  warmColor
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
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import {
  pinned
} from "./chunk-UEFSGM5H.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/rollback.ts
async function runRollback(s) {
  const { config, ctx } = s;
  const image = s.image();
  const facts = { digest: "", release: "", description: "" };
  const { engine, state, early } = await switchEngine(s, facts);
  const warm = warmColor(state);
  const warmDigest = warm ? state.colors[warm]?.digest : void 0;
  const target = await rollbackTarget(config, image, engine, warmDigest);
  if (target.warm) early(target.digest);
  const pinnedImage = pinned(image, target.digest);
  if (!target.warm) facts.verification = await verifyBeforeDeploy(s, target.digest);
  facts.digest = target.digest;
  facts.release = target.warm ? state.colors[warm]?.release ?? "" : newReleaseId(ctx.now(), target.digest);
  facts.description = `rollback to ${pinnedImage}`;
  return mirrored(
    s,
    facts,
    () => rollback({
      ...engine,
      ...target.warm ? { state } : {
        to: pinnedImage,
        release: facts.release,
        preStageGates: s.preStageGates(),
        ...facts.verification ? { verification: { verified: true, detail: facts.verification } } : {}
      }
    })
  );
}
export {
  runRollback
};
//# sourceMappingURL=chunk-BTN2SEVB.mjs.map
