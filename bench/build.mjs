// `node bench/build.mjs [runs=5]`: median wall time of `greenlight build` (classic builder, and buildx
// when the stack has a builder) for examples/app with a new VERSION build-arg each run, against
// `docker build` + `docker push` by hand with the same tags and labels; greenlight with a signing key
// (the attest cost); and the CLI's cold start. Runs are interleaved so drifting load hits all alike.
import { writeFileSync } from "node:fs";
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
  run,
  runId,
  spread,
  stackEnv,
  table,
  workDir,
} from "./lib.mjs";

const runs = countArg(0, 5, 30);
const countRequests = new URL("./count-requests.mjs", import.meta.url).href;
const stack = stackEnv();
const work = workDir("build");
const registry = stack.GREENLIGHT_REGISTRY;
const env = cliEnv(stack);

console.log(`build: ${runs} runs per row · ${machine()}`);
const cli = await buildCli(work);
await must([nodeBin, cli, "keygen", "--signing-key-file", join(work, "bench.key")], { env });

// The hand-run docker commands get a config dir holding only the registry login (no `docker login`
// round trip is timed), as greenlight makes for itself from --username/GREENLIGHT_PASSWORD.
const dockerConfig = join(work, "docker-config");
await must(["mkdir", "-p", dockerConfig]);
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

const builders = [{ name: "classic", flags: ["--builder", "classic"] }];
if (stack.GREENLIGHT_BUILDX_BUILDER) {
  builders.push({
    name: "buildx",
    flags: ["--builder", "buildx", "--buildx-builder", stack.GREENLIGHT_BUILDX_BUILDER],
  });
}

let version = 0;
const nextVersion = () => `bench-${runId}-${++version}`;

/** One `greenlight build`; returns wall ms and its outputs. */
async function greenlight(builder, repo, extra) {
  const image = `${registry}/${repo}`;
  const argv = [nodeBin, cli, "build", "--image", image, "--username", stack.GREENLIGHT_REGISTRY_USER];
  argv.push(
    "--context",
    "examples/app",
    "--build-args",
    `VERSION=${nextVersion()}`,
    ...builder.flags,
    ...extra,
  );
  const result = await must(argv, { env });
  const out = outputs(result.stdout);
  const { buildMs = 0, pushMs = 0 } = JSON.parse(out.metadata ?? "{}").durations ?? {};
  return { ms: result.ms, docker: buildMs + pushMs, out, image };
}

/** The labels greenlight put on a pushed image (its config), read with crane. */
async function labelsOf(pinned) {
  const config = await must([stack.GREENLIGHT_CRANE, "config", pinned], { env: handEnv });
  return JSON.parse(config.stdout).config?.Labels ?? {};
}

/** The same work by hand: one build with the same tags, labels and build-arg, then the push(es). */
async function byHand(builder, repo, tags, labels) {
  const refs = tags.map((t) => `${registry}/${repo}:${t}`);
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  const tagArgs = refs.flatMap((r) => ["--tag", r]);
  const buildArg = ["--build-arg", `VERSION=${nextVersion()}`];
  const started = performance.now();
  if (builder.name === "classic") {
    await must(["docker", "build", "--quiet", ...labelArgs, ...buildArg, ...tagArgs, "examples/app"], {
      env: { ...handEnv, DOCKER_BUILDKIT: "0" },
    });
    for (const ref of refs) await must(["docker", "push", "--quiet", ref], { env: handEnv });
  } else {
    const argv = [
      "docker",
      "buildx",
      "build",
      "--builder",
      stack.GREENLIGHT_BUILDX_BUILDER,
      "--provenance=false",
    ];
    await must([...argv, "--push", ...labelArgs, ...buildArg, ...tagArgs, "examples/app"], { env: handEnv });
  }
  return performance.now() - started;
}

const rows = [];
try {
  for (const builder of builders) {
    const repo = `bench/build-${builder.name}-${runId}`;
    const keyed = ["--signing", "key", "--signing-key-file", join(work, "bench.key")];
    const none = ["--signing", "none"];
    // warm-up (not timed): fills the build cache and tells which tags and labels greenlight pushes
    const first = await greenlight(builder, repo, none);
    const tags = JSON.parse(first.out.tags.startsWith('"') ? first.out.tags : JSON.stringify(first.out.tags))
      .split("\n")
      .map((t) => t.slice(t.lastIndexOf(":") + 1));
    const labels = await labelsOf(first.out.image);
    await byHand(builder, `${repo}-hand`, tags, labels);
    console.log(
      `${builder.name}: ${tags.length} tags (${tags.join(", ")}), ${Object.keys(labels).length} labels`,
    );
    // one more run of each (not timed) with HTTP requests counted by a preload: greenlight's own registry requests
    for (const [what, flags] of [
      ["no key", none],
      ["key", keyed],
    ]) {
      const argv = [nodeBin, "--import", countRequests, cli, "build", "--image", `${registry}/${repo}`];
      argv.push("--username", stack.GREENLIGHT_REGISTRY_USER, "--context", "examples/app");
      argv.push("--build-args", `VERSION=${nextVersion()}`, ...builder.flags, ...flags);
      const counted = await must(argv, { env });
      const line =
        counted.stderr.split("\n").find((l) => l.startsWith("count-requests:")) ?? "count-requests: ?";
      const list = line.slice("count-requests: ".length).replaceAll(`/v2/${repo}/`, "/v2/<repo>/");
      console.log(`  greenlight's own HTTP requests (${what}): ${list}`);
    }

    const gl = [];
    const hand = [];
    const key = [];
    for (let i = 0; i < runs; i++) {
      gl.push(await greenlight(builder, repo, none));
      hand.push(await byHand(builder, `${repo}-hand`, tags, labels));
      key.push(await greenlight(builder, repo, keyed));
    }
    const wall = (list) => list.map((r) => r.ms);
    const dockerPart = (list) => `${Math.round(median(list.map((r) => r.docker)))}`;
    const rest = (list) => `${Math.round(median(list.map((r) => r.ms - r.docker)))}`;
    const vs = (a, b) => `${Math.round(median(a) - median(b))}`;
    rows.push([`${builder.name}: docker build + push by hand`, spread(hand), "-", "-", "-"]);
    rows.push([
      `${builder.name}: greenlight build (no key)`,
      spread(wall(gl)),
      vs(wall(gl), hand),
      dockerPart(gl),
      rest(gl),
    ]);
    rows.push([
      `${builder.name}: greenlight build + attest (key)`,
      spread(wall(key)),
      vs(wall(key), hand),
      dockerPart(key),
      rest(key),
    ]);
  }

  const cold = { version: [], help: [], node: [] };
  for (let i = 0; i < Math.max(runs, 10); i++) {
    cold.node.push((await must([nodeBin, "-e", "0"])).ms);
    cold.version.push((await must([nodeBin, cli, "--version"])).ms);
    cold.help.push((await must([nodeBin, cli, "--help"])).ms);
  }
  const overNode = (a) => `${Math.round(median(a) - median(cold.node))} vs node -e 0`;
  rows.push(["node -e 0 (baseline)", spread(cold.node), "-", "-", "-"]);
  rows.push(["cli.cjs --version", spread(cold.version), overNode(cold.version), "-", "-"]);
  rows.push(["cli.cjs --help", spread(cold.help), overNode(cold.help), "-", "-"]);
} finally {
  await run(["rm", "-rf", work]);
}
console.log(`\nwall time, median (min–max) ms over ${runs} runs (cold start: ${Math.max(runs, 10)} runs):`);
const header = ["what", "wall ms", "Δ median vs by hand", "docker build+push inside", "greenlight rest"];
console.log(table(header, rows));
console.log(
  "docker build+push inside: greenlight's own buildMs+pushMs (buildx pushes inside its build); greenlight rest: wall − that (node start, git reads, builder choice, manifest GET + sha256 check of the pushed digest, signing and attaching with a key).",
);
console.log(`\n${machine()}`);
