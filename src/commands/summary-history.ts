import type { CommandResult } from "../command-result";
import { describeError } from "../errors";
import type { RunServices } from "./services";

/**
 * `summary-history: N` on release/deploy: the environment's newest N ledger records (charts and
 * table, as `history` shows them) appended to the command's own job summary. Read after the command
 * ran, so its own record is the newest; a ledger that cannot be read is a note, never a failed deploy.
 */
export async function withSummaryHistory(s: RunServices, result: CommandResult): Promise<CommandResult> {
  const { config } = s;
  const count = config.insight.summaryHistory;
  if (!count) return result;
  const report = { ...result.report };
  try {
    // loaded only when asked for, so a deploy without it does not pay for the renderers at start-up
    const [{ recentRecordsMarkdown }, { labelledChangelog }] = await Promise.all([
      import("../insight/history-render"),
      import("./labelled-changelog"),
    ]);
    const store = s.ledger(count);
    const { records, truncated } = await store.walk();
    const markdown = recentRecordsMarkdown({
      app: config.deploy.app,
      environment: config.deploy.environment,
      ledger: store.location,
      entries: await labelledChangelog(s, records),
      recordsRead: records.length,
      truncated,
      filter: "",
    });
    report.markdown = [report.markdown?.trimEnd(), markdown].filter(Boolean).join("\n\n");
  } catch (error) {
    report.notes = [
      ...(report.notes ?? []),
      `summary-history: the ledger could not be read: ${describeError(error)}`,
    ];
  }
  return { ...result, report };
}
