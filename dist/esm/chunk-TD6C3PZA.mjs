import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/deploy/target.ts
var COLORS = ["blue", "green"];
function otherColor(color) {
  return color === "blue" ? "green" : "blue";
}

export {
  COLORS,
  otherColor
};
//# sourceMappingURL=chunk-TD6C3PZA.mjs.map
