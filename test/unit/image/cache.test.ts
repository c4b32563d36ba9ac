import { describe, expect, it } from "vitest";
import { ghaCacheEnv } from "../../../src/image/build";
import { type CacheInput, cacheNeedsDriver, planCache } from "../../../src/image/cache";

const base: CacheInput = {
  builder: "buildx",
  repository: "127.0.0.1:5000/org/app",
  sha: "abc",
  cacheFrom: [],
  cacheTo: [],
  env: {},
  workDir: "/tmp/w",
  haveStore: false,
};

describe("planCache", () => {
  it.each<[string, Partial<CacheInput>, { from: string[]; to: string[]; note: RegExp; local?: boolean }]>([
    ["outside Actions", {}, { from: [], to: [], note: /no cache export outside GitHub Actions/ }],
    [
      "user settings win",
      {
        cacheFrom: ["type=registry,ref=r/a:cache"],
        cacheTo: ["type=inline"],
        env: { GITHUB_ACTIONS: "true" },
      },
      { from: ["type=registry,ref=r/a:cache"], to: ["type=inline"], note: /as given/ },
    ],
    [
      "Actions with the cache service",
      { env: { GITHUB_ACTIONS: "true", ACTIONS_CACHE_URL: "https://c/", ACTIONS_RUNTIME_TOKEN: "t" } },
      {
        from: ["type=gha,scope=127.0.0.1-5000-org-app"],
        to: ["type=gha,scope=127.0.0.1-5000-org-app,mode=max"],
        note: /type=gha/,
      },
    ],
    [
      "Actions without the service but with a store: local dir",
      { env: { GITHUB_ACTIONS: "true" }, haveStore: true },
      {
        from: ["type=local,src=/tmp/w/buildx-cache"],
        to: ["type=local,dest=/tmp/w/buildx-cache-new,mode=max"],
        note: /key greenlight-buildx-127.0.0.1-5000-org-app-abc/,
        local: true,
      },
    ],
    [
      "Actions, buildx docker driver",
      {
        driver: "docker",
        env: { GITHUB_ACTIONS: "true", ACTIONS_CACHE_URL: "https://c/", ACTIONS_RUNTIME_TOKEN: "t" },
      },
      { from: [], to: [], note: /docker driver cannot export a cache/ },
    ],
    ["Actions, neither", { env: { GITHUB_ACTIONS: "true" } }, { from: [], to: [], note: /no cache export/ }],
    [
      "classic builder: no export, registry cache-from as image",
      { builder: "classic", cacheFrom: ["type=registry,ref=r/a:cache", "type=gha"], cacheTo: ["type=gha"] },
      { from: ["r/a:cache"], to: [], note: /classic builder cannot export.*cache-to ignored/ },
    ],
  ])("%s", (_name, change, expected) => {
    const plan = planCache({ ...base, ...change });
    expect(plan.from).toEqual(expected.from);
    expect(plan.to).toEqual(expected.to);
    expect(plan.note).toMatch(expected.note);
    expect(Boolean(plan.local)).toBe(Boolean(expected.local));
  });
});

describe("ghaCacheEnv", () => {
  const runner = {
    ACTIONS_CACHE_URL: "https://cache/",
    ACTIONS_RUNTIME_TOKEN: "tok",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "id",
    INPUT_PASSWORD: "pw",
  };
  it.each([
    [["type=gha,scope=app"], { ACTIONS_CACHE_URL: "https://cache/", ACTIONS_RUNTIME_TOKEN: "tok" }],
    [
      ["type=local,src=/tmp/c", "type=gha,scope=app,mode=max"],
      { ACTIONS_CACHE_URL: "https://cache/", ACTIONS_RUNTIME_TOKEN: "tok" },
    ],
    [["type=registry,ref=r/app:cache"], {}],
    [[], {}],
  ])("%j -> %j", (entries, env) => {
    expect(ghaCacheEnv(entries, runner)).toEqual(env);
  });
});

describe("cacheNeedsDriver", () => {
  it.each([
    [
      "in Actions, no cache settings: the driver decides gha or none",
      { GITHUB_ACTIONS: "true" },
      [],
      [],
      true,
    ],
    ["in Actions, cache-to given: as given", { GITHUB_ACTIONS: "true" }, [], ["type=registry,ref=r"], false],
    ["in Actions, cache-from given: as given", { GITHUB_ACTIONS: "true" }, ["type=gha"], [], false],
    ["outside Actions: no export either way", {}, [], [], false],
  ])("%s", (_name, env, cacheFrom, cacheTo, expected) => {
    expect(cacheNeedsDriver({ env, cacheFrom, cacheTo })).toBe(expected);
  });
});
