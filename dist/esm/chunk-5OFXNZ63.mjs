import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/deploy/labels.ts
var LABEL = "dev.greenlight";
var APP_LABEL = `${LABEL}.app`;
var ENV_LABEL = `${LABEL}.env`;

export {
  LABEL,
  APP_LABEL,
  ENV_LABEL
};
//# sourceMappingURL=chunk-5OFXNZ63.mjs.map
