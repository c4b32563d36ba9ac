import { describe, expect, it } from "vitest";
import { compileCacheDir } from "../../src/compile-cache";

describe("compileCacheDir: a directory only this user writes", () => {
  it.each([
    [{ RUNNER_TEMP: "/home/runner/work/_temp" }, "/home/runner/work/_temp/greenlight-compile-cache"],
    [{ RUNNER_TEMP: "/r", XDG_CACHE_HOME: "/x" }, "/r/greenlight-compile-cache"],
    [{ XDG_CACHE_HOME: "/x" }, "/x/greenlight/compile-cache"],
    [{}, "/home/u/.cache/greenlight/compile-cache"],
    [{ RUNNER_TEMP: "", XDG_CACHE_HOME: "" }, "/home/u/.cache/greenlight/compile-cache"],
  ])("%j → %s", (env, dir) => {
    expect(compileCacheDir(env, "/home/u")).toBe(dir);
  });
});
