import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  checkProvenance
} from "./chunk-Q6CHKWDP.mjs";
import "./chunk-JX6LAKTW.mjs";
import "./chunk-BB2OMXZJ.mjs";
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import {
  pinned
} from "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/verify.ts
async function runVerify(s) {
  const digest = s.digest();
  const result = await s.ctx.log.group("Verify provenance", () => checkProvenance(s, digest));
  return {
    outputs: { verified: String(result.verified) },
    report: verifyReport(s.image(), digest, result),
    failed: !result.verified
  };
}
function verifyReport(image, digest, result) {
  return {
    title: `${result.verified ? "Verified" : "NOT verified"} ${pinned(image, digest)}`,
    facts: [
      ["verified", String(result.verified)],
      ["attestations found through", result.mode],
      ...result.skipped.length ? [
        ["skipped (malformed)", result.skipped.map((s) => `${s.source}: ${s.reason}`).join("; ")]
      ] : [],
      ...result.checks.map((c) => [c.name, `${c.passed ? "\u2705" : "\u274C"} ${c.detail}`])
    ]
  };
}
export {
  runVerify
};
//# sourceMappingURL=chunk-JPZORCR3.mjs.map
