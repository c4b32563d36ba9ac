import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));

// src/insight/report-file.ts
import { writeFile } from "node:fs/promises";
async function writeReport(ctx, path, html) {
  await writeFile(path, html);
  ctx.log.info(`HTML report written to ${path} (${Buffer.byteLength(html)} bytes)`);
}

export {
  writeReport
};
//# sourceMappingURL=chunk-B3H7Y5BV.mjs.map
