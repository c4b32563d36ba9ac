// The local stack (scripts/stack.sh up) answers like the real parts it is made of.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadStack, uniqueRepo } from "../support/stack";

const run = promisify(execFile);
const stack = loadStack();
const tmp = mkdtempSync(join(tmpdir(), "greenlight-stack-"));
const cleanup: string[][] = [];
// Registry credentials in a throwaway docker config, as a CI job would have them.
const auth = Buffer.from(`${stack.username}:${stack.password}`).toString("base64");
writeFileSync(join(tmp, "config.json"), JSON.stringify({ auths: { [stack.registry]: { auth } } }), {
  mode: 0o600,
});
const env = { ...process.env, DOCKER_CONFIG: tmp, BUILDX_CONFIG: stack.buildxConfig };

afterAll(async () => {
  for (const argv of cleanup.reverse()) await run("docker", argv).catch(() => undefined);
  rmSync(tmp, { recursive: true, force: true });
});

async function until<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe("local stack", () => {
  it("registry wants credentials and accepts the generated ones", async () => {
    expect((await fetch(`http://${stack.registry}/v2/`)).status).toBe(401);
    const basic = Buffer.from(`${stack.username}:${stack.password}`).toString("base64");
    const ok = await fetch(`http://${stack.registry}/v2/`, { headers: { authorization: `Basic ${basic}` } });
    expect(ok.status).toBe(200);
  });

  it("olareg serves the distribution API", async () => {
    expect((await fetch(`http://${stack.referrersRegistry}/v2/`)).status).toBe(200);
  });

  it("crane pushes and lists with the credentials from a docker config", async () => {
    writeFileSync(join(tmp, "hello.txt"), "hello\n");
    await run("tar", ["-cf", join(tmp, "layer.tar"), "-C", tmp, "hello.txt"]);
    const repo = `${stack.registry}/${uniqueRepo("crane")}`;
    await run(stack.crane, ["append", "-f", join(tmp, "layer.tar"), "-t", `${repo}:v1`], { env });
    const { stdout: tags } = await run(stack.crane, ["ls", repo], { env });
    expect(tags.trim().split("\n")).toEqual(["v1"]);
    const { stdout: digest } = await run(stack.crane, ["digest", `${repo}:v1`], { env });
    expect(digest.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("router image runs haproxy and answers the runtime API through busybox nc", async () => {
    const { stdout } = await run("docker", ["run", "--rm", stack.routerImage, "haproxy", "-v"]);
    expect(stdout).toMatch(/^HAProxy version 2\./);
    const cfg = join(tmp, "haproxy.cfg");
    writeFileSync(
      cfg,
      "global\n  stats socket ipv4@127.0.0.1:9999 level admin\ndefaults\n  mode http\n  timeout client 5s\n" +
        "  timeout server 5s\n  timeout connect 1s\nfrontend live\n  bind :8080\n  http-request return status 200\n",
    );
    const name = `greenlight-stack-test-router-${process.pid}`;
    const mount = `${cfg}:/usr/local/etc/haproxy/haproxy.cfg:ro`;
    await run("docker", ["run", "-d", "--name", name, "-v", mount, stack.routerImage]);
    cleanup.push(["rm", "-f", name]);
    const info = await until(() =>
      run("docker", ["exec", name, "sh", "-c", "echo 'show info' | nc 127.0.0.1 9999"]),
    );
    expect(info.stdout).toMatch(/^Name: HAProxy$/m);
  });

  it("sample app builds FROM scratch and serves its version and /healthz", async () => {
    const image = `greenlight-sample:${uniqueRepo("app").split("/")[1]}`;
    await run("docker", ["build", "-q", "--build-arg", "VERSION=t1", "-t", image, stack.appContext], {
      env: { ...process.env, DOCKER_BUILDKIT: "0" },
    });
    cleanup.unshift(["rmi", "-f", image]);
    const { stdout: id } = await run("docker", ["run", "-d", "-p", "127.0.0.1::8080", image]);
    cleanup.push(["rm", "-f", id.trim()]);
    const { stdout: port } = await run("docker", ["port", id.trim(), "8080/tcp"]);
    const base = `http://${port.trim().split("\n")[0]}`;
    const root = await until(() => fetch(`${base}/`));
    expect(await root.text()).toBe("greenlight sample app t1\n");
    expect(await (await fetch(`${base}/version`)).text()).toBe("t1\n");
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
  });

  it.skipIf(!stack.buildxBuilder)("buildx builder pushes to the registry over plain HTTP", async () => {
    const repo = `${stack.registry}/${uniqueRepo("buildx")}`;
    const meta = join(tmp, "buildx-meta.json");
    const argv = ["buildx", "build", "--builder", `${stack.buildxBuilder}`, "--build-arg", "VERSION=bx"];
    await run("docker", [...argv, "--push", "-t", `${repo}:v1`, "--metadata-file", meta, stack.appContext], {
      env,
    });
    const digest = JSON.parse(readFileSync(meta, "utf8"))["containerimage.digest"];
    const { stdout } = await run(stack.crane, ["digest", `${repo}:v1`], { env });
    expect(stdout.trim()).toBe(digest);
  });
});
