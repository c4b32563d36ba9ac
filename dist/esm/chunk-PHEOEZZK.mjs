import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  policyOf,
  requireDigest,
  switchVerifier,
  verify,
  verifyBeforeDeploy
} from "./chunk-W4BKVXFS.mjs";
import "./chunk-SXO6MQQC.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-UL7UKKWH.mjs";
import "./chunk-ZYHOEQV2.mjs";
import "./chunk-TW2U35TL.mjs";
import "./chunk-LXHANSJM.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  policyOf,
  requireDigest,
  switchVerifier,
  verify,
  verifyBeforeDeploy
};
//# sourceMappingURL=chunk-PHEOEZZK.mjs.map
