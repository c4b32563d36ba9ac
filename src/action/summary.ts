import * as core from "@actions/core";
import { type Report, renderMarkdown } from "../report";

/** Appends the report to the job summary; skipped outside a runner (no GITHUB_STEP_SUMMARY). */
export async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(renderMarkdown(report)).write();
}
