import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  DockerTarget
} from "./chunk-D4XIWUSY.mjs";
import "./chunk-CQDBIBI5.mjs";
import "./chunk-3OL7I2IW.mjs";
import "./chunk-NTEOXTIV.mjs";
import "./chunk-WXS3AS6K.mjs";
import "./chunk-K3QWD572.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-KOLH6SB4.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  DockerTarget
};
//# sourceMappingURL=chunk-Q5YKXQIP.mjs.map
