import type { Config } from "../config";
import type { RunContext } from "../context";
import {
  type HistoryView,
  historyHtml,
  historyJson,
  historyMarkdown,
  historyText,
  historyTitle,
} from "../insight/history-render";
import { writeReport } from "../insight/report-file";
import { type ChangeEntry, type ChangelogFilter, changelog } from "../ledger/changelog";
import { readImageLabels } from "../ledger/image-labels";
import type { ReleaseRecord } from "../ledger/record";
import { resolveTime } from "../ledger/time-range";
import type { CommandResult } from "../run";
import { ledger } from "./engine";
import { registryClient } from "./registry";

/** `history`: the change log of an environment from its ledger, newest first; reads only. */
export async function history(config: Config, ctx: RunContext): Promise<CommandResult> {
  const i = config.insight;
  const store = ledger(config, ctx);
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
    entries: await labelledChangelog(config, ctx, records, filter),
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

/** The change log of the records that pass the filter, with the OCI labels of their images read from the registry. */
export async function labelledChangelog(
  config: Config,
  ctx: RunContext,
  records: readonly ReleaseRecord[],
  filter: ChangelogFilter = {},
): Promise<ChangeEntry[]> {
  const shown = changelog(records, new Map(), filter);
  // Labels of the digests shown and of the digests they are compared with.
  const wanted = new Set(shown.flatMap((e) => [e.digest, e.previousDigest ?? ""]));
  const images = records.filter((r) => wanted.has(r.digest));
  const labels = await readImageLabels((registry) => registryClient(config, ctx, registry), images);
  return changelog(records, labels, filter);
}
