import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  deployPinned
} from "./chunk-MWZHO4VD.mjs";
import "./chunk-U4JEVG2H.mjs";
import "./chunk-KJMW63FX.mjs";
import "./chunk-Q6CHKWDP.mjs";
import "./chunk-JX6LAKTW.mjs";
import "./chunk-QMUCPTAA.mjs";
import "./chunk-2MBZFBS5.mjs";
import "./chunk-AQ7GFJKS.mjs";
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
import {
  buildAndAttest
} from "./chunk-V5JQCEQI.mjs";
import "./chunk-C2XBBE6F.mjs";
import "./chunk-4H3VVQUC.mjs";
import "./chunk-YKFOBVSN.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-R2A6XMDS.mjs";
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-RKUPUCJL.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/release.ts
async function runRelease(s) {
  if (!s.config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy"
    });
  }
  const built = await buildAndAttest(s);
  const deployed = await deployPinned(s, built.digest);
  return {
    ...deployed,
    outputs: { ...built.outputs, ...deployed.outputs },
    report: { ...deployed.report, facts: withoutRepeats([...deployed.report.facts, ...built.report.facts]) }
  };
}
function withoutRepeats(facts) {
  return facts.filter(([label], i) => facts.findIndex(([other]) => other === label) === i);
}
export {
  runRelease
};
//# sourceMappingURL=chunk-G4HILMQE.mjs.map
