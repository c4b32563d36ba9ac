// `node --import tsx bench/ssh.mjs [deploys=5]`: deploys of the sample app over `docker-host:
// ssh://` to the stack's sshd, with the README's ssh settings (ControlMaster auto, ControlPersist):
// two key-signed releases are built and pushed once (local engine, not timed), then the bundled CLI
// deploys them in turn over ssh (each deploy stages a new container, gates it on /healthz, switches
// and records), and finally one warm rollback. Per deploy: wall time, ssh sessions sshd started
// (its log: 2 per run with greenlight's ssh forward, one per docker call without it), router execs
// the engine saw. The ssh home is test/support/ssh-home.ts's (nss_wrapper).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environmentNames } from "../src/deploy/docker/names.ts";
import { sshHome } from "../test/support/ssh-home.ts";
import { loadStack, stackEnvPath } from "../test/support/stack.ts";
import {
  buildCli,
  cliEnv,
  countArg,
  freePort,
  machine,
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

const deploys = countArg(0, 5, 30);
const stack = stackEnv();
const s = loadStack();
const work = workDir("ssh");
const app = `glbenchssh${runId}`;
const environment = "ssh";
const names = environmentNames(app, environment);
const image = `${stack.GREENLIGHT_REGISTRY}/bench/ssh-${runId}`;
const sshLog = join(stackEnvPath(), "../log/sshd.log");
const live = await freePort();
const preview = await freePort();

console.log(`ssh deploys: ${deploys} · ${machine()}`);
const cli = await buildCli(work);
const home = await sshHome(s, work);
const localEnv = cliEnv(stack);
const sshEnv = cliEnv(stack, home.env);
const key = join(work, "bench.key");
await must([nodeBin, cli, "keygen", "--signing-key-file", key], { env: localEnv });
const common = [
  ...["--username", stack.GREENLIGHT_REGISTRY_USER, "--app", app],
  ...["--environment", environment, "--public-key-file", key.replace(/\.key$/, ".pub")],
  ...["--docker-host", s.sshHost ?? "", "--router-image", s.routerBashImage ?? ""],
  ...["--live-port", String(live), "--preview-port", String(preview), "--checks", "/healthz 200"],
  ...["--watch-seconds", "0"],
];

async function overSsh(args) {
  const logBefore = readFileSync(sshLog, "utf8").length;
  const since = Math.floor(Date.now() / 1000) - 1;
  const result = await must([nodeBin, cli, ...args, ...common], { env: sshEnv });
  const sessions = readFileSync(sshLog, "utf8")
    .slice(logBefore)
    .split("\n")
    .filter((l) => l.startsWith(`Starting session: command for root from ${home.source} `)).length;
  const events = await must([
    ...["docker", "events", "--since", String(since), "--until", String(Math.ceil(Date.now() / 1000) + 1)],
    ...["--filter", `container=${names.router}`, "--filter", "event=exec_create", "--format", "{{.Action}}"],
  ]);
  return { ms: result.ms, sessions, execs: events.stdout.split("\n").filter(Boolean).length, result };
}

const rows = [];
try {
  const digests = [];
  for (const version of ["v1", "v2"]) {
    const built = await must(
      [
        ...[nodeBin, cli, "build", "--image", image, "--username", stack.GREENLIGHT_REGISTRY_USER],
        ...["--context", "examples/app", "--build-args", `VERSION=${version}`, "--tags", version],
        ...["--signing", "key", "--signing-key-file", key],
        ...(stack.GREENLIGHT_BUILDX_BUILDER ? ["--buildx-builder", stack.GREENLIGHT_BUILDX_BUILDER] : []),
      ],
      { env: localEnv },
    );
    digests.push(outputs(built.stdout).digest);
  }
  // the first deploy creates network and router: shown, not counted in the median
  const first = await overSsh(["deploy", "--image", `${image}@${digests[0]}`]);
  console.log(
    `first deploy (creates network and router): ${Math.round(first.ms)} ms, ${first.sessions} ssh sessions`,
  );
  const times = [];
  for (let i = 0; i < deploys; i++) {
    const r = await overSsh(["deploy", "--image", `${image}@${digests[(i + 1) % 2]}`]);
    times.push(r);
    rows.push([`deploy ${i + 1}`, Math.round(r.ms), r.sessions, r.execs]);
  }
  const back = await overSsh(["rollback", "--image", image]);
  rows.push(["warm rollback", Math.round(back.ms), back.sessions, back.execs]);
  console.log(table(["over ssh", "wall ms", "ssh sessions", "router execs"], rows));
  console.log(`\ndeploys, median (min–max) ms: ${spread(times.map((t) => t.ms))}`);
  // where the median deploy's time went: the step timings of the CLI's report
  const median = [...times].sort((a, b) => a.ms - b.ms)[Math.floor(times.length / 2)];
  const steps = median.result.stderr.split("\n").filter((l) => /^\s+\d+\.\d s {2}/.test(l));
  console.log(`\nthe median deploy (${Math.round(median.ms)} ms), its steps:\n${steps.join("\n")}`);
} finally {
  await run(["docker", "rm", "-f", names.colors.blue, names.colors.green, names.router, names.lock]);
  await run(["docker", "network", "rm", names.network]);
  await run(["rm", "-rf", work]);
}
console.log(`\n${machine()}`);
