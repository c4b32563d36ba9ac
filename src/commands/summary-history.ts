import type { Config } from "../config";
import type { RunContext } from "../context";
import { describeError } from "../errors";
import type { CommandResult } from "../run";
import { ledger } from "./engine";

/**
 * `summary-history: N` on release/deploy: the environment's newest N ledger records (charts and
 * table, as `history` shows them) appended to the command's own job summary. Read after the command
 * ran, so its own record is the newest; a ledger that cannot be read is a note, never a failed deploy.
 */
export async function withSummaryHistory(
  config: Config,
  ctx: RunContext,
  result: CommandResult,
): Promise<CommandResult> {
  const count = config.insight.summaryHistory;
  if (!count) return result;
  const report = { ...result.report };
  try {
    // loaded only when asked for, so a deploy without it does not pay for the renderers at start-up
    const [{ recentRecordsMarkdown }, { labelledChangelog }] = await Promise.all([
      import("../insight/history-render"),
      import("./history"),
    ]);
    const store = ledger(config, ctx, count);
    const { records, truncated } = await store.walk();
    const markdown = recentRecordsMarkdown({
      app: config.deploy.app,
      environment: config.deploy.environment,
      ledger: store.location,
      entries: await labelledChangelog(config, ctx, records),
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
