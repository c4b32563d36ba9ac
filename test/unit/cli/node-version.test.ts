// The bundled CLI under the machine's own Node (20 here) must stop before doing anything, naming the
// Node that ran it and what to run instead (it used to build, push and sign, then crash on a Node 22+ API).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const systemNode = "/usr/bin/node";
const systemMajor = existsSync(systemNode)
  ? Number(execFileSync(systemNode, ["-p", "process.versions.node"], { encoding: "utf8" }).split(".")[0])
  : undefined;
const skip =
  systemMajor === undefined
    ? `${systemNode} does not exist`
    : systemMajor >= 24
      ? `${systemNode} is Node ${systemMajor}, not older than 24`
      : undefined;

describe.skipIf(skip !== undefined)(
  `the CLI bundle under an older Node (${skip ?? `Node ${systemMajor}`})`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), "gl-node-version-"));
    // esbuild of the whole CLI: seconds, more on a loaded machine
    beforeAll(() => {
      execFileSync(process.execPath, ["scripts/build.mjs", dir], { stdio: "pipe" });
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        "a command that would change things",
        ["release", "--image", "127.0.0.1:1/acme/app", "--push", "false"],
      ],
      ["a read-only command", ["status", "--image", "127.0.0.1:1/acme/app"]],
      ["--version", ["--version"]],
    ])("%s: refused with the Node that ran and what to run instead, exit 2 (an error)", (_name, argv) => {
      const ran = spawnSync(systemNode, [join(dir, "cli.cjs"), ...argv], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" },
      });
      expect(ran.status, ran.stderr).toBe(2);
      expect(ran.stdout).toBe("");
      const version = execFileSync(systemNode, ["-p", "process.version"], { encoding: "utf8" }).trim();
      expect(ran.stderr).toContain(`greenlight needs Node.js 24 or newer; this is Node.js ${version}`);
      expect(ran.stderr).toContain("npx -y node@24 ");
    });
  },
);
