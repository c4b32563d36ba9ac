import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSmokeCommand } from "../../../src/gate/command";

const context = { previewUrl: "http://127.0.0.1:9/", digest: `sha256:${"a".repeat(64)}`, color: "green" };
const fixtures = new URL("../../fixtures/junit/", import.meta.url).pathname;

describe("runSmokeCommand", () => {
  it("passes on exit 0 and gives the command PREVIEW_URL, DIGEST and COLOR", async () => {
    const script = 'test "$PREVIEW_URL" = http://127.0.0.1:9/ && test "$COLOR" = green && echo "$DIGEST"';
    const result = await runSmokeCommand({ argv: ["sh", "-c", script] }, context);
    expect(result).toMatchObject({ kind: "command", passed: true });
    expect(result.detail).toContain(`exit 0: ${context.digest}`);
  });

  it("runs with a minimal environment: none of greenlight's secrets, only what smoke-env adds", async () => {
    const secrets = {
      GREENLIGHT_PASSWORD: "pw-1",
      INPUT_PASSWORD: "pw-2",
      "INPUT_SIGNING-KEY": "key-3",
      "INPUT_GITHUB-TOKEN": "tok-4",
      GITHUB_TOKEN: "tok-5",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "tok-6",
      ACTIONS_RUNTIME_TOKEN: "tok-7",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    const dir = await mkdtemp(join(tmpdir(), "gl-smoke-"));
    const out = join(dir, "env.txt");
    try {
      const result = await runSmokeCommand(
        { argv: ["sh", "-c", `env > ${out}`], env: { API_BASE: "/v1" } },
        context,
      );
      expect(result.passed).toBe(true);
    } finally {
      for (const key of Object.keys(secrets)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const seen = await readFile(out, "utf8");
    for (const [name, value] of Object.entries(secrets)) {
      expect(seen, name).not.toContain(value);
    }
    expect(seen).toContain(`PREVIEW_URL=${context.previewUrl}\n`);
    expect(seen).toContain("API_BASE=/v1\n");
  });

  it.each([
    [["sh", "-c", "echo nope >&2; exit 4"], /exit 4: nope/],
    [["/nonexistent/smoke"], /cannot start \/nonexistent\/smoke/],
    [[], /empty/],
  ])("fails %j", async (argv, detail) => {
    const result = await runSmokeCommand({ argv }, context);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(detail);
  });

  it("kills a command that runs past its timeout", async () => {
    const result = await runSmokeCommand({ argv: ["sleep", "5"], timeoutMs: 100 }, context);
    expect(result.detail).toMatch(/timed out after 100 ms/);
  });

  it.each([
    ["vitest-pass.xml", true, 1],
    ["vitest-one-failure.xml", false, 4],
    ["empty.xml", false, 0],
    ["pytest/skipped-only.xml", false, 1],
    ["hostile/suite-errors-exceed-cases.xml", false, 1],
  ])("judges the command's JUnit output %s (exit 0): passes %s", async (file, passed, total) => {
    const result = await runSmokeCommand({ argv: ["true"], junitPath: join(fixtures, file) }, context);
    expect(result.passed).toBe(passed);
    expect(result.tests?.total).toBe(total);
  });

  it("fails, naming the file, when the JUnit output is not JUnit", async () => {
    const junitPath = join(fixtures, "hostile/wrong-root.xml");
    const result = await runSmokeCommand({ argv: ["true"], junitPath }, context);
    expect(result.passed).toBe(false);
    expect(result.detail).toMatch(/exit 0; test results '.*wrong-root.xml': the root element is <report>/);
  });

  it("fails when the promised JUnit file was not written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-smoke-"));
    const result = await runSmokeCommand({ argv: ["true"], junitPath: join(dir, "out.xml") }, context);
    expect(result.detail).toMatch(/was not written/);
  });

  it("fails a non-zero exit even when its JUnit output passes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-smoke-"));
    const path = join(dir, "out.xml");
    await writeFile(path, `<testsuite><testcase name="t"/></testsuite>`);
    expect((await runSmokeCommand({ argv: ["false"], junitPath: path }, context)).passed).toBe(false);
  });
});
