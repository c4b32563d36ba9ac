import { describe, expect, it } from "vitest";
import { actionSources } from "../../src/action/main";
import { cliSources, parseArgv } from "../../src/cli/main";
import { describeError, GreenlightError } from "../../src/errors";
import { type Layer, mergeLayers, settingConflicts } from "../../src/input-layers";
import { INPUTS, type InputName, type InputSpec } from "../../src/inputs";
import { type Recall, readConfig } from "../../src/read-config";

describe("mergeLayers", () => {
  const layers = (...values: [Layer["name"], string | undefined][]): Layer[] =>
    values.map(([name, value]) => ({ name, values: value === undefined ? {} : { "live-port": { value } } }));
  it.each([
    [layers(["input", "1"], ["environment-section", "2"], ["file", "3"], ["target", "4"]), "1", "input"],
    [
      layers(["input", undefined], ["environment-section", "2"], ["file", "3"], ["target", "4"]),
      "2",
      "environment-section",
    ],
    [layers(["input", ""], ["environment-section", " "], ["file", "3"], ["target", "4"]), "3", "file"],
    [layers(["input", undefined], ["file", undefined], ["target", "4"]), "4", "target"],
    // given in any order, the layers keep their rank
    [layers(["target", "4"], ["file", "3"], ["input", "1"]), "1", "input"],
    [layers(["target", "4"], ["environment-section", "2"], ["file", "3"]), "2", "environment-section"],
  ])("%#: the highest layer that sets an input wins", (given, value, layer) => {
    expect(mergeLayers(given)["live-port"]).toMatchObject({ value, layer });
  });

  it("an input no layer sets is absent (its default applies)", () => {
    expect(mergeLayers(layers(["input", undefined]))["live-port"]).toBeUndefined();
  });
});

describe("settingConflicts", () => {
  const reads = new Set<InputName>(["live-port", "preview-port", "router-image", "checks"]);
  const running = { "live-port": "8080", "preview-port": "8081", "router-image": "haproxy:3.2", checks: "/" };
  it.each([
    [{ "live-port": { value: "9090", layer: "input" } }, ["live-port 8080 -> 9090"]],
    [{ "live-port": { value: "8080", layer: "input" } }, []],
    [{ "live-port": { value: "08080", layer: "file", line: 3 } }, []],
    [
      { "router-image": { value: "haproxy:3.3", layer: "environment-section", line: 2 } },
      ["router-image haproxy:3.2 -> haproxy:3.3"],
    ],
    // per-release settings just apply
    [{ checks: { value: "/healthz", layer: "input" } }, []],
    // a setting the command does not read is not held against it
    [{ "container-port": { value: "3000", layer: "input" } }, []],
    [
      { "live-port": { value: "1", layer: "input" }, "preview-port": { value: "2", layer: "file", line: 1 } },
      ["live-port 8080 -> 1", "preview-port 8081 -> 2"],
    ],
  ] as const)("%#: %j", (stated, expected) => {
    const found = settingConflicts(stated, running, reads).map(
      (c) => `${c.setting} ${c.running} -> ${c.given.value}`,
    );
    expect(found).toEqual(expected);
  });
});

const files = (entries: Record<string, string>) => (path: string) => {
  const text = entries[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  return text;
};

const FILE = [
  "image: 127.0.0.1:5000/acme/shop",
  "live-port: 7000",
  "preview-port: 7001",
  "environments:",
  "  staging:",
  "    live-port: 9090",
  "    preview-port: 9091",
  "    checks: [/healthz 200, / 200]",
  "  production: {}",
  "",
].join("\n");

async function configOf(
  flags: string[],
  options: { file?: string; recall?: Recall; extra?: Record<string, string> } = {},
) {
  const { command, values } = parseArgv(flags);
  const sources = cliSources(values, {});
  const recall: Recall = options.recall ?? (async () => undefined);
  return readConfig(
    { ...sources, given: (name) => (name === "command" ? command : sources.given(name)) },
    { GITHUB_WORKSPACE: "/w" },
    files({ ...(options.file !== undefined ? { "/w/greenlight.yml": options.file } : {}), ...options.extra }),
    recall,
  );
}

const shopStaging: Recall = async ({ environment }) =>
  environment === "staging"
    ? {
        where: "router shop--staging--router",
        values: {
          target: "docker",
          app: "shop",
          image: "127.0.0.1:5000/acme/shop",
          "live-port": "9090",
          "preview-port": "9091",
          "router-image": "haproxy:3.2",
          "container-port": "8080",
          "preview-address": "127.0.0.1",
        },
      }
    : undefined;

describe("readConfig", () => {
  it.each([
    // [flags, file?, live, preview, environment]
    [["deploy"], undefined, 8080, 8081, "production"],
    [["deploy"], FILE, 7000, 7001, "production"],
    [["deploy", "--environment", "staging"], FILE, 9090, 9091, "staging"],
    [["deploy", "--environment", "staging", "--live-port", "9090"], FILE, 9090, 9091, "staging"],
    [["deploy", "--live-port", "6000"], FILE, 6000, 7001, "production"],
    [
      ["deploy"],
      "environment: staging\nenvironments: { staging: { live-port: 5000 } }",
      5000,
      8081,
      "staging",
    ],
  ])("%j with greenlight.yml %j", async (flags, file, live, preview, environment) => {
    const c = await configOf(flags, { ...(file !== undefined ? { file } : {}) });
    expect(c.deploy).toMatchObject({ livePort: live, previewPort: preview, environment });
  });

  it("an environment's section holds its own checks; lists become lines", async () => {
    const c = await configOf(["deploy", "--environment", "staging"], { file: FILE });
    expect(c.deploy.checks.map((x) => x.path)).toEqual(["/healthz", "/"]);
  });

  it("status, rollback and history need only the environment's name: the rest is remembered", async () => {
    for (const command of ["status", "rollback", "history", "promote", "reject", "unlock"]) {
      const c = await configOf([command, "--environment", "staging"], { recall: shopStaging });
      expect(c.image).toEqual({ registry: "127.0.0.1:5000", repository: "acme/shop" });
      expect(c.deploy).toMatchObject({ app: "shop", environment: "staging" });
      if (command !== "history" && command !== "unlock")
        expect(c.deploy).toMatchObject({ livePort: 9090, previewPort: 9091 });
    }
  });

  it("a given port that differs from the environment's is refused, naming both and where it was given", async () => {
    const flag = configOf(["deploy", "--environment", "staging", "--live-port", "8080"], {
      recall: shopStaging,
    });
    await expect(flag).rejects.toThrow(
      "environment staging runs with live-port 9090, you gave 8080 (as an input): an environment's ports and router are fixed when it is created (router shop--staging--router)",
    );
    const file = configOf(["rollback", "--environment", "staging"], {
      recall: shopStaging,
      file: "environments:\n  staging:\n    preview-port: 7001\n",
    });
    await expect(file).rejects.toThrow(
      "runs with preview-port 9091, you gave 7001 (in greenlight.yml line 3 (environments.staging))",
    );
    const error = await file.catch((e: unknown) => e);
    expect(describeError(error)).toContain("hint: omit 'preview-port' (the environment's own value is used)");
  });

  it("a malformed value is named as such, before any difference from the environment", async () => {
    await expect(
      configOf(["deploy", "--environment", "staging", "--live-port", "0"], { recall: shopStaging }),
    ).rejects.toThrow("input 'live-port': '0' is not a whole number >= 1");
  });

  it("the top level of the file is held against the environment too; a matching value is fine", async () => {
    await expect(
      configOf(["deploy", "--environment", "staging"], { recall: shopStaging, file: FILE }),
    ).resolves.toBeDefined();
    await expect(
      configOf(["status", "--environment", "staging"], {
        recall: shopStaging,
        file: "router-image: haproxy:3.3\n",
      }),
    ).rejects.toThrow("runs with router-image haproxy:3.2, you gave haproxy:3.3 (in greenlight.yml line 1)");
  });

  it("asks the target with the app of the image, only for commands that read an environment", async () => {
    const asked: unknown[] = [];
    const recall: Recall = async (query) => {
      asked.push(query);
      return undefined;
    };
    await configOf(["deploy", "--image", `127.0.0.1:5000/acme/cart@sha256:${"a".repeat(64)}`], { recall });
    await configOf(["build", "--image", "127.0.0.1:5000/acme/cart"], { recall });
    await configOf(["verify", "--image", `127.0.0.1:5000/acme/cart@sha256:${"a".repeat(64)}`], { recall });
    await configOf(["status", "--app", "web", "--environment", "qa", "--docker-host", "ssh://deploy@h"], {
      recall,
    });
    expect(asked).toEqual([
      { target: "docker", app: "cart", environment: "production", dockerHost: undefined },
      { target: "docker", app: "web", environment: "qa", dockerHost: "ssh://deploy@h" },
    ]);
  });

  it("a Kubernetes environment is asked with the kubeconfig and namespace; what its live Service records applies", async () => {
    const asked: unknown[] = [];
    const recall: Recall = async (query) => {
      asked.push(query);
      return {
        where: "Service shop-ns/shop",
        values: {
          target: "kubernetes",
          app: "shop",
          image: "127.0.0.1:5000/acme/shop",
          "keep-seconds": "90",
          "preview-access": "port-forward",
        },
      };
    };
    const file = "target: kubernetes\nnamespace: shop-ns\nkubeconfig: kube/config\n";
    for (const command of ["status", "promote", "reject", "rollback", "history"]) {
      const c = await configOf([command, "--environment", "staging"], { recall, file });
      expect(c.image).toEqual({ registry: "127.0.0.1:5000", repository: "acme/shop" });
      expect(c.deploy).toMatchObject({ app: "shop", target: "kubernetes" });
      expect(c.deploy.kubernetes).toMatchObject({
        namespace: "shop-ns",
        keepSeconds: 90,
        previewAccess: "port-forward",
        manifests: undefined,
      });
    }
    expect(asked[0]).toEqual({
      target: "kubernetes",
      app: undefined,
      environment: "staging",
      dockerHost: undefined,
      kubeconfig: { path: "/w/kube/config" },
      namespace: "shop-ns",
    });
    // a per-release setting given applies to this run
    const given = await configOf(["promote", "--environment", "staging", "--keep-seconds", "5"], {
      recall,
      file,
    });
    expect(given.deploy.kubernetes?.keepSeconds).toBe(5);
  });

  it("the target's refusal to guess between apps reaches the user", async () => {
    const recall: Recall = async () => {
      throw new GreenlightError("environment production exists for 2 apps on this Docker engine: cart, shop");
    };
    await expect(configOf(["status"], { recall })).rejects.toThrow("exists for 2 apps");
  });

  it("an unreachable engine remembers nothing: the command meets it later", async () => {
    const recall: Recall = async () => {
      throw new Error("connect ENOENT /var/run/docker.sock");
    };
    expect((await configOf(["deploy"], { recall })).deploy.livePort).toBe(8080);
  });

  it.each([
    [["deploy", "--config-file", "deploy/gl.yml"], "input 'config-file': cannot read 'deploy/gl.yml'"],
    [
      ["deploy"],
      'greenlight.yml line 1: "live_port" is not a setting; did you mean "live-port"?',
      "live_port: 1",
    ],
    [["deploy"], '"live-port" in greenlight.yml line 1: 70000 is not a port', "live-port: 70000"],
    [
      ["deploy", "--environment", "qa"],
      "\"promotion\" in greenlight.yml line 3 (environments.qa): 'later' is not supported",
      "environments:\n  qa:\n    promotion: later",
    ],
    [["deploy"], "\"verify\" in greenlight.yml line 1: 'maybe' is not a boolean", "verify: maybe"],
  ])("%j: a bad file or value names the file and line (%#)", async (flags, message, file?: string) => {
    await expect(configOf(flags, { ...(file ? { file } : {}) })).rejects.toThrow(message);
  });

  it.each([
    [
      ["deploy", "--environment", "stagign"],
      "greenlight.yml line 4: the environment given, 'stagign', is not one of its environments (staging, production); did you mean \"staging\"?",
    ],
    [
      ["status"],
      'greenlight.yml line 1: "environment: qa" is not one of its environments (staging)',
      "environment: qa\nenvironments:\n  staging: {}\n",
    ],
    [
      ["rollback"],
      "greenlight.yml line 1: the default environment 'production' is not one of its environments (staging)",
      "environments:\n  staging: {}\n",
    ],
  ])(
    "%j: an environment the file does not list is refused, naming it (%#)",
    async (flags, message, file = FILE) => {
      const refused = configOf(flags, { file });
      await expect(refused).rejects.toThrow(message);
      expect(describeError(await refused.catch((e: unknown) => e))).toMatch(
        /hint: one of .*, or add its section/,
      );
    },
  );

  it("a file without environments, and commands that read none, take any environment", async () => {
    await expect(
      configOf(["deploy", "--environment", "qa"], { file: "live-port: 7000\n" }),
    ).resolves.toBeDefined();
    await expect(
      configOf(["build", "--environment", "qa", "--image", "127.0.0.1:5000/acme/shop"], { file: FILE }),
    ).resolves.toBeDefined();
  });

  it("reads the file config-file names", async () => {
    const c = await configOf(["deploy", "--config-file", "deploy/gl.yml"], {
      extra: { "/w/deploy/gl.yml": "live-port: 4000\n" },
    });
    expect(c.deploy.livePort).toBe(4000);
  });
});

describe("the action's inputs", () => {
  it("an input equal to action.yml's default counts as not given, so the file wins", async () => {
    // what the runner hands the action: the step's inputs, and action.yml's defaults for the rest
    const step: Partial<Record<InputName, string>> = {
      command: "deploy",
      "live-port": "8080",
      "preview-port": "9191",
      environment: "production",
    };
    const sources = actionSources((name) => step[name] ?? (INPUTS[name] as InputSpec).default ?? "");
    expect(sources.given("live-port")).toBe("");
    expect(sources.given("preview-port")).toBe("9191");
    expect(sources.fallback("live-port")).toBe("8080");
    const c = await readConfig(
      sources,
      { GITHUB_WORKSPACE: "/w" },
      files({ "/w/greenlight.yml": FILE }),
      async () => undefined,
    );
    expect(c.deploy).toMatchObject({ livePort: 7000, previewPort: 9191 });
  });
});
