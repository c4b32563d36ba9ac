import { describe, expect, it } from "vitest";
import {
  checkEnvironmentPart,
  environmentNames,
  foreignOwner,
  isEnvironmentPart,
  legacyNames,
  requireOwner,
} from "../../../src/deploy/docker/names";

const all = (n: ReturnType<typeof environmentNames>) => [
  n.network,
  n.router,
  n.lock,
  n.colors.blue,
  n.colors.green,
];

describe("environment names", () => {
  it("the pairs whose old names collided get different names", () => {
    expect(legacyNames("shop", "api-prod").router).toBe(legacyNames("shop-api", "prod").router);
    const a = all(environmentNames("shop", "api-prod"));
    const b = all(environmentNames("shop-api", "prod"));
    expect(a).toEqual([
      "greenlight--shop--api-prod",
      "shop--api-prod--router",
      "shop--api-prod--lock",
      "shop--api-prod--blue",
      "shop--api-prod--green",
    ]);
    for (const name of a) expect(b).not.toContain(name);
  });

  it("are injective: every valid (app, environment) over a small alphabet names distinct objects", () => {
    const words = [""];
    for (let length = 1; length <= 4; length++)
      for (const w of words.filter((w) => w.length === length - 1)) for (const c of "a-._") words.push(w + c);
    const parts = words.filter(isEnvironmentPart);
    expect(parts.length).toBeGreaterThan(20);
    const seen = new Map<string, string>();
    for (const app of parts)
      for (const env of parts)
        for (const name of all(environmentNames(app, env))) {
          const pair = `${app}/${env}`;
          expect(seen.get(name) ?? pair, name).toBe(pair);
          seen.set(name, pair);
        }
  });

  it("current names never equal the old names of a valid pair", () => {
    const current = new Set(all(environmentNames("shop", "api-prod")));
    for (const [app, env] of [
      ["shop", "api-prod"],
      ["shop-api", "prod"],
      ["shop", "api"],
    ])
      for (const name of all(legacyNames(app as string, env as string)))
        expect(current.has(name)).toBe(false);
  });

  it.each(["shop", "shop-api", "shop_api", "shop.api", "a", "0", "a".repeat(41)])("accepts %s", (value) => {
    expect(() => checkEnvironmentPart("app", value)).not.toThrow();
  });

  it.each(["shop--api", "shop-", "Shop", "", "-shop", "_shop", "shop api", "a".repeat(42), "shop/api"])(
    "refuses %j, naming the input and the rule",
    (value) => {
      expect(() => checkEnvironmentPart("environment", value)).toThrow(
        `input 'environment': '${value}' cannot name containers`,
      );
    },
  );
});

describe("ownership by labels", () => {
  it.each([
    [{ "dev.greenlight.app": "shop", "dev.greenlight.env": "api-prod" }, undefined],
    [
      { "dev.greenlight.app": "shop-api", "dev.greenlight.env": "prod" },
      "app 'shop-api', environment 'prod'",
    ],
    [{}, "nobody (it has no dev.greenlight.app/env labels)"],
    [null, "nobody (it has no dev.greenlight.app/env labels)"],
  ])("%j -> %s", (labels, owner) => {
    expect(foreignOwner(labels, "shop", "api-prod")).toBe(owner);
  });

  it("refuses another environment's object, naming it and its owner", () => {
    expect(() =>
      requireOwner(
        "router",
        "x--y--router",
        { "dev.greenlight.app": "z", "dev.greenlight.env": "w" },
        "x",
        "y",
      ),
    ).toThrow("router x--y--router belongs to app 'z', environment 'w', not to app 'x', environment 'y'");
  });
});
