import { describe, expect, it } from "vitest";
import { describeError } from "../../src/errors";
import { parseSettingsFile } from "../../src/settings-file";

describe("greenlight.yml", () => {
  it("reads top-level inputs and environment sections as input strings with their lines", () => {
    const file = parseSettingsFile(
      [
        "image: ghcr.io/acme/shop",
        "verify: false",
        "checks:",
        "  - /healthz 200",
        "  - / 200 shop",
        "environments:",
        "  staging:",
        "    live-port: 9090",
        "    container-env: [LOG=debug, MODE=staging]",
        "  production: {}",
        "  qa:",
      ].join("\n"),
      "greenlight.yml",
    );
    expect(file.top).toEqual({
      image: { value: "ghcr.io/acme/shop", line: 1 },
      verify: { value: "false", line: 2 },
      checks: { value: "/healthz 200\n/ 200 shop", line: 3 },
    });
    expect(file.environments).toEqual({
      staging: {
        "live-port": { value: "9090", line: 8 },
        "container-env": { value: "LOG=debug\nMODE=staging", line: 9 },
      },
      production: {},
      qa: {},
    });
  });

  it.each([[""], ["# nothing yet\n"], ["---\n"]])("an empty file sets nothing (%j)", (text) => {
    expect(parseSettingsFile(text, "greenlight.yml")).toEqual({
      path: "greenlight.yml",
      top: {},
      environments: {},
    });
  });

  it.each([
    ["live_port: 9090", 'greenlight.yml line 1: "live_port" is not a setting; did you mean "live-port"?'],
    ["environments:\n  prod:\n    chekcs: /", 'line 3: "chekcs" is not a setting; did you mean "checks"?'],
    ["enviroments: {}", 'line 1: "enviroments" is not a setting; did you mean "environments"?'],
    ["password: hunter2", 'line 1: "password" is a secret, and greenlight.yml is kept in the repository'],
    ["signing-key: abc", 'line 1: "signing-key" is a secret'],
    ["github-token: ghp_x", 'line 1: "github-token" is a secret'],
    ["registry-password: x", 'line 1: "registry-password" is a secret'],
    ["ssh-private-key: x", 'line 1: "ssh-private-key" is a secret'],
    ["kubeconfig: |\n  apiVersion: v1\n", 'line 1: "kubeconfig" is a secret'],
    ["command: deploy", 'line 1: "command" is about one run, not a setting'],
    ["to: sha256:abc", 'line 1: "to" is about one run'],
    ["environments:\n  prod:\n    environment: x", 'line 3: "environment" inside an environment section'],
    ["live-port: [1, 2]", 'line 1: "live-port" takes one value, not a list'],
    ["live-port: { a: 1 }", 'line 1: "live-port" is a mapping'],
    ["live-port:", 'line 1: "live-port" has no value'],
    ["checks:\n  - { path: / }", 'line 2: "checks" has an item that is not a plain value'],
    ["environments: [prod]", 'line 1: "environments" is not a mapping'],
    ["environments:\n  Prod--1: {}", 'line 2: "Prod--1" cannot name an environment'],
    ["environments:\n  prod: 8080", 'line 2: environment "prod" is not a mapping'],
    ["- live-port", "line 1: is not a mapping"],
    ["image: a\nimage: b", "line 2: is not YAML (Map keys must be unique)"],
    ["image: [unclosed", "line 1: is not YAML"],
    // the line of the error, not the file's first
    ['watch-seconds: 1\nchecks: "/healthz', "line 2: is not YAML (Missing closing"],
  ])("refuses %j naming the file, the line and the key", (text, message) => {
    expect(() => parseSettingsFile(text, "greenlight.yml")).toThrow(message);
  });

  it("says where a secret goes instead, and what the keys are", () => {
    const secret = () => parseSettingsFile("password: x", "greenlight.yml");
    expect(() => secret()).toThrow();
    try {
      secret();
    } catch (error) {
      expect(describeError(error)).toContain("hint: remove it; pass it as");
      expect(describeError(error)).toContain("GREENLIGHT_PASSWORD");
    }
    try {
      parseSettingsFile("bogus: 1", "greenlight.yml");
    } catch (error) {
      expect(describeError(error)).toContain("hint: greenlight's input names");
    }
  });

  it("a kubeconfig given as a path is a setting, not a secret", () => {
    expect(parseSettingsFile("kubeconfig: ~/.kube/staging", "g.yml").top.kubeconfig?.value).toBe(
      "~/.kube/staging",
    );
  });
});
