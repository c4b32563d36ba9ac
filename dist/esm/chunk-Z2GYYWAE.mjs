import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  rollback,
  rollbackTarget
} from "./chunk-6OMVMVV3.mjs";
import "./chunk-5RSOG4IS.mjs";
import "./chunk-S2M4KTOC.mjs";
import "./chunk-XLE7A3M2.mjs";
import "./chunk-6ZLAXHQH.mjs";
import "./chunk-JKSWZDHS.mjs";
import "./chunk-W4BKVXFS.mjs";
import "./chunk-SXO6MQQC.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-UL7UKKWH.mjs";
import "./chunk-YCL6GRKU.mjs";
import "./chunk-L2RMZWNA.mjs";
import "./chunk-LEAWIEZQ.mjs";
import "./chunk-EWTRVK6G.mjs";
import "./chunk-JVFMGPSM.mjs";
import "./chunk-ZYHOEQV2.mjs";
import "./chunk-TW2U35TL.mjs";
import "./chunk-LXHANSJM.mjs";
import "./chunk-S2QR2NPX.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  rollback,
  rollbackTarget
};
//# sourceMappingURL=chunk-Z2GYYWAE.mjs.map
