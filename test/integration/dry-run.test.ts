// `--dry-run` on every command, through the bundled CLI against the real stack: an environment with
// v1 promoted and v2 promoted (v1 warm), then v3 staged with `promotion: manual`; in each state
// commands run with --dry-run and the registry (every tag of the repository with its digest, the referrers of
// every image, the ledger head) and the target (containers with id, state and labels, the router's
// map file and runtime map, the lock) must be byte-for-byte what they were before it.
// Found by hand: rollback/promote/reject --dry-run changed live traffic or removed the staged color,
// release --dry-run built, pushed, signed and moved tags, deploy --dry-run skipped verification.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  nodeBin,
  parseCliOutputs,
  removeEnvironment,
  run,
} from "../support/runner";
import { changed, snapshot as takeSnapshot } from "../support/snapshot";
import { loadStack, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("dryrun");
const image = `${stack.registry}/${repo}`;
const app = `gldry-${repo.split("-").slice(-2).join("")}`;
const environment = "dry";
const digests: Record<string, string> = {};
let cli = "";
let work = "";
let livePort = 0;
let previewPort = 0;

const env = () => baseEnv({ GREENLIGHT_PASSWORD: stack.password, USER: "dry-run-test" });

function common(publicKey = join(work, "k.pub")): string[] {
  return [
    ...["--username", stack.username, "--app", app, "--environment", environment],
    ...["--router-image", stack.routerImage, "--live-port", String(livePort)],
    ...["--preview-port", String(previewPort), "--public-key-file", publicKey],
    ...["--checks", "/healthz 200", "--lock-timeout", "5", "--watch-seconds", "1"],
  ];
}

function buildFlags(version: string): string[] {
  return [
    ...["--context", stack.appContext, "--build-args", `VERSION=${version}`],
    ...["--signing-key-file", join(work, "k.key")],
    ...(stack.buildxBuilder ? ["--buildx-builder", stack.buildxBuilder] : []),
  ];
}

const buildEnv = () => ({ ...env(), ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}) });

async function cliRun(argv: string[], childEnv = env()): Promise<Finished> {
  return run([nodeBin, cli, ...argv], childEnv);
}

async function ok(argv: string[], childEnv = env()): Promise<Record<string, string>> {
  const f = await cliRun(argv, childEnv);
  if (f.exitCode !== 0) throw new Error(`greenlight ${argv[0]} failed (${f.exitCode}):\n${f.stderr}`);
  return parseCliOutputs(f.stdout);
}

const watched = { stack, repo, app, environment };
const snapshot = () => takeSnapshot(watched);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "gl-dryrun-"));
  cli = join(await buildBundle(), "cli.cjs");
  expect((await cliRun(["keygen", "--signing-key-file", join(work, "k.key")])).exitCode).toBe(0);
  expect((await cliRun(["keygen", "--signing-key-file", join(work, "other.key")])).exitCode).toBe(0);
  expect(await readFile(join(work, "other.pub"), "utf8")).toContain("PUBLIC KEY");
  livePort = await freePort();
  previewPort = await freePort();
  for (const version of ["v1", "v2", "v3"]) {
    const built = await ok(
      ["build", "--image", image, "--username", stack.username, ...buildFlags(version)],
      buildEnv(),
    );
    digests[version] = built.digest ?? "";
    expect(digests[version]).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
  await ok(["deploy", "--image", `${image}@${digests.v1}`, ...common()]);
  await ok(["deploy", "--image", `${image}@${digests.v2}`, ...common()]);
}, 600_000);

afterAll(async () => {
  await removeEnvironment(app, environment);
});

const table: string[][] = [];

afterAll(() => {
  const rows = table.map((r) => `| ${r.join(" | ")} |`);
  console.log(["| command --dry-run | exit | what changed |", "|---|---|---|", ...rows].join("\n"));
});

type Row = [string, () => string[], number, RegExp];

/** Runs one command with --dry-run between two snapshots; nothing may differ. */
async function expectNothingChanged(name: string, argv: () => string[], exitCode: number, shows: RegExp) {
  const args = argv();
  const before = await snapshot();
  const f = await cliRun(
    [...args, "--dry-run"],
    args[0] === "build" || args[0] === "release" ? buildEnv() : env(),
  );
  const after = await snapshot();
  const diff = changed(before, after);
  table.push([name, String(f.exitCode), diff.length ? diff.join(", ") : "nothing"]);
  expect(diff, `${name} --dry-run changed ${diff.join(", ")}\n${f.stderr}`).toEqual([]);
  expect(after).toEqual(before);
  expect(f.exitCode, f.stderr).toBe(exitCode);
  expect(f.stderr).toMatch(shows);
  if (exitCode === 0 && !["verify", "status"].includes(name))
    expect(f.stderr).toContain("(dry run: nothing changed)");
}

describe("--dry-run changes nothing: v2 live, v1 warm", () => {
  // [name, argv, expected exit code, text the plan or the error must show]
  it.each<Row>([
    [
      "rollback (switch back to warm v1)",
      () => ["rollback", "--image", image, ...common()],
      0,
      /\d\. switch\s+switch live to blue .*\n.*record release .* rolled back, then release .* promoted/,
    ],
    [
      "promote (nothing staged: refused as without --dry-run)",
      () => ["promote", "--image", image, ...common()],
      2,
      /not staged with passing gates/,
    ],
  ])("%s", expectNothingChanged);
});

describe("--dry-run changes nothing: v2 live, v3 staged (promotion: manual)", () => {
  it("stages v3 for real", async () => {
    const staged = await ok([
      ...["deploy", "--image", `${image}@${digests.v3}`],
      ...[...common(), "--promotion", "manual"],
    ]);
    expect(staged["live-digest"]).toBe(digests.v2);
  });

  it.each<Row>([
    [
      "release",
      () => ["release", "--image", image, ...buildFlags("v4"), ...common()],
      0,
      /tag .*:sha-[0-9a-f]{7} (moves from sha256:[0-9a-f]{64}|is new) to the new digest/,
    ],
    [
      "build",
      () => ["build", "--image", image, "--username", stack.username, ...buildFlags("v4")],
      0,
      /1\. build/,
    ],
    [
      "attest",
      () => ["attest", "--image", `${image}@${digests.v1}`, ...common(), ...buildFlags("v1")],
      0,
      /attach the bundle/,
    ],
    ["verify", () => ["verify", "--image", `${image}@${digests.v1}`, ...common()], 0, /Verified/],
    ["status", () => ["status", "--image", image, ...common()], 0, /live/],
    [
      "deploy",
      () => ["deploy", "--image", `${image}@${digests.v1}`, ...common()],
      0,
      /\d\. start\s+start blue from/,
    ],
    [
      "deploy, key that did not sign it",
      () => ["deploy", "--image", `${image}@${digests.v1}`, ...common(join(work, "other.pub"))],
      1,
      /refused .*provenance does not meet the policy/,
    ],
    ["promote", () => ["promote", "--image", image, ...common()], 0, /\d\. switch\s+switch live to blue/],
    [
      "reject",
      () => ["reject", "--image", image, ...common(), "--reason", "dry"],
      0,
      /\d\. retire\s+retire blue/,
    ],
    [
      "rollback (warm color is the staged v3, not the ledger's target: refused as without --dry-run)",
      () => ["rollback", "--image", image, ...common()],
      2,
      /rollback target is/,
    ],
    [
      "rollback --to v1",
      () => ["rollback", "--image", image, "--to", digests.v1 ?? "", ...common()],
      0,
      /start blue from/,
    ],
  ])("%s", expectNothingChanged);
});
