import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  attestDigest,
  signAndAttach
} from "./chunk-R2A6XMDS.mjs";
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  attestDigest,
  signAndAttach
};
//# sourceMappingURL=chunk-EHRCOHRT.mjs.map
