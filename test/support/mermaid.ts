// Mermaid's own parser (the `mermaid` devDependency, node_modules/mermaid/dist/mermaid.min.js) run
// in Debian's headless chromium, since mermaid.parse needs a DOM: a page loads the bundle from disk
// (no network), parses each block and writes the verdicts into the DOM, which --dump-dom prints.

import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/exec";
import { repoRoot } from "./runner";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const MERMAID = join(repoRoot, "node_modules/mermaid/dist/mermaid.min.js");

/** The ```mermaid blocks of a Markdown document, without their fences. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1] as string);
}

/** Mermaid's verdict on each block, in order: `ok`, or the parser's error. */
export async function parseMermaid(blocks: readonly string[]): Promise<{ ok: boolean; error?: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-mermaid-"));
  const page = join(dir, "parse.html");
  // the blocks go in as JSON inside a script element: `<` escaped so no block can end the element
  const data = JSON.stringify(blocks).replace(/</g, "\\u003c");
  writeFileSync(
    page,
    `<!doctype html><html><body><pre id="verdicts">pending</pre>
<script src="file://${MERMAID}"></script>
<script>
(async () => {
  const out = [];
  try {
    mermaid.initialize({ startOnLoad: false });
    for (const block of ${data}) {
      try { await mermaid.parse(block); out.push({ ok: true }); }
      catch (e) { out.push({ ok: false, error: String((e && e.message) || e) }); }
    }
  } catch (e) { out.push({ ok: false, error: "mermaid did not load: " + e }); }
  document.getElementById("verdicts").textContent = JSON.stringify(out);
})();
</script></body></html>`,
  );
  const result = await exec(
    CHROMIUM as string,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--allow-file-access-from-files",
      // lets the page's promises settle before the DOM is dumped (virtual time, not a wait)
      "--virtual-time-budget=30000",
      "--dump-dom",
      `file://${page}`,
    ],
    { timeoutMs: 120_000 },
  );
  const verdicts = /<pre id="verdicts">([\s\S]*?)<\/pre>/.exec(result.stdout)?.[1];
  if (!verdicts || verdicts === "pending") throw new Error(`chromium printed no verdicts: ${result.stderr}`);
  return JSON.parse(verdicts.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
}
