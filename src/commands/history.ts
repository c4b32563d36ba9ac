import type { CommandResult } from "../command-result";
import {
  type HistoryView,
  historyHtml,
  historyJson,
  historyMarkdown,
  historyText,
  historyTitle,
} from "../insight/history-render";
import { writeReport } from "../insight/report-file";
import { resolveTime } from "../ledger/time-range";
import { labelledChangelog } from "./labelled-changelog";
import type { RunServices } from "./services";

/** `history`: the change log of an environment from its ledger, newest first; reads only. */
export async function runHistory(s: RunServices): Promise<CommandResult> {
  const { config, ctx } = s;
  const i = config.insight;
  const store = s.ledger();
  const { records, truncated } = await store.walk();
  const now = ctx.now();
  const filter = {
    ...(i.since ? { since: resolveTime(i.since, now) } : {}),
    ...(i.until ? { until: resolveTime(i.until, now) } : {}),
    outcomes: i.outcomes,
  };
  const view: HistoryView = {
    app: config.deploy.app,
    environment: config.deploy.environment,
    ledger: store.location,
    entries: await labelledChangelog(s, records, filter),
    recordsRead: records.length,
    truncated,
    filter: [
      i.since ? `since ${i.since}` : "",
      i.until ? `until ${i.until}` : "",
      i.outcomes.length ? `outcome ${i.outcomes.join(",")}` : "",
    ]
      .filter(Boolean)
      .join(", "),
  };
  if (i.reportFile) await writeReport(ctx, i.reportFile, historyHtml(view));
  const document =
    i.format === "json"
      ? historyJson(view)
      : i.format === "markdown"
        ? historyMarkdown(view)
        : historyText(view);
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
          `${view.recordsRead}${truncated ? " (walk limit reached: older records not read)" : ""}`,
        ],
        ["newest", newest ? `${newest.time} ${newest.release} ${newest.outcome}` : "-"],
        ...(i.reportFile ? [["HTML report", i.reportFile] as [string, string]] : []),
      ],
      markdown: historyMarkdown(view, { heading: false }),
    },
  };
}
