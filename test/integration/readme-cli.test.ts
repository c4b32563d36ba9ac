// The README's CLI section, run as written: its greenlight.yml (```yml) and its ```sh block, line by
// line through bash, in a git checkout laid out as the text before it says (a Dockerfile, JUnit
// results in reports/, an `npm run smoke` script that checks $PREVIEW_URL), with `greenlight` on
// PATH (the bundled CLI) and GREENLIGHT_USERNAME/GREENLIGHT_PASSWORD set. What is substituted, and why:
// - registry.example.com/acme/shop -> a fresh repository on the stack's registry;
// - `sha256:…` -> the digest the first release printed (the text says it is that output);
// - in greenlight.yml: free ports for 8080/8081 (they may be taken on a shared machine), and a
//   `router-image:` line for the stack's router (haproxy:3.2 cannot be pulled here);
// - the environment `production` -> a name of this test's own: other tests deploy `production`
//   environments of other apps on the same engine, where `--environment production` alone would
//   (rightly) be refused as naming several apps; greenlight.yml gets `environment:` to select it.
// Nothing else: no flag is added. Each line must exit 0, so the section stays true.
import { chmod, copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseEnv,
  buildBundle,
  freePort,
  nodeBin,
  parseCliOutputs,
  removeEnvironment,
  run,
} from "../support/runner";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("readme");
const image = `${stack.registry}/${repo}`;
const app = repo.split("/").pop() as string;
let work = "";
let bin = "";
let livePort = 0;
let previewPort = 0;

const environment = `prod-${app.slice(-4)}`;

/** The README's ```yml block after "## The CLI": the greenlight.yml its commands run with. */
function readmeSettingsFile(readme: string): string {
  const section = readme.slice(readme.indexOf("## The CLI\n"));
  return /^```yml\n([\s\S]*?)^```/m.exec(section)?.[1] ?? "";
}

/** The README's ```sh block after "## The CLI", as commands (continuation lines joined). */
function readmeCliCommands(readme: string): string[] {
  const section = readme.slice(readme.indexOf("## The CLI\n"));
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section)?.[1] ?? "";
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((l) => l.trim() && !l.trim().startsWith("#"));
}

const env = () =>
  baseEnv({
    PATH: `${bin}:${baseEnv({}).PATH}`,
    GREENLIGHT_USERNAME: stack.username,
    GREENLIGHT_PASSWORD: stack.password,
    USER: "readme-test",
    ...(stack.buildxBuilder ? { BUILDX_BUILDER: stack.buildxBuilder } : {}),
    ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}),
  });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-readme-"));
  bin = await mkdtemp(join(tmpdir(), "gl-readme-bin-"));
  const bundle = await buildBundle();
  await writeFile(join(bin, "greenlight"), `#!/bin/sh\nexec ${nodeBin} ${join(bundle, "cli.cjs")} "$@"\n`);
  await chmod(join(bin, "greenlight"), 0o755);
  for (const file of ["Dockerfile", "server"]) await copyFile(join(stack.appContext, file), join(work, file));
  await chmod(join(work, "server"), 0o755);
  await mkdir(join(work, "reports"));
  await writeFile(
    join(work, "reports", "unit.xml"),
    '<testsuites><testsuite name="unit" tests="2"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>\n',
  );
  await writeFile(
    join(work, "package.json"),
    `${JSON.stringify({ name: "shop", private: true, scripts: { smoke: 'curl -fsS "$PREVIEW_URL/healthz"' } }, null, 2)}\n`,
  );
  // "a git checkout": the branch and sha- tags come from its commit
  const git = (args: string[]) =>
    run(["git", "-c", "user.name=readme", "-c", "user.email=readme@example.com", "-C", work, ...args], env());
  expect((await git(["init", "-q", "-b", "main"])).exitCode).toBe(0);
  await writeFile(join(work, ".gitignore"), "release.key\n");
  expect((await git(["add", "-A"])).exitCode).toBe(0);
  expect((await git(["commit", "-qm", "shop"])).exitCode).toBe(0);
  livePort = await freePort();
  previewPort = await freePort();
}, 300_000);

afterAll(async () => {
  await removeEnvironment(app, environment);
});

describe("README: the CLI section, as written", () => {
  it("every line of its sh block exits 0 against the stack", async () => {
    const readme = await readFile("README.md", "utf8");
    const settings = readmeSettingsFile(readme);
    expect(settings).toMatch(/^image: registry\.example\.com\/acme\/shop$/m);
    expect(settings).toMatch(/^ {4}live-port: 8080$/m);
    await writeFile(
      join(work, "greenlight.yml"),
      `${settings
        .replaceAll("registry.example.com/acme/shop", image)
        .replace(/^( {2})production:$/m, `$1${environment}:`)
        .replace(/^( {4}live-port:) 8080$/m, `$1 ${livePort}`)
        .replace(
          /^( {4}preview-port:) 8081$/m,
          `$1 ${previewPort}`,
        )}router-image: ${stack.routerImage}\nenvironment: ${environment}\n`,
    );
    const commands = readmeCliCommands(readme);
    expect(commands.map((c) => c.replace(/^cd \S+ && /, "").split(" ")[1])).toEqual(
      expect.arrayContaining(["keygen", "release", "status", "deploy", "rollback"]),
    );
    let firstDigest = "";
    for (const command of commands) {
      let line = command
        .replaceAll("registry.example.com/acme/shop", image)
        .replaceAll("--environment production", `--environment ${environment}`);
      if (line.includes("sha256:…")) line = line.replace("sha256:…", firstDigest);
      const f = await run(["bash", "-c", `cd ${work} && ${line}`], env());
      expect(f.exitCode, `${line}\n${f.stderr}`).toBe(0);
      const outputs = parseCliOutputs(f.stdout);
      if (line.startsWith("greenlight release") && !firstDigest) firstDigest = outputs.digest ?? "";
      if (line.startsWith("greenlight rollback")) expect(outputs["live-digest"]).toBe(firstDigest);
      if (line.includes("greenlight status --environment")) expect(outputs["live-digest"]).toBe(firstDigest);
    }
    expect(firstDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 600_000);
});
