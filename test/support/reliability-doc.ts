// docs/reliability.md is checked by the tests that produce its figures: each section's table must
// list exactly the cases the test tables try (test/unit/reliability-doc.test.ts for the static
// tables, the integration tests for what they measured), so the document cannot drift from them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./runner";

export const RELIABILITY_DOC = join(repoRoot, "docs/reliability.md");

/** The rows (cells trimmed, header and rule dropped) of the first table under `## <heading>`. */
export function docTable(heading: string, text = readFileSync(RELIABILITY_DOC, "utf8")): string[][] {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/reliability.md has no section '## ${heading}'`);
  const section = text.slice(start + 1).split(/\n## /)[0] ?? "";
  const lines = section.split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  if (first < 0) throw new Error(`section '${heading}' has no table`);
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(splitRow(line));
  }
  return rows;
}

/** Cells of one markdown table row; `\|` is a literal bar inside a cell. */
export function splitRow(line: string): string[] {
  return line
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) =>
      c
        .trim()
        .replaceAll("\\|", "|")
        .replace(/^`(.*)`$/, "$1"),
    );
}

/** One cell as the doc writes it: bars escaped, wrapped in backticks when it holds markdown-ish text. */
export function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}
