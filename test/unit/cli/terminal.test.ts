import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli/main";
import { CLI_COMMANDS, commandInputs } from "../../../src/command-inputs";
import { INPUTS } from "../../../src/inputs";
import { reportOnStderr } from "../../../src/result-format";

/** The CLI as a person at a terminal meets it: main() with argv, stdout and stderr captured. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => out.push(String(s)) > 0);
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => err.push(String(s)) > 0);
  try {
    const code = await main(argv, env);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "greenlight-cli-"));
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe("help", () => {
  it.each(CLI_COMMANDS.map((c) => [c]))("greenlight %s --help: its flags and an example", async (command) => {
    const { code, stdout } = await cli([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^greenlight ${command}: `));
    expect(stdout).toContain(`example:\n  greenlight ${command} `);
    for (const name of commandInputs(command)) expect(stdout).toContain(`--${name} `);
  });

  it("a command's help lists only what it reads", async () => {
    const { stdout } = await cli(["status", "--help"]);
    expect(stdout).toContain("--image");
    expect(stdout).not.toContain("--build-args");
    expect(stdout).not.toContain("--smoke-command");
  });

  it("every input is read by some command", () => {
    const read = new Set(CLI_COMMANDS.flatMap((c) => commandInputs(c)));
    expect(Object.keys(INPUTS).filter((n) => n !== "command" && !read.has(n as never))).toEqual([]);
  });

  it.each([["-h"], ["--help"], ["help"]])(
    "%s prints the overview, keygen and the exit codes",
    async (flag) => {
      const { code, stdout } = await cli([flag]);
      expect(code).toBe(0);
      for (const c of CLI_COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${c} `, "m"));
      expect(stdout).toContain("1 refused by a gate or a policy");
      expect(stdout).toContain("GREENLIGHT_USERNAME");
    },
  );

  it.each([["-v"], ["--version"]])("%s prints the version", async (flag) => {
    const { code, stdout } = await cli([flag]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("mistakes", () => {
  it.each([
    [["deploy", "--imgae", "r/app"], "did you mean --image?"],
    [["deploy", "--smoke-comand", "x"], "did you mean --smoke-command?"],
    [["deplyo", "--image", "r/app"], "did you mean 'deploy'?"],
    [["rollbak"], "did you mean 'rollback'?"],
    [["--image", "r/app"], "'--image' comes before a command"],
  ])("%j: %s, exit 2", async (argv, hint) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(hint);
  });

  it("hints use flag syntax at a terminal", async () => {
    const { code, stderr } = await cli(["deploy", "--image", "r/app", "--preview-port", "8080"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--preview-port: is the same as --live-port (8080)");
    expect(stderr).not.toContain("'live-port'");
  });

  it("status without an image says what it needs", async () => {
    const { code, stderr } = await cli(["status"]);
    expect(code).toBe(2);
    expect(stderr).toContain("'status' needs --image");
    expect(stderr).toContain("--environment");
  });

  it("--format json: an error is one JSON object on stdout", async () => {
    const { code, stdout } = await cli(["status", "--format", "json"]);
    expect(code).toBe(2);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ command: "status", status: "error", exitCode: 2 });
    expect(result.error).toContain("needs --image");
  });
});

describe("keygen", () => {
  it("writes a pair, says not to commit the private key, and never overwrites", async () => {
    const first = await cli(["keygen", "--signing-key-file", "release.key"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("do not commit release.key");
    const key = readFileSync(join(dir, "release.key"), "utf8");
    const again = await cli(["keygen", "--signing-key-file", "release.key"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("release.key and");
    expect(again.stderr).toContain("keygen never overwrites a key");
    expect(again.stderr).toContain("--signing-key-file");
    expect(readFileSync(join(dir, "release.key"), "utf8")).toBe(key);
  });

  it("refuses when only the public key is there, writing neither", async () => {
    writeFileSync(join(dir, "k.pub"), "old");
    const { code } = await cli(["keygen", "--signing-key-file", "k.key"]);
    expect(code).toBe(2);
    expect(() => readFileSync(join(dir, "k.key"))).toThrow();
    expect(readFileSync(join(dir, "k.pub"), "utf8")).toBe("old");
  });
});

describe("the report on stderr beside a document on stdout", () => {
  const report = { title: "shop/prod: 2 promotion(s) in 30 days", facts: [] };
  it.each([
    ["no document (deploy)", undefined, "text", true],
    ["no document, json", undefined, "json", true],
    ["text document (metrics, history): it opens with the title", "shop/prod: …\n", "text", false],
    ["markdown document (history)", "## shop/prod\n", "markdown", false],
    ["json document: a person reads the report", "{}\n", "json", true],
    ["openmetrics document", "# EOF\n", "openmetrics", true],
  ] as const)("%s", (_, document, format, printed) => {
    expect(reportOnStderr({ outputs: {}, report, ...(document ? { document } : {}) }, format)).toBe(printed);
  });
});
