#!/usr/bin/env node
// The demo's smoke test: run by `greenlight deploy --smoke-command` against the preview color
// (PREVIEW_URL, DIGEST, COLOR come from greenlight). Writes JUnit to the path given as argv[2].
import { writeFileSync } from "node:fs";

const base = process.env.PREVIEW_URL;
const cases = [
  ["home page answers 200", async () => expectStatus(await fetch(`${base}/`), 200)],
  [
    "home page names the app",
    async () => expectText(await (await fetch(`${base}/`)).text(), "greenlight sample app"),
  ],
  ["health answers ok", async () => expectText(await (await fetch(`${base}/healthz`)).text(), "ok")],
];

function expectStatus(res, status) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}`);
}
function expectText(text, needle) {
  if (!text.includes(needle)) throw new Error(`expected '${needle}' in '${text.trim().slice(0, 80)}'`);
}

const results = [];
for (const [name, run] of cases) {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ms: Date.now() - started });
  } catch (error) {
    results.push({ name, ms: Date.now() - started, failure: error.message });
  }
}
const failures = results.filter((r) => r.failure);
const xml = [
  `<testsuite name="smoke" tests="${results.length}" failures="${failures.length}" errors="0">`,
  ...results.map(
    (r) =>
      `  <testcase classname="smoke" name="${r.name}" time="${r.ms / 1000}">${r.failure ? `<failure message="${r.failure.replace(/["<>&]/g, "")}"/>` : ""}</testcase>`,
  ),
  "</testsuite>",
].join("\n");
if (process.argv[2]) writeFileSync(process.argv[2], `${xml}\n`);
for (const r of results)
  console.log(`${r.failure ? "FAIL" : "ok  "} ${r.name}${r.failure ? `: ${r.failure}` : ""}`);
process.exit(failures.length ? 1 : 0);
