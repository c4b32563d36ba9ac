import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  writeReport
} from "./chunk-B3H7Y5BV.mjs";
import {
  historyHtml,
  historyJson,
  historyMarkdown,
  historyText,
  historyTitle
} from "./chunk-YEKGL6AM.mjs";
import {
  labelledChangelog
} from "./chunk-W2K735KW.mjs";
import {
  resolveTime
} from "./chunk-S2QR2NPX.mjs";
import "./chunk-FAICATJQ.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/history.ts
async function runHistory(s) {
  const { config, ctx } = s;
  const i = config.insight;
  const store = s.ledger();
  const { records, truncated } = await store.walk();
  const now = ctx.now();
  const filter = {
    ...i.since ? { since: resolveTime(i.since, now) } : {},
    ...i.until ? { until: resolveTime(i.until, now) } : {},
    outcomes: i.outcomes
  };
  const view = {
    app: config.deploy.app,
    environment: config.deploy.environment,
    ledger: store.location,
    entries: await labelledChangelog(s, records, filter),
    recordsRead: records.length,
    truncated,
    filter: [
      i.since ? `since ${i.since}` : "",
      i.until ? `until ${i.until}` : "",
      i.outcomes.length ? `outcome ${i.outcomes.join(",")}` : ""
    ].filter(Boolean).join(", ")
  };
  if (i.reportFile) await writeReport(ctx, i.reportFile, historyHtml(view));
  const document = i.format === "json" ? historyJson(view) : i.format === "markdown" ? historyMarkdown(view) : historyText(view);
  const newest = view.entries[0];
  return {
    outputs: { history: document },
    document,
    report: {
      title: historyTitle(view),
      facts: [
        ["ledger", view.ledger],
        [
          "records read",
          `${view.recordsRead}${truncated ? " (walk limit reached: older records not read)" : ""}`
        ],
        ["newest", newest ? `${newest.time} ${newest.release} ${newest.outcome}` : "-"],
        ...i.reportFile ? [["HTML report", i.reportFile]] : []
      ],
      markdown: historyMarkdown(view, { heading: false })
    }
  };
}
export {
  runHistory
};
//# sourceMappingURL=chunk-CN25QCLM.mjs.map
