// The Docker target through DOCKER_HOST=ssh://: the bundled CLI deploys a pinned, key-signed digest
// with `--docker-host ssh://root@127.0.0.1:2222`, the stack's own sshd (scripts/stack.sh). ssh reads
// the user's ~/.ssh; OpenSSH takes ~ from the passwd entry, never from $HOME, so the CLI runs with
// HOME and, through nss_wrapper (LD_PRELOAD), root's passwd home pointing at a temp dir whose .ssh
// holds the config (IdentityFile, UserKnownHostsFile, Port, ControlMaster) and known_hosts: the real
// ssh binary, unmodified, as it runs for a user whose ~/.ssh was set up by an earlier workflow step.
// The router is greenlight-router-bash:local, the stand-in for the default router-image (the
// official haproxy image: bash, no nc, USER haproxy), so this is the README's setup: docker-host
// ssh:// with the default router.
// With the stack's key (it may forward): one ssh connection per run forwards the engine's socket
// (src/deploy/docker/ssh-forward.ts): v1, v2 and a warm rollback serve the right version, and sshd
// started two sessions per run (the settings' recall before the run, and the forward; counted in
// sshd's log by the home's own source address, as other test files share sshd) while the engine
// saw the router's `docker exec`s; no forward's ssh is left after the CLI, whether it ended, was
// stopped by ^C (which reaches greenlight's process group, not the forward: the lock is released
// through it) or was SIGKILLed. With the stack's restricted key (`restrict` alone): no forward, one
// info line saying so, and every docker call its own ssh session, which works as before. `status`
// shows no drift; an ssh host that nothing listens on fails fast, naming the docker host.

import { mkdir, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentNames } from "../../src/deploy/docker/names";
import {
  baseEnv,
  buildBundle,
  type Finished,
  freePort,
  get,
  nodeBin,
  parseCliOutputs,
  removeEnvironment,
  run,
  start,
} from "../support/runner";
import { type SshHome, sshHome } from "../support/ssh-home";
import { loadStack, stackEnvPath, uniqueRepo } from "../support/stack";

const stack = loadStack();
const repo = uniqueRepo("ssh");
const image = `${stack.registry}/${repo}`;
const app = `glssh-${repo.split("-").slice(-2).join("")}`;
const environment = "ssh";
const router = environmentNames(app, environment).router;
const sshLog = join(stackEnvPath(), "../log/sshd.log");
const body = (version: string) => `greenlight sample app ${version}`;
const digests: Record<string, string> = {};
let cli = "";
let work = "";
let ssh: SshHome;
let restricted: SshHome;
let livePort = 0;
let previewPort = 0;

/** The info line of a run whose docker calls go over ssh:// one by one: no forward, or one that ended (ssh-forward.ts). */
const NO_FORWARD = /; each docker call now opens its own ssh session/;

/**
 * The CLI's environment: a temp home whose ~/.ssh the system ssh reads (see the header), and a
 * TMPDIR of this test's, so the CLI's run directory (and its forward's socket) is found below it.
 */
function sshEnv(home: SshHome = ssh): NodeJS.ProcessEnv {
  return baseEnv({ GREENLIGHT_PASSWORD: stack.password, TMPDIR: join(work, "tmp"), ...home.env });
}

/** The forwards' ssh processes of this test's CLI runs (their socket is below its TMPDIR). */
async function forwards(): Promise<string[]> {
  const ps = await run(["ps", "-eo", "pid=,args="], baseEnv({}));
  return ps.stdout
    .split("\n")
    .filter((l) => l.includes("ControlPath=none") && l.includes(`${join(work, "tmp")}/greenlight-`));
}

/** Waits (at most 10 s) until no forward's ssh of this test runs; returns those still running. */
async function forwardsGone(): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const left = await forwards();
    if (!left.length) return left;
    await sleep(100);
  }
  return forwards();
}

function common(dockerHost = stack.sshHost ?? ""): string[] {
  return [
    ...["--username", stack.username, "--app", app, "--environment", environment],
    ...["--docker-host", dockerHost, "--router-image", stack.routerBashImage ?? ""],
    ...["--live-port", String(livePort), "--preview-port", String(previewPort)],
    ...["--public-key-file", join(work, "k.pub"), "--checks", "/healthz 200", "--watch-seconds", "2"],
  ];
}

/** A CLI command over ssh, with what sshd and the engine saw while it ran. */
async function overSsh(args: string[], home: SshHome = ssh) {
  const since = Math.floor(Date.now() / 1000) - 1;
  const logBefore = (await readFile(sshLog, "utf8")).length;
  const started = performance.now();
  const f = await run([nodeBin, cli, ...args, ...common()], sshEnv(home));
  const ms = Math.round(performance.now() - started);
  if (f.exitCode !== 0) throw new Error(`${args[0]} failed (${f.exitCode ?? f.signal}):\n${f.stderr}`);
  const sessions = (await readFile(sshLog, "utf8"))
    .slice(logBefore)
    .split("\n")
    .filter((l) => l.startsWith(`Starting session: command for root from ${home.source} `)).length;
  const events = await run(
    [
      ...["docker", "events", "--since", String(since), "--until", String(Math.ceil(Date.now() / 1000) + 1)],
      ...["--filter", `container=${router}`, "--filter", "event=exec_create", "--format", "{{.Action}}"],
    ],
    baseEnv({}),
  );
  const execs = events.stdout.split("\n").filter(Boolean);
  // the run's directory, its socket with it, is gone, and no forward's ssh outlived the CLI
  expect(await readdir(join(work, "tmp"))).toEqual([]);
  expect(await forwards()).toEqual([]);
  return { outputs: parseCliOutputs(f.stdout), stderr: f.stderr, ms, sessions, execs };
}

beforeAll(async () => {
  if (
    !stack.sshHost ||
    !stack.sshKey ||
    !stack.sshRestrictedKey ||
    !stack.sshKnownHosts ||
    !stack.nssWrapper ||
    !stack.routerBashImage
  ) {
    throw new Error("stack.env has no GREENLIGHT_SSH_* or router-bash image: run `bash scripts/stack.sh up`");
  }
  work = await mkdtemp(join(tmpdir(), "gl-ssh-"));
  await mkdir(join(work, "tmp"));
  ssh = await sshHome(stack, work);
  restricted = await sshHome(stack, join(work, "restricted"), { key: stack.sshRestrictedKey });
  const bundle = await buildBundle();
  cli = join(bundle, "cli.cjs");
  const local = baseEnv({ GREENLIGHT_PASSWORD: stack.password });
  const keygen = await run([nodeBin, cli, "keygen", "--signing-key-file", join(work, "k.key")], local);
  expect(keygen.exitCode, keygen.stderr).toBe(0);
  livePort = await freePort();
  previewPort = await freePort();
  for (const version of ["v1", "v2"]) {
    const f = await run(
      [
        ...[
          nodeBin,
          cli,
          "build",
          "--image",
          image,
          "--username",
          stack.username,
          "--context",
          "examples/app",
        ],
        ...["--build-args", `VERSION=${version}`, "--signing-key-file", join(work, "k.key")],
        ...(stack.buildxBuilder ? ["--buildx-builder", stack.buildxBuilder] : []),
      ],
      { ...local, ...(stack.buildxConfig ? { BUILDX_CONFIG: stack.buildxConfig } : {}) },
    );
    if (f.exitCode !== 0) throw new Error(`build ${version} failed:\n${f.stderr}`);
    digests[version] = parseCliOutputs(f.stdout).digest ?? "";
    expect(digests[version]).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
}, 300_000);

afterAll(() => removeEnvironment(app, environment));

/**
 * One ssh connection carried the run's docker calls: sshd started two sessions (the settings'
 * recall, one docker call before the run; the forward's), however many calls the run made.
 */
function expectForwarded(r: Awaited<ReturnType<typeof overSsh>>): void {
  expect(r.stderr).not.toMatch(NO_FORWARD);
  expect(r.execs.length).toBeGreaterThan(0);
  expect(r.sessions).toBe(2);
}

describe(`the Docker target over DOCKER_HOST=${stack.sshHost}`, () => {
  it("the system ssh reaches the engine only through the temp home's ~/.ssh", async () => {
    const version = ["docker", "--host", stack.sshHost ?? "", "version", "--format", "{{.Server.Version}}"];
    const through = await run(version, sshEnv());
    expect(through.exitCode, through.stderr).toBe(0);
    // the same command with only HOME set: ssh reads root's real ~/.ssh and knows neither key nor host
    const { LD_PRELOAD: _, ...withoutWrapper } = sshEnv();
    const without = await run(version, withoutWrapper);
    expect(without.exitCode).not.toBe(0);
    expect(without.stderr).toMatch(/ssh .*-p \d+ -- 127\.0\.0\.1 docker system dial-stdio/);
  });

  it("deploys the signed v1 over ssh: live serves v1, the switch was a docker exec over ssh", async () => {
    const r = await overSsh(["deploy", "--image", `${image}@${digests.v1}`]);
    console.log(`v1 over ssh: ${r.ms} ms, ${r.sessions} ssh sessions, ${r.execs.length} router execs`);
    expect(r.outputs["live-digest"]).toBe(digests.v1);
    expect(r.outputs.color).toBe("blue");
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
    expect(r.stderr).toMatch(/^switch:/m);
    // runtime-API calls through bash's /dev/tcp (the CLI tried nc once and found none)
    expect(r.execs.filter((c) => c.startsWith("exec_create: nc ")).length).toBeLessThanOrEqual(1);
    expect(
      r.execs.filter((c) => /^exec_create: bash -c .*\/dev\/tcp.* 127\.0\.0\.1 9999$/.test(c)).length,
    ).toBeGreaterThan(2);
    expectForwarded(r);
  });

  it("deploys v2 over ssh: live serves v2, preview keeps v1 warm", async () => {
    const r = await overSsh(["deploy", "--image", `${image}@${digests.v2}`]);
    console.log(`v2 over ssh: ${r.ms} ms, ${r.sessions} ssh sessions, ${r.execs.length} router execs`);
    expect(r.outputs).toMatchObject({
      color: "green",
      "live-digest": digests.v2,
      "previous-digest": digests.v1,
    });
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v2"));
    expect((await get(`http://127.0.0.1:${previewPort}`)).body).toBe(body("v1"));
    expectForwarded(r);
  });

  it("rolls back over ssh by switching to the warm v1", async () => {
    const r = await overSsh(["rollback", "--image", image, "--reason", "ssh rollback test"]);
    console.log(
      `warm rollback over ssh: ${r.ms} ms, ${r.sessions} ssh sessions, ${r.execs.length} router execs`,
    );
    expect(r.outputs).toMatchObject({ color: "blue", digest: digests.v1 });
    expect(r.stderr).toMatch(/^\s*switch:/m);
    expect(r.stderr).not.toMatch(/^\s*stage:/m); // a switch, not a redeploy
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
    expect((await get(`http://127.0.0.1:${previewPort}`)).body).toBe(body("v2"));
    expectForwarded(r);
  });

  it("status over ssh: v1 live, v2 warm, no drift", async () => {
    const r = await overSsh(["status", "--image", image]);
    expect(r.outputs["live-digest"]).toBe(digests.v1);
    expect(r.outputs.drift ?? "").toBe("");
    expect(r.stderr).toMatch(/^\s+drift\s+none$/m);
  });

  it("an ssh host nothing listens on fails fast and names the docker host", async () => {
    const dead = `ssh://root@127.0.0.1:${await freePort()}`;
    const started = performance.now();
    const deploy = start(
      [nodeBin, cli, "deploy", "--image", `${image}@${digests.v2}`, ...common(dead)],
      sshEnv(),
    );
    const bound = setTimeout(() => deploy.child.kill("SIGKILL"), 60_000);
    const f: Finished = await deploy.done.finally(() => clearTimeout(bound));
    expect(f.signal, `deploy to ${dead} still ran after 60 s:\n${f.stderr}`).toBeNull();
    const ms = Math.round(performance.now() - started);
    console.log(`dead ssh host: exit ${f.exitCode} after ${ms} ms:\n${f.stderr}`);
    expect(f.exitCode).toBe(2); // an error, not a refusal by a gate or a policy
    // the run names the engine it deploys to, and the error the ssh command that could not connect
    expect(f.stderr).toContain(`on docker ${app}/${environment} (${dead})`);
    const error = f.stderr.split("\n").find((l) => l.startsWith("error: ")) ?? "";
    expect(error).toContain(`-p ${new URL(dead).port} -- 127.0.0.1 docker system dial-stdio`);
    expect(error).toMatch(/Connection refused/);
    expect(f.stderr).toMatch(NO_FORWARD); // the forward failed first, the same way
    expect(await forwardsGone()).toEqual([]);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
  });

  it("the lock's heartbeat is renewed over ssh (docker cp into the stopped lock container)", async () => {
    // a 3 s heartbeat (renewed every second) held through an 8 s smoke command
    const deploy = start(
      [
        ...[nodeBin, cli, "deploy", "--image", `${image}@${digests.v2}`, ...common()],
        ...["--smoke-command", "sleep 8", "--lock-heartbeat", "3"],
      ],
      sshEnv(),
    );
    await deploy.line(/^gate GET \/healthz: passed/);
    const until = async () => {
      const f = await run([nodeBin, cli, "status", "--image", image, ...common()], sshEnv());
      const lock = /^\s+lock\s+(.*)$/m.exec(f.stderr)?.[1] ?? "";
      expect(lock, f.stderr).toMatch(/ until \S+/);
      return Date.parse(/ until (\S+)/.exec(lock)?.[1] ?? "");
    };
    const first = await until();
    await sleep(1500); // longer than a renewal period
    const second = await until();
    expect(second).toBeGreaterThan(first);
    const f = await deploy.done;
    expect(f.exitCode, f.stderr).toBe(0);
    expect(f.stderr).not.toContain("could not renew");
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v2"));
  }, 120_000);

  it("a key with `restrict` alone: no forward, one info line, each docker call its own ssh session", async () => {
    const r = await overSsh(["deploy", "--image", `${image}@${digests.v1}`], restricted);
    console.log(
      `v1 over ssh without the forward: ${r.ms} ms, ${r.sessions} ssh sessions, ${r.execs.length} router execs`,
    );
    const why = r.stderr.split("\n").filter((l) => NO_FORWARD.test(l));
    expect(why).toHaveLength(1);
    // sshd refused the channel to the engine's socket, and ssh said so
    expect(why[0]).toMatch(
      new RegExp(
        `docker-host ${stack.sshHost}: no forward of the Docker socket \\(.*ssh: channel \\d+: open failed`,
      ),
    );
    expect(r.outputs["live-digest"]).toBe(digests.v1);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
    // every docker call of the run, the router's execs among them, was an ssh session
    expect(r.sessions).toBeGreaterThanOrEqual(r.execs.length);
    expect(r.execs.length).toBeGreaterThan(2);
  });

  it("^C (SIGINT to the CLI's process group) stops the run; the lock is released through the forward", async () => {
    // setsid: the CLI leads its own process group, as in a terminal, whose ^C reaches the whole group
    const deploy = start(
      [
        ...["setsid", nodeBin, cli, "deploy", "--image", `${image}@${digests.v2}`, ...common()],
        // the smoke command ignores the ^C, so the run, not a failed gate, answers it
        ...["--smoke-command", `bash -c 'trap "" INT; exec sleep 60'`],
      ],
      sshEnv(),
    );
    await deploy.line(/^gate GET \/healthz: passed/);
    expect(await forwards()).toHaveLength(1);
    process.kill(-(deploy.child.pid ?? 0), "SIGINT");
    const f = await deploy.done;
    expect(f.exitCode, f.stderr).toBe(130);
    expect(f.stderr).toMatch(/the lock is released/);
    expect(f.stderr).not.toMatch(NO_FORWARD);
    expect(await forwardsGone()).toEqual([]);
    expect(await readdir(join(work, "tmp"))).toEqual([]);
    const status = await run([nodeBin, cli, "status", "--image", image, ...common()], sshEnv());
    expect(status.stderr).toMatch(/^\s+lock\s+free$/m);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
  });

  it("a SIGKILLed CLI leaves no forward running: ssh ends on its stdin's EOF", async () => {
    const deploy = start(
      [
        ...[nodeBin, cli, "deploy", "--image", `${image}@${digests.v2}`, ...common()],
        ...["--smoke-command", "sleep 20", "--lock-heartbeat", "3"],
      ],
      sshEnv(),
    );
    await deploy.line(/^gate GET \/healthz: passed/);
    expect(await forwards()).toHaveLength(1);
    deploy.child.kill("SIGKILL");
    await deploy.done;
    expect(await forwardsGone()).toEqual([]);
    // the killed run's directory stays (nothing ran its clean-up); its socket answers no one
    const [left = ""] = await readdir(join(work, "tmp"));
    const socket = join(work, "tmp", left, "docker-ssh/docker.sock");
    const ping = await run(["curl", "-sS", "--unix-socket", socket, "http://docker/_ping"], baseEnv({}));
    expect(ping.exitCode).not.toBe(0);
    expect((await get(`http://127.0.0.1:${livePort}`)).body).toBe(body("v1"));
  });
});
