import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  RECORDED_SETTINGS,
  rememberedInNamespace,
  settingAnnotation,
  settingAnnotations,
  settingsOfService
} from "./chunk-ZBLURP6P.mjs";
import "./chunk-W6HQBBLQ.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-BUELDKBH.mjs";
import "./chunk-JVFMGPSM.mjs";
import "./chunk-TW2U35TL.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  RECORDED_SETTINGS,
  rememberedInNamespace,
  settingAnnotation,
  settingAnnotations,
  settingsOfService
};
//# sourceMappingURL=chunk-R5UZTP2Y.mjs.map
