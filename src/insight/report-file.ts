import { writeFile } from "node:fs/promises";
import type { RunContext } from "../context";

/** Writes an HTML report and says where (the terminal shows a text document without the report's facts). */
export async function writeReport(ctx: RunContext, path: string, html: string): Promise<void> {
  await writeFile(path, html);
  ctx.log.info(`HTML report written to ${path} (${Buffer.byteLength(html)} bytes)`);
}
