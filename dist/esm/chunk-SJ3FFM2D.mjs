import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  attest,
  attestDigest,
  buildContext,
  signAndAttach,
  signerFor
} from "./chunk-H4C6TIO4.mjs";
import "./chunk-JUVCEIRY.mjs";
import "./chunk-JKSWZDHS.mjs";
import "./chunk-W4BKVXFS.mjs";
import "./chunk-SXO6MQQC.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-UL7UKKWH.mjs";
import "./chunk-JVFMGPSM.mjs";
import "./chunk-ZYHOEQV2.mjs";
import "./chunk-TW2U35TL.mjs";
import "./chunk-LXHANSJM.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  attest,
  attestDigest,
  buildContext,
  signAndAttach,
  signerFor
};
//# sourceMappingURL=chunk-SJ3FFM2D.mjs.map
