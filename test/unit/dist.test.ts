import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// dist/ is committed (the action runs it as is); a fresh build of the source must match it byte for byte.
describe("dist/", () => {
  // A sibling of dist/ (ignored by git): source maps name sources relative to their directory.
  const fresh = ".dist-check";
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it("is what `npm run build` makes of the source", () => {
    execFileSync(process.execPath, ["scripts/build.mjs", fresh], { stdio: "pipe" });
    // dist/esm/ holds the split ESM build: compare every file, at any depth
    const list = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
        .sort();
    const files = list(fresh);
    expect(list("dist")).toEqual(files);
    for (const file of files) {
      const same = readFileSync(join("dist", file)).equals(readFileSync(join(fresh, file)));
      expect(same, `dist/${file} differs from a fresh build: run npm run build and commit dist/`).toBe(true);
    }
  });
});
