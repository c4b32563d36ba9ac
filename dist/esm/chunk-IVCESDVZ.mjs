import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/github/mirror.ts
var NoMirror = class {
  async start() {
  }
  async finish() {
  }
  async listSuccessful() {
    return [];
  }
};

export {
  NoMirror
};
//# sourceMappingURL=chunk-IVCESDVZ.mjs.map
