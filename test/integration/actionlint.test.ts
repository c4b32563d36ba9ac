// The current actionlint (pinned in scripts/stack.sh, built from its Go module; it runs shellcheck
// on every `run:` script when shellcheck is on PATH) over every workflow of this repository, every
// ```yaml block of the README and the callers act runs (test/fixtures/act). Each file is linted
// twice: as written, and with `greenlight/greenlight/.github/workflows/X@v1` pointed at this
// checkout's `./.github/workflows/X`, so actionlint also checks a call against the called workflow
// (required inputs, undeclared inputs and secrets, input types): what act does not check at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, repoRoot, run } from "../support/runner";
import { loadStack } from "../support/stack";

const stack = loadStack();
const WORKFLOWS = ".github/workflows";

interface Source {
  name: string;
  text: string;
}

const filesIn = (dir: string): Source[] =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(repoRoot, dir, f), "utf8") }));

const readmeBlocks: Source[] = [
  ...readFileSync(join(repoRoot, "README.md"), "utf8").matchAll(/^```yaml\n([\s\S]*?)^```/gm),
].map((m, i) => ({ name: `README.md yaml block ${i + 1}`, text: m[1] ?? "" }));

const sources: Source[] = [
  ...filesIn(WORKFLOWS),
  ...readmeBlocks,
  ...(existsSync(join(repoRoot, "test/fixtures/act/shop", WORKFLOWS))
    ? filesIn(`test/fixtures/act/shop/${WORKFLOWS}`)
    : []),
];

/** `uses: greenlight/greenlight/.github/workflows/X@ref` -> `uses: ./.github/workflows/X`. */
const callLocally = (text: string): string =>
  text.replace(/greenlight\/greenlight\/(\.github\/workflows\/[\w.-]+)@[\w.-]+/g, "./$1");

interface Finding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

let project = "";
/** source name -> findings, both passes */
const findings = new Map<string, string[]>();

/**
 * A temporary project (a `.git` marks its root for actionlint) holding this checkout's reusable
 * workflows and `files` (file name -> text); returns actionlint's findings per file name.
 */
async function lint(files: Record<string, string>): Promise<Map<string, string[]>> {
  const root = await mkdtemp(join(project, "p-"));
  await mkdir(join(root, ".git"), { recursive: true });
  await mkdir(join(root, WORKFLOWS), { recursive: true });
  for (const f of ["deploy.yml", "rollback.yml"]) {
    await writeFile(join(root, WORKFLOWS, f), readFileSync(join(repoRoot, WORKFLOWS, f), "utf8"));
  }
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(root, WORKFLOWS, name), text);
    paths.push(join(root, WORKFLOWS, name));
  }
  const r = await run([stack.actionlint as string, "-format", "{{json .}}", ...paths], baseEnv({}));
  // 0: no findings, 1: findings; anything else is actionlint failing
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`actionlint exited ${r.exitCode}: ${r.stderr}`);
  const out = new Map<string, string[]>();
  for (const f of JSON.parse(r.stdout || "[]") as Finding[]) {
    const name = f.filepath.split("/").pop() as string;
    out.set(name, [...(out.get(name) ?? []), `${f.line}:${f.column}: ${f.message} [${f.kind}]`]);
  }
  return out;
}

const fileName = (i: number, pass: "as-written" | "called-locally") => `source-${i}-${pass}.yml`;

beforeAll(async () => {
  if (!stack.actionlint)
    throw new Error("stack.env has no GREENLIGHT_ACTIONLINT: run `bash scripts/stack.sh up`");
  project = await mkdtemp(join(tmpdir(), "gl-actionlint-"));
  const files: Record<string, string> = {};
  sources.forEach((s, i) => {
    files[fileName(i, "as-written")] = s.text;
    files[fileName(i, "called-locally")] = callLocally(s.text);
  });
  const result = await lint(files);
  sources.forEach((s, i) => {
    findings.set(s.name, [
      ...(result.get(fileName(i, "as-written")) ?? []),
      ...(result.get(fileName(i, "called-locally")) ?? []).map((f) => `(called locally) ${f}`),
    ]);
  });
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe(`actionlint ${stack.actionlint?.match(/actionlint-(v[\d.]+)/)?.[1] ?? ""}`, () => {
  it("finds the workflows, the README's examples and the act callers", () => {
    const names = sources.map((s) => s.name);
    for (const f of ["ci.yml", "deploy.yml", "rollback.yml"]) expect(names).toContain(`${WORKFLOWS}/${f}`);
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(3);
    expect(names).toContain(`test/fixtures/act/shop/${WORKFLOWS}/ship.yml`);
    // the README's callers and the act callers are checked against the called workflow
    expect(sources.filter((s) => callLocally(s.text) !== s.text).length).toBeGreaterThanOrEqual(4);
  });

  it.each(sources.map((s) => [s.name]))("has no findings in %s", (name) => {
    expect(findings.get(name)).toEqual([]);
  });

  it("would report a call that leaves out a required input or passes an undeclared one", async () => {
    const caller = [
      "on: push",
      "jobs:",
      "  ship:",
      "    uses: greenlight/greenlight/.github/workflows/deploy.yml@v1",
      "    with: { environment: production, no-such-input: x }",
      "    secrets: { no-such-secret: x }",
    ].join("\n");
    const found = (await lint({ "broken.yml": callLocally(caller) })).get("broken.yml") ?? [];
    expect(found.join("\n")).toMatch(/input "image" is required/);
    expect(found.join("\n")).toMatch(/input "no-such-input" is not defined/);
    expect(found.join("\n")).toMatch(/secret "no-such-secret" is not defined/);
  });

  it("would report a permission scope that does not exist, and knows the newer ones", async () => {
    const workflow = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    permissions: { attestations: write, no-such-scope: read }",
      "    steps:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression
      "      - run: echo ${{ vars.X }}",
    ].join("\n");
    const found = (await lint({ "scopes.yml": workflow })).get("scopes.yml") ?? [];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/unknown permission scope "no-such-scope"/);
  });
});
