import { describe, expect, it } from "vitest";
import { previewAddressFor } from "../../../src/commands/engine";

describe("previewAddressFor: the preview port on loopback unless the engine is remote", () => {
  it.each([
    [undefined, undefined, "127.0.0.1"],
    [undefined, "unix:///var/run/docker.sock", "127.0.0.1"],
    [undefined, "ssh://deploy@app.example.com", "0.0.0.0"],
    [undefined, "tcp://10.0.0.5:2376", "0.0.0.0"],
    ["10.0.0.5", "ssh://deploy@app.example.com", "10.0.0.5"],
    ["0.0.0.0", undefined, "0.0.0.0"],
  ])("given %s, engine %s: %s", (given, host, address) => {
    expect(previewAddressFor(given, host)).toBe(address);
  });

  it("refuses loopback on a remote engine, which the checks could never reach", () => {
    expect(() => previewAddressFor("127.0.0.1", "ssh://deploy@app.example.com")).toThrow(
      "input 'preview-address': 127.0.0.1 on the remote Docker engine",
    );
  });
});
