import { describe, expect, it } from "vitest";
import { nextCommand } from "../../../src/commands/next-command";
import { parseConfig } from "../../../src/config";
import { RefusedError } from "../../../src/errors";
import { INPUTS, type InputName, type InputSpec } from "../../../src/inputs";
import { generateKeyPair } from "../../../src/provenance/signers/key";
import { errorReport } from "../../../src/result-format";

const keys = generateKeyPair();

function config(inputs: Partial<Record<InputName, string>>) {
  const get = (n: InputName) =>
    inputs[n] ?? ((INPUTS[n] as InputSpec).default ?? "").replace(/^\$\{\{.*/, "");
  return parseConfig(get, {}, () => keys.publicKeyPem);
}

describe("nextCommand: the printed command repeats what this run was given", () => {
  const given = config({
    command: "deploy",
    image: `127.0.0.1:5000/acme/shop@sha256:${"a".repeat(64)}`,
    username: "ci",
    password: "s3cret",
    "signing-key": keys.privateKeyPem,
    "github-token": "ghs_x",
    "public-key-file": "keys/release.pub",
    "live-port": "9090",
    "preview-port": "9091",
    checks: "/healthz 200\n/ 200 shop v2",
    "smoke-command": "npm run smoke",
    "test-results": "reports/*.xml",
    "dry-run": "true",
    format: "json",
    reason: "first try",
  });

  it.each<[Parameters<typeof nextCommand>[1], Partial<Record<InputName, string>>, string]>([
    [
      "rollback",
      {},
      "greenlight rollback --image 127.0.0.1:5000/acme/shop --username ci --live-port 9090 --preview-port 9091 --public-key-file keys/release.pub --checks '/healthz 200' --checks '/ 200 shop v2' --smoke-command 'npm run smoke'",
    ],
    [
      "rollback",
      { to: `sha256:${"b".repeat(64)}` },
      `greenlight rollback --image 127.0.0.1:5000/acme/shop --username ci --live-port 9090 --preview-port 9091 --public-key-file keys/release.pub --checks '/healthz 200' --checks '/ 200 shop v2' --smoke-command 'npm run smoke' --to sha256:${"b".repeat(64)}`,
    ],
    [
      "promote",
      {},
      "greenlight promote --image 127.0.0.1:5000/acme/shop --username ci --live-port 9090 --preview-port 9091 --public-key-file keys/release.pub --checks '/healthz 200' --checks '/ 200 shop v2'",
    ],
    [
      "reject",
      {},
      "greenlight reject --image 127.0.0.1:5000/acme/shop --username ci --live-port 9090 --preview-port 9091",
    ],
  ])("%s %j", (command, set, printed) => {
    expect(nextCommand(given, command, set)).toBe(printed);
  });

  it("never prints a secret, the dry run, the format or this run's reason", () => {
    const all = ["rollback", "promote", "reject"].map((c) => nextCommand(given, c as "rollback"));
    for (const text of all) {
      for (const leaked of [
        "s3cret",
        "PRIVATE KEY",
        "ghs_x",
        "--dry-run",
        "--format",
        "first try",
        "sha256:aaa",
      ])
        expect(text).not.toContain(leaked);
    }
  });
});

describe("errorReport: a summary for a run that stopped", () => {
  it.each([
    [
      new RefusedError("refused r@sha256:1: its provenance does not meet the policy\nsignature: bad"),
      "deploy refused: refused r@sha256:1: its provenance does not meet the policy",
    ],
    [
      new Error("registry 127.0.0.1:5000: GET /v2/ got no answer"),
      "deploy failed with an error: registry 127.0.0.1:5000: GET /v2/ got no answer",
    ],
  ])("%s", (error, title) => {
    expect(errorReport("deploy", error).title).toBe(title);
  });
});
