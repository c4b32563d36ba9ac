// The one-file tar streams of `docker cp`, checked against the system's own tar (a real part).
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tarOneFile, untarFirstFile } from "../../../src/deploy/docker/tar";
import { exec } from "../../../src/exec";

describe("one-file tar", () => {
  it.each([
    ["a lease", '{"renewedAt":"2026-12-04T12:00:00.000Z","validityMs":30000}\n'],
    ["empty", ""],
    ["exactly one block", "x".repeat(512)],
    ["longer than a block", "y".repeat(1300)],
  ])("reads back what it writes (%s)", (_, content) => {
    expect(untarFirstFile(tarOneFile("greenlight-lease.json", content))?.toString("utf8")).toBe(content);
  });

  it("the system tar extracts what it writes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-tar-"));
    await exec("tar", ["-x", "-C", dir], { input: tarOneFile("lease.json", "hello\n") });
    expect(await readFile(join(dir, "lease.json"), "utf8")).toBe("hello\n");
  });

  it("reads the first file of what the system tar writes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gl-tar-"));
    await writeFile(join(dir, "lease.json"), "from tar\n");
    const archive = await exec("tar", ["-c", "-C", dir, "lease.json"]);
    expect(untarFirstFile(Buffer.from(archive.stdout, "utf8"))?.toString("utf8")).toBe("from tar\n");
  });

  it("finds nothing in an empty archive", () => {
    expect(untarFirstFile(Buffer.alloc(1024))).toBeUndefined();
  });
});
