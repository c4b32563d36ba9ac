import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  MERGE_PATCH,
  apiError,
  kubernetesApis,
  orAbsent,
  statusCode
} from "./chunk-BUELDKBH.mjs";
import "./chunk-JVFMGPSM.mjs";
import "./chunk-TW2U35TL.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  MERGE_PATCH,
  apiError,
  kubernetesApis,
  orAbsent,
  statusCode
};
//# sourceMappingURL=chunk-R6W25BLM.mjs.map
