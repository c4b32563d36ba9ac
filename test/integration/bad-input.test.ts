// Malformed and hostile inputs (test/support/bad-inputs.ts) through both bundled front ends — the CLI
// (`node cli.cjs <command> --input=value`) and the action (`node index.cjs` with INPUT_* variables) —
// against an environment with v1 live on the real stack. Each must fail naming the input and what is
// valid, and the registry (tags, referrers, ledger head) and the target (containers, router map, lock)
// must be what they were: a snapshot after every row is compared with the one before it. The JUnit
// rows are refused by the pre-stage gate under the lock: the ledger gains one `refused` record, nothing else.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RegistryLedger } from "../../src/ledger/registry-store";
import { BAD_INPUTS, type BadInput, JUNIT_FILES, SETTINGS_FILES } from "../support/bad-inputs";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  nodeBin,
  removeEnvironment,
  repoRoot,
  run,
} from "../support/runner";
import { changed, snapshot } from "../support/snapshot";
import { loadStack, loggedInDockerConfig, stackClient, uniqueRepo } from "../support/stack";
import { pushApp } from "./deploy.support";

const stack = loadStack();
const repo = uniqueRepo("bad-input");
const image = `${stack.registry}/${repo}`;
const app = `glbad-${repo.split("-").slice(-2).join("")}`;
const environment = "hostile";
const PWNED = "/tmp/greenlight-pwned";
const watched = { stack, repo, app, environment };
let bundle = "";
let work = "";
let junit = "";
let settings = "";
let privateKey = "";
let publicKey = "";
let livePort = 0;
let previewPort = 0;
let v1 = "";
let v2 = "";

const ledger = () => new RegistryLedger({ client: stackClient(stack), repository: repo, environment });

function fill(value: string): string {
  return value
    .replaceAll("{registry}", stack.registry)
    .replaceAll("{repo}", repo)
    .replaceAll("{livePort}", String(livePort))
    .replaceAll("{privateKey}", privateKey)
    .replaceAll("{junit}", junit)
    .replaceAll("{settings}", settings)
    .replaceAll("{v2}", v2);
}

/** Valid inputs for `command` on this environment; a row changes one or two of them. */
function baseInputs(command: string, front: BadInput["front"]): Record<string, string> {
  const pinned = ["deploy", "verify", "attest"].includes(command);
  return {
    image: pinned ? `${image}@${v1}` : image,
    username: stack.username,
    app,
    environment,
    "router-image": stack.routerImage,
    "live-port": String(livePort),
    "preview-port": String(previewPort),
    checks: "/healthz 200",
    "lock-timeout": "5",
    "watch-seconds": "1",
    context: "examples/app",
    ...(front === "cli"
      ? { "public-key-file": join(work, "k.pub"), "signing-key-file": join(work, "k.key") }
      : { "public-key": publicKey, "signing-key": privateKey, password: stack.password }),
  };
}

function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([n, s]) => [n, s.default?.includes("${{") ? "" : (s.default ?? "")]),
  );
}

/** Runs one row through its front end; returns everything it printed, workflow-command escapes decoded. */
async function attempt(row: BadInput): Promise<{ finished: Finished; text: string }> {
  const inputs = { ...baseInputs(row.command, row.front), ...row.inputs };
  const filled = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, fill(v)]));
  if (row.front === "cli") {
    const flags = Object.entries(filled)
      .filter(([, v]) => v !== "")
      .map(([k, v]) => `--${k}=${v}`);
    const argv = row.argv ? [...flags.filter((f) => !f.startsWith("--image=")), ...row.argv] : flags;
    const finished = await run(
      [nodeBin, join(bundle, "cli.cjs"), row.command, ...argv],
      baseEnv({ GREENLIGHT_PASSWORD: stack.password, USER: "bad-input-test" }),
    );
    return { finished, text: finished.stderr };
  }
  const dir = await mkdtemp(join(work, "step-"));
  const env = baseEnv({
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "octo-org/shop",
    GITHUB_SHA: "3f786850e387550fdab836ed7e6dc881de23001b",
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
    RUNNER_TEMP: dir,
    ...Object.fromEntries(
      Object.entries({ ...actionDefaults(), ...filled, command: fill(row.command) }).map(([k, v]) => [
        `INPUT_${k.toUpperCase()}`,
        v,
      ]),
    ),
  });
  await writeFile(join(dir, "output"), "");
  await writeFile(join(dir, "summary"), "");
  const finished = await run([nodeBin, join(bundle, "index.cjs")], env);
  const errors = finished.stdout
    .split("\n")
    .filter((l) => l.startsWith("::error::"))
    .map((l) =>
      l.slice("::error::".length).replaceAll("%0A", "\n").replaceAll("%0D", "\r").replaceAll("%25", "%"),
    );
  return { finished, text: `${errors.join("\n")}\n${await readFile(join(dir, "summary"), "utf8")}` };
}

/** The snapshot without the ledger's own tag and head (for rows that may add one refused record). */
function withoutLedger(s: Record<string, unknown>): Record<string, unknown> {
  const tags = { ...(s["registry tags"] as Record<string, string>) };
  const head = tags[`greenlight.ledger.${environment}`];
  delete tags[`greenlight.ledger.${environment}`];
  const referrers = { ...(s["registry referrers"] as Record<string, string[]>) };
  if (head) delete referrers[head];
  return { ...s, "registry tags": tags, "registry referrers": referrers, "ledger head": "-" };
}

const results: { name: string; front: string; exit: number | null; changed: string }[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-bad-input-"));
  junit = join(work, "junit");
  await mkdir(junit);
  for (const [name, text] of Object.entries(JUNIT_FILES)) await writeFile(join(junit, name), text);
  settings = join(work, "settings");
  await mkdir(settings);
  for (const [name, text] of Object.entries(SETTINGS_FILES)) await writeFile(join(settings, name), text);
  bundle = await buildBundle();
  const cli = (argv: string[]) =>
    run([nodeBin, join(bundle, "cli.cjs"), ...argv], baseEnv({ GREENLIGHT_PASSWORD: stack.password }));
  expect((await cli(["keygen", "--signing-key-file", join(work, "k.key")])).exitCode).toBe(0);
  privateKey = await readFile(join(work, "k.key"), "utf8");
  publicKey = await readFile(join(work, "k.pub"), "utf8");
  livePort = await freePort();
  previewPort = await freePort();
  v1 = (await pushApp(await loggedInDockerConfig(stack), repo, "v1")).split("@")[1] as string;
  v2 = (await pushApp(await loggedInDockerConfig(stack), repo, "v2")).split("@")[1] as string;
  const common = Object.entries(baseInputs("deploy", "cli")).map(([k, v]) => `--${k}=${v}`);
  for (const digest of [v1, v2]) {
    const attested = await cli(["attest", ...common, `--image=${image}@${digest}`]);
    expect(attested.exitCode, attested.stderr).toBe(0);
  }
  const deployed = await cli(["deploy", ...common]);
  expect(deployed.exitCode, deployed.stderr).toBe(0);
  expect(existsSync(PWNED), `${PWNED} exists before the test`).toBe(false);
}, 600_000);

afterAll(async () => {
  await removeEnvironment(app, environment);
  const refused = results.filter((r) => r.exit !== 0).length;
  const figures = {
    tried: results.length,
    refused,
    changedTarget: results.filter((r) => r.changed !== "nothing").length,
  };
  await mkdir(join(repoRoot, ".greenlight"), { recursive: true });
  await writeFile(
    join(repoRoot, ".greenlight/bad-input.json"),
    `${JSON.stringify({ figures, results }, null, 2)}\n`,
  );
  console.log(
    [
      `bad inputs: ${figures.tried} tried, ${figures.refused} refused, ${figures.changedTarget} changed anything`,
      "| input | front end | exit | what changed |",
      "|---|---|---|---|",
      ...results.map((r) => `| ${r.name} | ${r.front} | ${r.exit} | ${r.changed} |`),
    ].join("\n"),
  );
});

describe("hostile input is refused, naming the input and what is valid; nothing changes", () => {
  let before: Record<string, unknown> = {};
  beforeAll(async () => {
    before = await snapshot(watched);
  }, 120_000);

  it("has at least 50 rows across both front ends", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(BAD_INPUTS.map((r) => r.front))).toEqual(new Set(["cli", "action"]));
    expect(new Set(BAD_INPUTS.map((r) => r.name)).size).toBe(BAD_INPUTS.length);
  });

  it.each(BAD_INPUTS.map((r) => [r.name, r] as const))(
    "%s",
    async (_name, row) => {
      const recordsBefore = row.refusedRecord ? (await ledger().history()).length : 0;
      const { finished, text } = await attempt(row);
      const after = await snapshot(watched);
      const diff = row.refusedRecord
        ? changed(withoutLedger(before), withoutLedger(after))
        : changed(before, after);
      results.push({
        name: row.name,
        front: row.front,
        exit: finished.exitCode,
        changed: diff.join(", ") || "nothing",
      });
      before = after; // a failing row does not fail the ones after it
      expect(diff, `${row.name} changed ${diff.join(", ")}\n${text}`).toEqual([]);
      // the CLI: 2 for an input error, 1 for a deploy refused by a gate; the action fails the step (1)
      expect(finished.exitCode, text).toBe(row.front === "cli" && !row.refusedRecord ? 2 : 1);
      // the CLI names an input as its flag (--live-port), the action as input 'live-port'
      expect(text).toMatch(new RegExp(row.error.source.replace(/input '([a-z-]+)'/g, "(?:input '$1'|--$1)")));
      expect(text).toMatch(row.valid);
      expect(existsSync(PWNED)).toBe(false);
      if (row.refusedRecord) {
        const history = await ledger().history();
        expect(history.length).toBe(recordsBefore + 1);
        expect(history.at(-1)?.outcome).toBe("refused");
      }
    },
    120_000,
  );
});
