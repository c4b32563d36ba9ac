import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DockerTarget
} from "./chunk-AKL5DVST.mjs";
import "./chunk-DQEYF2JE.mjs";
import "./chunk-3OL7I2IW.mjs";
import "./chunk-27S7CDBD.mjs";
import "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  DockerTarget
};
//# sourceMappingURL=chunk-OKB5JHP7.mjs.map
