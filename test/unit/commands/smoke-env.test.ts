import { describe, expect, it } from "vitest";
import { smokeEnv } from "../../../src/commands/engine";

describe("smokeEnv", () => {
  it("sets NAME=value lines and passes named variables that are set", () => {
    const env = { SMOKE_TOKEN: "t", GREENLIGHT_PASSWORD: "pw" };
    expect(
      smokeEnv([{ name: "API_BASE", value: "/v1" }, { name: "SMOKE_TOKEN" }, { name: "UNSET" }], env),
    ).toEqual({ API_BASE: "/v1", SMOKE_TOKEN: "t" });
  });
});
