// `node bench/bluegreen.mjs [switches=10] [quiet=6]`: `quiet` switches without load, then wrk load on
// the live port while the bundled CLI switches live back and forth `switches` times with `greenlight
// rollback` (warm color, no redeploy). Prints wrk's totals and errors, each rollback's wall time, how
// long after the switch step a keep-alive poller on its own connection first gets an answer from the
// other color, and the bare router switch (the HAProxy `set map` call alone, through `docker exec`)
// idle and under the same load, for the ratio. Loopback only; bounded in time and count.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  buildCli,
  cliEnv,
  countArg,
  freePort,
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

const switches = countArg(0, 10, 50);
const quietSwitches = countArg(1, 6, 50);
// preload counting the CLI's HTTP requests (registry: verify, ledger; the HTTP gate)
const countRequests = new URL("./count-requests.mjs", import.meta.url).href;
const stack = stackEnv();
const work = workDir("bluegreen");
const app = `glbench${runId}`;
const environment = "bench";
const image = `${stack.GREENLIGHT_REGISTRY}/bench/bluegreen-${runId}`;
const env = cliEnv(stack);
const live = await freePort();
const preview = await freePort();
const prefix = `${app}--${environment}`; // src/deploy/docker/names.ts
const router = `${prefix}--router`;

console.log(`bluegreen: ${switches} switches · ${machine()}`);
const cli = await buildCli(work);
const key = join(work, "bench.key");
await must([nodeBin, cli, "keygen", "--signing-key-file", key], { env });

const common = [
  ...["--image", image, "--username", stack.GREENLIGHT_REGISTRY_USER],
  ...["--public-key-file", key.replace(/\.key$/, ".pub"), "--app", app, "--environment", environment],
  ...["--router-image", stack.GREENLIGHT_ROUTER_IMAGE, "--live-port", String(live)],
  ...["--preview-port", String(preview), "--checks", "/healthz 200"],
];
const buildFlags = ["--context", "examples/app", "--signing-key-file", key, "--watch-seconds", "1"];
if (stack.GREENLIGHT_BUILDX_BUILDER) buildFlags.push("--buildx-builder", stack.GREENLIGHT_BUILDX_BUILDER);

const bodies = {};
const digests = {};
try {
  for (const version of ["v1", "v2"]) {
    const released = await must(
      [
        nodeBin,
        cli,
        "release",
        ...common,
        ...buildFlags,
        "--build-args",
        `VERSION=${version}`,
        "--tags",
        version,
      ],
      { env },
    );
    const out = outputs(released.stdout);
    bodies[out.color] = `greenlight sample app ${version}`;
    digests[version] = out.digest;
    console.log(`released ${version}: ${out.digest} live as ${out.color} (${Math.round(released.ms)} ms)`);
  }
  await measure();
} finally {
  const names = ["blue", "green", "router", "lock"].map((c) => `${prefix}--${c}`);
  await run(["docker", "rm", "-f", ...names]);
  await run(["docker", "network", "rm", `greenlight--${prefix}`]);
  rmSync(work, { recursive: true, force: true });
}

async function measure() {
  const url = `http://127.0.0.1:${live}/`;
  const poller = startPoller(url);
  const timelines = [];
  let count = 0;
  /** One switch through the CLI, timed; `loaded` only labels the row. */
  async function oneSwitch(loaded) {
    const i = count++;
    let switchAt;
    let requests = "?";
    const lines = [];
    // A warm rollback marks the release it leaves 'rolled-back', and a second warm rollback is refused
    // (the ledger's rollback target no longer matches the warm color). So every other switch is a
    // promote: v2 is staged on the idle color first (`deploy --promotion manual`, not timed), then
    // `promote` switches to it (timed): verified again, preview gate, switch, record.
    const promote = i % 2 === 1;
    if (promote) {
      await must(
        [
          ...[nodeBin, cli, "deploy", ...common, "--subject-digest", digests.v2],
          ...["--promotion", "manual", "--reason", `bench stage ${i + 1}`],
        ],
        { env },
      );
    }
    const command = promote ? ["promote"] : ["rollback"];
    // under /usr/bin/time: the CPU of the CLI and of the docker processes it waited for
    const argv = [
      "/usr/bin/time",
      "-f",
      "bench-cpu %U %S",
      nodeBin,
      // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each timed CLI run into that directory
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : []),
      "--import",
      countRequests,
      cli,
      ...command,
    ];
    argv.push(...common, "--watch-seconds", "0");
    let cpu;
    const started = performance.now();
    const result = await run([...argv, "--reason", `bench switch ${i + 1}`], {
      env,
      onStderrLine: (line, at) => {
        if (/^switch: live -> /.test(line)) switchAt = at;
        if (line.startsWith("count-requests: ")) requests = Number(line.split(" ")[1]);
        if (line.startsWith("bench-cpu ")) {
          const [user, system] = line.split(" ").slice(1).map(Number);
          cpu = ((user ?? 0) + (system ?? 0)) * 1000;
        }
        if (line && !line.startsWith("count-requests") && !line.startsWith("bench-cpu "))
          lines.push(`+${String(Math.round(at - started)).padStart(5)} ms  ${line}`);
      },
    });
    const color = outputs(result.stdout).color;
    if (result.code !== 0 || !bodies[color]) {
      throw new Error(
        `switch ${i + 1} (${command[0]}) exited ${result.code}:\n${result.stderr.slice(-3000)}`,
      );
    }
    const seen = await poller.firstAfter(bodies[color], started, 5000);
    const kind = promote ? "promote (staged v2)" : "rollback (warm)";
    if (i === 0) timelines.push([`${kind}, switch ${i + 1} without load`, lines]);
    if (loaded && timelines.length < 3) timelines.push([`${kind}, switch ${i + 1} under load`, lines]);
    return {
      kind,
      loaded,
      color,
      requests,
      cpu,
      ms: result.ms,
      fromStart: seen === undefined ? undefined : seen - started,
      fromSwitch: seen === undefined || switchAt === undefined ? undefined : seen - switchAt,
    };
  }

  // switches without wrk: what the CLI costs on a quiet machine
  const quiet = [];
  for (let i = 0; i < quietSwitches; i++) quiet.push(await oneSwitch(false));
  const bareQuiet = await bareSwitches(10, quiet.at(-1).color);

  // wrk's -d is only the upper bound: it is stopped with SIGINT (it then prints its totals) once done.
  const bound = Math.min(600, 30 + switches * 20);
  const wrk = spawn("wrk", ["-t2", "-c20", `-d${bound}s`, url], { stdio: ["ignore", "pipe", "pipe"] });
  let wrkOut = "";
  wrk.stdout.on("data", (chunk) => {
    wrkOut += chunk;
  });
  wrk.stderr.on("data", (chunk) => {
    wrkOut += chunk;
  });
  const wrkDone = new Promise((resolve) => wrk.on("close", resolve));
  const wrkStarted = performance.now();
  await sleep(2000);

  const rows = [];
  for (let i = 0; i < switches; i++) {
    rows.push(await oneSwitch(true));
    await sleep(1000);
  }
  const bareLoaded = await bareSwitches(10, rows.at(-1).color);

  wrk.kill("SIGINT");
  const wrkCode = await wrkDone;
  const wrkSeconds = (performance.now() - wrkStarted) / 1000;
  const polled = await poller.stop();
  const wrkStats = parseWrk(wrkOut);

  console.log(
    `\nwrk -t2 -c20 on ${url} for ${wrkSeconds.toFixed(1)} s (exit ${wrkCode}), ${switches} switches:`,
  );
  console.log(
    table(
      ["requests", "requests/s", "non-2xx/3xx", "socket errors (connect/read/write/timeout)"],
      [[wrkStats.requests, wrkStats.rps, wrkStats.non2xx, wrkStats.socket]],
    ),
  );
  const ms = (v) => (v === undefined ? "not seen" : String(Math.round(v)));
  console.log("\nper switch (ms):");
  console.log(
    table(
      [
        "#",
        "command",
        "wrk",
        "live after",
        "HTTP requests",
        "CLI wall",
        "CLI CPU",
        "CLI start → other color",
        "switch step → other color",
      ],
      [...quiet, ...rows].map((r, i) => [
        i + 1,
        r.kind,
        r.loaded ? "on" : "off",
        r.color,
        r.requests,
        ms(r.ms),
        ms(r.cpu),
        ms(r.fromStart),
        ms(r.fromSwitch),
      ]),
    ),
  );
  const kinds = ["rollback (warm)", "promote (staged v2)", "all"];
  for (const [title, list] of [
    ["without load", quiet],
    ["under wrk load", rows],
  ]) {
    const of = (kind, key) =>
      list
        .filter((r) => kind === "all" || r.kind === kind)
        .map((r) => r[key])
        .filter((v) => v !== undefined);
    console.log(`\nsummary of the switches ${title}, median (min–max) ms:`);
    console.log(
      table(
        ["measure", ...kinds],
        [
          ["CLI wall time (start to exit)", ...kinds.map((k) => spread(of(k, "ms")))],
          ["CLI CPU (its own and its docker processes')", ...kinds.map((k) => spread(of(k, "cpu")))],
          ["CLI start → first other-color response", ...kinds.map((k) => spread(of(k, "fromStart")))],
          [
            "switch step logged → first other-color response",
            ...kinds.map((k) => spread(of(k, "fromSwitch"))),
          ],
        ],
      ),
    );
  }
  const warmWall = (list) => list.filter((r) => r.kind === "rollback (warm)").map((r) => r.ms);
  const ratio = (a, b) => (a.length && b.length ? (median(a) / median(b)).toFixed(1) : "-");
  console.log("\nside by side, median (min–max) ms:");
  console.log(
    table(
      ["what", "without load", "under wrk load"],
      [
        ["greenlight rollback (warm), CLI start to exit", spread(warmWall(quiet)), spread(warmWall(rows))],
        ["bare router switch: docker exec … set map (10 calls)", spread(bareQuiet), spread(bareLoaded)],
        ["ratio greenlight / bare", ratio(warmWall(quiet), bareQuiet), ratio(warmWall(rows), bareLoaded)],
      ],
    ),
  );
  console.log(`poller: ${polled.sent} requests, ${polled.failed} failed, median round trip ${polled.rtt} ms`);
  for (const [title, lines] of timelines) console.log(`\nstderr of ${title}:\n${lines.join("\n")}`);
  if (polled.failures.length) console.log(`poller failures:\n${polled.failures.slice(0, 20).join("\n")}`);
  if (wrkStats.non2xx !== "0" || wrkStats.socket !== "0/0/0/0") console.log(`\nwrk said:\n${wrkOut}`);
  console.log(`\n${machine()}`);
}

/**
 * The bare router switch, timed `count` times: one `docker exec -i` into the router sending HAProxy's
 * runtime API `set map … live <the live color>` (a switch to where live already is, so traffic is
 * not moved), through busybox nc or, on the official image, bash's /dev/tcp, as greenlight sends it.
 */
async function bareSwitches(count, liveColor) {
  const input = `set map /usr/local/etc/haproxy/colors.map live ${liveColor}\n`;
  const viaNc = ["docker", "exec", "-i", router, "nc", "127.0.0.1", "9999"];
  const viaBash = [
    "docker",
    "exec",
    "-i",
    router,
    "bash",
    "-c",
    'exec 3<>"/dev/tcp/$1/$2" && cat >&3 && cat <&3',
  ];
  viaBash.push("bare", "127.0.0.1", "9999");
  const argv = (await run(viaNc, { input })).code === 0 ? viaNc : viaBash;
  const times = [];
  for (let i = 0; i < count; i++) times.push((await must(argv, { input })).ms);
  return times;
}

/** wrk's summary lines; absent error lines mean zero. */
function parseWrk(text) {
  const requests = /(\d+) requests in/.exec(text)?.[1] ?? "?";
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? "?";
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? "0";
  const s = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return { requests, rps, non2xx, socket: s ? s.slice(1).join("/") : "0/0/0/0" };
}

/**
 * Back-to-back GETs on one keep-alive connection of its own. Keeps the time each body was first
 * received after a given moment, so a switch's effect is timed to the poller's round trip.
 */
function startPoller(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const responses = []; // [receivedAt, body] for every change of body, plus failures
  const failures = [];
  const rtts = [];
  let last;
  let sent = 0;
  let running = true;
  const started = performance.now();
  const get = () =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent, timeout: 5000 }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode, body: body.trim() }));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end();
    });
  const loop = (async () => {
    // bounded: at most 10 minutes and 2 million requests
    while (running && sent < 2_000_000 && performance.now() - started < 600_000) {
      sent++;
      const t0 = performance.now();
      try {
        const { status, body } = await get();
        const at = performance.now();
        if (sent % 50 === 0) rtts.push(at - t0);
        if (status !== 200)
          failures.push(`${Math.round(at - started)} ms: HTTP ${status} ${body.slice(0, 60)}`);
        else if (body !== last) {
          responses.push([at, body]);
          last = body;
        }
      } catch (error) {
        failures.push(`${Math.round(performance.now() - started)} ms: ${error.code ?? error.message}`);
        await sleep(10);
      }
    }
  })();
  return {
    /** When `body` was first received after `since` (waits up to `waitMs` for it). */
    async firstAfter(body, since, waitMs) {
      const deadline = performance.now() + waitMs;
      for (;;) {
        const hit = responses.find(([at, b]) => at >= since && b === body);
        if (hit) return hit[0];
        if (performance.now() > deadline) return undefined;
        await sleep(5);
      }
    },
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      const sorted = rtts.sort((a, b) => a - b);
      const rtt = sorted.length ? (sorted[sorted.length >> 1] ?? 0).toFixed(2) : "-";
      return { sent, failed: failures.length, failures, rtt };
    },
  };
}
