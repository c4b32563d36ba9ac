import { describe, expect, it } from "vitest";
import { renderInputNames } from "../../src/errors";
import { INPUTS } from "../../src/inputs";

const names = new Set(Object.keys(INPUTS));

describe("renderInputNames: an error's input names in the front-end's syntax", () => {
  it.each([
    [
      "input 'preview-port': is the same as 'live-port' (8080)",
      "--preview-port: is the same as --live-port (8080)",
    ],
    ["roll back with to: 127.0.0.1:5000/a@sha256:ab", "roll back with --to 127.0.0.1:5000/a@sha256:ab"],
    ["(verify: false) skips it", "(--verify false) skips it"],
    // not input names: left alone
    ["input 'colour': is not an input", "input 'colour': is not an input"],
    ["registry 127.0.0.1:5000: GET /v2/ answered 401", "registry 127.0.0.1:5000: GET /v2/ answered 401"],
    ["caused by: x", "caused by: x"],
  ])("%s", (text, cli) => {
    expect(renderInputNames(text, "flag", names)).toBe(cli);
    expect(renderInputNames(text, "input", names)).toBe(text);
  });
});
