import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  buildAndAttest
} from "./chunk-V5JQCEQI.mjs";
import "./chunk-C2XBBE6F.mjs";
import "./chunk-4H3VVQUC.mjs";
import "./chunk-YKFOBVSN.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/build.ts
async function runBuild(s) {
  const { outputs, report } = await buildAndAttest(s);
  return { outputs, report };
}
export {
  runBuild
};
//# sourceMappingURL=chunk-FXG2KUAW.mjs.map
