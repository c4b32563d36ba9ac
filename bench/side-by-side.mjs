// `node bench/side-by-side.mjs [runs=7]`: in one run, interleaved, on the stack's buildx builder and
// registry, the same context, tags, labels and a new VERSION build-arg each time:
//   1. `docker buildx build --push --provenance=false` by hand,
//   2. `greenlight build --signing none` (buildx; its digest check against the registry included),
//   3. docker/build-push-action v7.3.0 run as a runner runs its main step (INPUT_* variables,
//      GITHUB_OUTPUT/GITHUB_STATE/GITHUB_STEP_SUMMARY files), from ../shared/peers/.
// Wall time (spawn to exit) and CPU (user + system of the process and every child it waited for,
// from /usr/bin/time), medians and ratios against buildx by hand. Needs the stack with a buildx builder.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildCli,
  cliEnv,
  countArg,
  machine,
  median,
  must,
  nodeBin,
  outputs,
  repoRoot,
  run,
  runId,
  spread,
  stackEnv,
  table,
  workDir,
} from "./lib.mjs";

const runs = countArg(0, 7, 30);
const stack = stackEnv();
if (!stack.GREENLIGHT_BUILDX_BUILDER) throw new Error("the stack has no buildx builder (stack.env)");
const peer = join(repoRoot, "../shared/peers/docker-build-push-action@v7.3.0/dist/index.cjs");
if (!existsSync(peer)) throw new Error(`no ${peer}: the peer's release files are missing`);
const work = workDir("side");
const registry = stack.GREENLIGHT_REGISTRY;
const env = cliEnv(stack);
const builderName = stack.GREENLIGHT_BUILDX_BUILDER;
const repo = `bench/side-${runId}`;
const image = `${registry}/${repo}`;

console.log(`side-by-side build: ${runs} runs per row · ${machine()}`);
const cli = await buildCli(work);

// The hand-run buildx and the peer get a config dir holding only the registry login.
const dockerConfig = join(work, "docker-config");
mkdirSync(dockerConfig, { recursive: true });
const auth = Buffer.from(`${stack.GREENLIGHT_REGISTRY_USER}:${stack.GREENLIGHT_REGISTRY_PASSWORD}`);
writeFileSync(
  join(dockerConfig, "config.json"),
  JSON.stringify({ auths: { [registry]: { auth: auth.toString("base64") } } }),
);
const handEnv = {
  ...env,
  DOCKER_CONFIG: dockerConfig,
  ...(stack.GREENLIGHT_BUILDX_CONFIG ? { BUILDX_CONFIG: stack.GREENLIGHT_BUILDX_CONFIG } : {}),
};

let version = 0;
const nextVersion = () => `side-${runId}-${++version}`;

/** Runs argv under /usr/bin/time: wall ms (spawn to exit) and CPU s of it and its waited-for children. */
async function timed(argv, options) {
  const marker = "side-by-side-cpu:";
  const result = await must(["/usr/bin/time", "-f", `${marker} %U %S`, ...argv], options);
  const line = result.stderr.split("\n").find((l) => l.startsWith(marker)) ?? "";
  const [user = 0, sys = 0] = line.slice(marker.length).trim().split(/\s+/).map(Number);
  return { ...result, cpu: user + sys };
}

async function greenlight() {
  const argv = [nodeBin, cli, "build", "--image", image, "--username", stack.GREENLIGHT_REGISTRY_USER];
  argv.push("--context", "examples/app", "--build-args", `VERSION=${nextVersion()}`);
  argv.push("--builder", "buildx", "--buildx-builder", builderName, "--signing", "none");
  const result = await timed(argv, { env });
  return { ...result, out: outputs(result.stdout) };
}

async function byHand(tags, labels) {
  const argv = ["docker", "buildx", "build", "--builder", builderName, "--provenance=false", "--push"];
  argv.push(...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]));
  argv.push("--build-arg", `VERSION=${nextVersion()}`);
  argv.push(...tags.flatMap((t) => ["--tag", `${image}-hand:${t}`]), "examples/app");
  return timed(argv, { env: handEnv });
}

/** The peer's main step, as a runner starts it: INPUT_* variables and the runner's command files. */
async function peerAction(tags, labels, i) {
  const files = join(work, `peer-${i}`);
  mkdirSync(files, { recursive: true });
  for (const name of ["output", "state", "summary", "env", "path"]) writeFileSync(join(files, name), "");
  writeFileSync(join(files, "event.json"), "{}");
  const inputs = {
    context: "examples/app",
    push: "true",
    provenance: "false",
    sbom: "false",
    builder: builderName,
    tags: tags.map((t) => `${image}-peer:${t}`).join("\n"),
    labels: Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    "build-args": `VERSION=${nextVersion()}`,
    load: "false",
    pull: "false",
    "no-cache": "false",
  };
  const peerEnv = {
    ...handEnv,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    GITHUB_OUTPUT: join(files, "output"),
    GITHUB_STATE: join(files, "state"),
    GITHUB_STEP_SUMMARY: join(files, "summary"),
    GITHUB_ENV: join(files, "env"),
    GITHUB_PATH: join(files, "path"),
    GITHUB_WORKSPACE: repoRoot,
    RUNNER_TEMP: files,
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "https://api.github.com",
    GITHUB_GRAPHQL_URL: "https://api.github.com/graphql",
    GITHUB_REPOSITORY: "acme/app",
    GITHUB_REPOSITORY_OWNER: "acme",
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_SHA: "0".repeat(40),
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(files, "event.json"),
    GITHUB_WORKFLOW: "bench",
    GITHUB_JOB: "build",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_NUMBER: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_ACTOR: "bench",
    DOCKER_BUILD_SUMMARY: "false",
    DOCKER_BUILD_RECORD_UPLOAD: "false",
  };
  const result = await timed([nodeBin, peer], { env: peerEnv }).catch((error) => {
    throw new Error(`${error.message}\nits stdout (the runner's log):\n${error.stdout ?? ""}`);
  });
  return result;
}

const rows = [];
try {
  // warm-up (not timed): fills the build cache; tells the tags and labels greenlight pushes
  const first = await greenlight();
  // a multi-line output is printed JSON-quoted
  const tagLines = first.out.tags.startsWith('"') ? JSON.parse(first.out.tags) : first.out.tags;
  const tags = tagLines.split("\n").map((t) => t.slice(t.lastIndexOf(":") + 1));
  const config = await must([stack.GREENLIGHT_CRANE, "config", first.out.image], { env: handEnv });
  const labels = JSON.parse(config.stdout).config?.Labels ?? {};
  await byHand(tags, labels);
  await peerAction(tags, labels, 0);
  console.log(`${tags.length} tags (${tags.join(", ")}), ${Object.keys(labels).length} labels`);

  const hand = [];
  const gl = [];
  const act = [];
  for (let i = 0; i < runs; i++) {
    hand.push(await byHand(tags, labels));
    gl.push(await greenlight());
    act.push(await peerAction(tags, labels, i + 1));
  }
  const wall = (list) => list.map((r) => r.ms);
  const cpu = (list) => list.map((r) => r.cpu * 1000);
  const ratio = (a, b) => (median(a) / median(b)).toFixed(2);
  const over = (a, b) => `${Math.round(median(a) - median(b))}`;
  for (const [what, list] of [
    ["docker buildx build --push (by hand)", hand],
    ["greenlight build --signing none", gl],
    ["docker/build-push-action v7.3.0 (main step)", act],
  ]) {
    rows.push([
      what,
      spread(wall(list)),
      ratio(wall(list), wall(hand)),
      over(wall(list), wall(hand)),
      spread(cpu(list)),
      over(cpu(list), cpu(hand)),
    ]);
  }
  console.log(`\nmedian (min–max) over ${runs} interleaved runs; ratio and Δ against buildx by hand:`);
  console.log(table(["what", "wall ms", "× buildx", "Δ wall ms", "CPU ms (user+sys)", "Δ CPU ms"], rows));
} finally {
  await run(["rm", "-rf", work]);
}
console.log(`\n${machine()}`);
