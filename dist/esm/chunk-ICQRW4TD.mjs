import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  cell,
  historyHtml,
  historyJson,
  historyMarkdown,
  historyNotes,
  historyText,
  historyTitle,
  outcomeMix,
  promotionsPerDay,
  recentRecordsMarkdown
} from "./chunk-YEKGL6AM.mjs";
import "./chunk-S2QR2NPX.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";
export {
  cell,
  historyHtml,
  historyJson,
  historyMarkdown,
  historyNotes,
  historyText,
  historyTitle,
  outcomeMix,
  promotionsPerDay,
  recentRecordsMarkdown
};
//# sourceMappingURL=chunk-ICQRW4TD.mjs.map
