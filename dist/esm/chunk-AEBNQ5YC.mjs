import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  labelledChangelog
} from "./chunk-W2K735KW.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  labelledChangelog
};
//# sourceMappingURL=chunk-AEBNQ5YC.mjs.map
