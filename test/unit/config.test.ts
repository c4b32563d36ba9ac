import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCheck, parseConfig } from "../../src/config";
import { describeError } from "../../src/errors";
import { splitArgs } from "../../src/input-parser";
import { INPUTS, type InputName } from "../../src/inputs";
import { generateKeyPair } from "../../src/provenance/signers/key";

const keys = generateKeyPair();
const PEM = keys.privateKeyPem;

function config(
  inputs: Partial<Record<InputName, string>>,
  env: NodeJS.ProcessEnv = {},
  files: Record<string, string> = {},
) {
  const get = (name: InputName) => inputs[name] ?? (INPUTS[name] as { default?: string }).default ?? "";
  return parseConfig(get, { GITHUB_WORKSPACE: "/w", ...env }, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error("ENOENT");
    return text;
  });
}

describe("parseConfig", () => {
  it("reads defaults into typed values", () => {
    const c = config({ image: "127.0.0.1:5000/acme/shop" });
    expect(c.command).toBe("release");
    expect(c.image).toEqual({ registry: "127.0.0.1:5000", repository: "acme/shop" });
    expect(c.build.context).toBe("/w");
    expect(c.build.push).toBe(true);
    expect(c.deploy).toMatchObject({
      app: "shop",
      environment: "production",
      livePort: 8080,
      previewPort: 8081,
    });
    expect(c.deploy.checks).toEqual([{ path: "/healthz", status: 200, body: undefined }]);
    expect(c.signing.mode).toBe("none");
  });

  it.each([
    [{}, {}, {}, "none"],
    [{ "signing-key": PEM }, {}, {}, "key"],
    [{ "signing-key-file": "k.pem" }, {}, { "/w/k.pem": PEM }, "key"],
    [{}, { ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" }, {}, "keyless"],
    [{ signing: "none", "signing-key": PEM }, {}, {}, "none"],
  ] as const)("signing auto picks the mode from what is there (%j %j)", (inputs, env, files, mode) => {
    expect(config(inputs, env, files).signing.mode).toBe(mode);
  });

  it.each([
    [{ command: "ship" }, "input 'command': 'ship' is not supported"],
    [{ push: "maybe" }, "input 'push': 'maybe' is not a boolean"],
    [{ image: "Acme/Shop" }, "input 'image' 'Acme/Shop' has upper case"],
    [{ image: "ghcr.io/acme/shop:v1" }, "input 'image': 'ghcr.io/acme/shop:v1' has a tag"],
    [{ "live-port": "70000" }, "input 'live-port': 70000 is not a port"],
    [{ "preview-port": "8080" }, "input 'preview-port': is the same as 'live-port' (8080)"],
    [{ "watch-seconds": "-1" }, "input 'watch-seconds': '-1' is not a whole number >= 0"],
    [{ signing: "key" }, "input 'signing': is 'key' but no key was given"],
    [{ "signing-key-file": "missing.pem" }, "input 'signing-key-file': cannot read 'missing.pem'"],
    [{ password: "s3cret" }, "input 'username': is empty while 'password' is set"],
    [{ username: "ci" }, "input 'password': is empty while 'username' is set (ci)"],
    [{ "source-ref": "refs/(" }, "input 'source-ref': 'refs/(' is not a regular expression"],
    [{ to: "sha256:abc" }, "input 'to' 'sha256:abc' is not a digest"],
    [{ environment: "Prod Env" }, "input 'environment': 'Prod Env' cannot name containers"],
    [{ app: "shop--api" }, "input 'app': 'shop--api' cannot name containers"],
    [{ environment: "prod-" }, "input 'environment': 'prod-' cannot name containers"],
  ] as const)("refuses %j naming the input", (inputs, message) => {
    expect(() => config(inputs)).toThrow(message);
  });

  it("splits lists on newlines and commas and drops comments", () => {
    const c = config({
      tags: "a, b\nc\n# note\n",
      platforms: "linux/amd64,linux/arm64",
      "build-args": "A=1\nB=x,y",
    });
    expect(c.build.tags).toEqual(["a", "b", "c"]);
    expect(c.build.platforms).toEqual(["linux/amd64", "linux/arm64"]);
    expect(c.build.buildArgs).toEqual(["A=1", "B=x,y"]);
  });

  it("takes the digest from an image pinned by digest, or from subject-digest", () => {
    const d = `sha256:${"b".repeat(64)}`;
    expect(config({ image: `ghcr.io/acme/shop@${d}` })).toMatchObject({
      image: { repository: "acme/shop" },
      digest: d,
    });
    expect(config({ image: "ghcr.io/acme/shop", "subject-digest": d }).digest).toBe(d);
    expect(() =>
      config({ image: `ghcr.io/acme/shop@${d}`, "subject-digest": `sha256:${"c".repeat(64)}` }),
    ).toThrow("input 'subject-digest': differs from the digest in 'image'");
  });

  it.each([
    [{}, {}, undefined],
    [{}, { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/shop" }, "https://github.com/acme/shop"],
    [
      { "source-repository": "acme/other" },
      { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/shop" },
      "acme/other",
    ],
  ])("policy source repository from %j in %j is %s", (inputs, env, expected) => {
    expect(config(inputs, env).policy.sourceRepository).toBe(expected);
  });

  it("takes subject-name as the repository when image is not set", () => {
    expect(config({ "subject-name": "ghcr.io/acme/shop" }).image?.repository).toBe("acme/shop");
  });
});

describe("smoke-env", () => {
  it("reads names to pass through and NAME=value lines", () => {
    expect(config({ "smoke-env": "API_BASE=/v1\nSMOKE_TOKEN\n# comment\nEMPTY=" }).deploy.smokeEnv).toEqual([
      { name: "API_BASE", value: "/v1" },
      { name: "SMOKE_TOKEN" },
      { name: "EMPTY", value: "" },
    ]);
  });

  it.each([
    ["1BAD=x", "input 'smoke-env': '1BAD' is not a variable name"],
    ["COLOR=red", "input 'smoke-env': 'COLOR' is set by greenlight"],
    ["INPUT_PASSWORD", "input 'smoke-env': 'INPUT_PASSWORD' holds a secret"],
    ["GITHUB_TOKEN", "input 'smoke-env': 'GITHUB_TOKEN' holds a secret"],
    ["ACTIONS_RUNTIME_TOKEN", "input 'smoke-env': 'ACTIONS_RUNTIME_TOKEN' holds a secret"],
  ])("refuses %j", (line, message) => {
    expect(() => config({ "smoke-env": line })).toThrow(message);
  });
});

describe("parseConfig: keyless trust material", () => {
  const root = JSON.stringify({
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    certificateAuthorities: [{}],
  });
  it("reads trusted-root relative to the workspace, with sigstore-instance and the TUF cache", () => {
    const c = config(
      { "trusted-root": "ghes/trusted_root.json", "sigstore-instance": "github" },
      { RUNNER_TOOL_CACHE: "/opt/cache" },
      { "/w/ghes/trusted_root.json": root },
    );
    expect(c.policy.trust).toEqual({
      instance: "github",
      tufCacheDir: "/opt/cache/greenlight/tuf",
      trustedRoot: { path: "ghes/trusted_root.json", roots: [JSON.parse(root)] },
    });
  });
  it("has no trusted root by default: auto, through TUF", () => {
    expect(config({}, { HOME: "/home/me" }).policy.trust).toEqual({
      instance: "auto",
      tufCacheDir: "/home/me/.cache/greenlight/tuf",
    });
  });
  it.each([
    [{}, "input 'trusted-root': cannot read 'missing.json'"],
    [{ "/w/missing.json": "[]" }, "input 'trusted-root': missing.json has mediaType undefined"],
  ])("refuses a trusted-root it cannot use (%j)", (files, message) => {
    expect(() => config({ "trusted-root": "missing.json" }, {}, files)).toThrow(message);
  });
  it("takes trusted-root as the JSON itself too (a repository variable passed through a workflow)", () => {
    expect(config({ "trusted-root": ` ${root}\n` }).policy.trust.trustedRoot).toEqual({
      path: "the input's JSON",
      roots: [JSON.parse(root)],
    });
  });
});

describe("parseConfig: a private Sigstore deployment (fulcio-url, rekor-url, tsa-url)", () => {
  const root = JSON.stringify({
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    certificateAuthorities: [{}],
  });
  const withRoot = (inputs: Partial<Record<InputName, string>>) =>
    config({ "trusted-root": "root.json", ...inputs }, {}, { "/w/root.json": root }).signing.privateSigstore;

  it("is off by default: the instance's services", () => {
    expect(config({}).signing.privateSigstore).toBeUndefined();
  });
  it.each([
    [
      {
        "fulcio-url": "https://fulcio.sigstore.example.com/",
        "rekor-url": "https://rekor.sigstore.example.com",
      },
      { fulcioUrl: "https://fulcio.sigstore.example.com", rekorUrl: "https://rekor.sigstore.example.com" },
    ],
    [
      {
        "fulcio-url": "https://sigstore.example.com/fulcio",
        "tsa-url": "https://sigstore.example.com/tsa/api/v1/timestamp",
      },
      {
        fulcioUrl: "https://sigstore.example.com/fulcio",
        tsaUrl: "https://sigstore.example.com/tsa/api/v1/timestamp",
      },
    ],
    [
      {
        "fulcio-url": "http://127.0.0.1:4567",
        "rekor-url": "http://localhost:4567",
        "tsa-url": "http://[::1]:4567",
      },
      { fulcioUrl: "http://127.0.0.1:4567", rekorUrl: "http://localhost:4567", tsaUrl: "http://[::1]:4567" },
    ],
  ])("takes exactly the services given (%j)", (inputs, endpoints) => {
    expect(withRoot(inputs)).toEqual(endpoints);
  });
  it.each([
    [
      { "fulcio-url": "http://fulcio.example.com", "rekor-url": "https://r.example" },
      "input 'fulcio-url': 'http://fulcio.example.com' is plain http to a host that is not loopback",
    ],
    [
      { "fulcio-url": "https://f.example", "rekor-url": "ftp://r.example" },
      "input 'rekor-url': 'ftp://r.example' is not https (ftp:)",
    ],
    [
      { "fulcio-url": "https://f.example", "tsa-url": "tsa.example" },
      "input 'tsa-url': 'tsa.example' is not a URL",
    ],
    [
      { "fulcio-url": "https://u:p@f.example", "tsa-url": "https://t.example" },
      "input 'fulcio-url': 'https://u:p@f.example' has credentials",
    ],
    [
      { "fulcio-url": "http://127.0.0.1.evil.example", "tsa-url": "https://t.example" },
      "is plain http to a host that is not loopback",
    ],
    [{ "rekor-url": "https://r.example" }, "input 'fulcio-url': is empty while 'rekor-url' is set"],
    [
      { "fulcio-url": "https://f.example" },
      "input 'rekor-url': and 'tsa-url' are both empty while 'fulcio-url' is set",
    ],
  ])("refuses %j, naming the input", (inputs, message) => {
    expect(() => withRoot(inputs)).toThrow(message);
  });
  it("requires trusted-root with them, saying why", () => {
    expect(() => config({ "fulcio-url": "https://f.example", "rekor-url": "https://r.example" })).toThrow(
      "input 'trusted-root': is empty while 'fulcio-url', 'rekor-url' is set: public-good and GitHub's trust roots cannot verify what a private Sigstore signs",
    );
  });
});

describe("parseCheck", () => {
  it.each([
    ["/healthz", { path: "/healthz", status: 200, body: undefined }],
    ["/ 200 sample app v2", { path: "/", status: 200, body: "sample app v2" }],
    ["/missing 404", { path: "/missing", status: 404, body: undefined }],
  ])("%s", (line, expected) => expect(parseCheck(line)).toEqual(expected));

  it.each([["healthz"], ["/ 999"], ["/ 200 ("]])("refuses %s", (line) => {
    expect(() => parseCheck(line)).toThrow("input 'checks'");
  });
});

describe("splitArgs", () => {
  it.each([
    ["npm run smoke", ["npm", "run", "smoke"]],
    ["sh -c 'curl -f \"$PREVIEW_URL\"'", ["sh", "-c", 'curl -f "$PREVIEW_URL"']],
    ['node "my script.js" ""', ["node", "my script.js", ""]],
    ["a\\ b c", ["a b", "c"]],
    ["  spaced   out  ", ["spaced", "out"]],
  ])("%s", (text, argv) => expect(splitArgs(text, "smoke-command")).toEqual(argv));

  it.each([["echo 'open"], ["   "]])("refuses %j", (text) => {
    expect(() => splitArgs(text, "smoke-command")).toThrow("input 'smoke-command'");
  });
});

// Found by the hostile-input table (test/integration/bad-input.test.ts): these were accepted.
describe("hostile inputs are refused, naming the input and what is valid", () => {
  it.each([
    // a number past setTimeout's 2^31-1 ms fires at once: an absurd watch or lock timeout became none
    [{ "watch-seconds": "99999999999" }, "input 'watch-seconds': 99999999999 is more than 3600"],
    [{ "lock-timeout": "1e3" }, "input 'lock-timeout': '1e3' is not a whole number"],
    [{ "lock-timeout": "86401" }, "input 'lock-timeout': 86401 is more than 3600"],
    [{ "smoke-timeout": "999999999999999999999" }, "is more than 21600"],
    [{ "check-timeout": "100000" }, "input 'check-timeout': 100000 is more than 600"],
    [{ "check-retries": "4294967297" }, "input 'check-retries': 4294967297 is more than 1000"],
    [{ "min-tests": "9007199254740993" }, "input 'min-tests': 9007199254740993 is more than 1000000"],
    [{ "max-failures": "1000001" }, "input 'max-failures': 1000001 is more than 1000000"],
    // DOCKER_HOST reaches `docker`, which hands an ssh:// host to ssh: an option there runs commands
    [{ "docker-host": "ssh://-oProxyCommand=touch /tmp/pwned" }, "input 'docker-host'"],
    [{ "docker-host": "ssh://deploy@-oProxyCommand=x" }, "cannot start with '-'"],
    [{ "docker-host": "ssh://-ldeploy@host" }, "cannot start with '-'"],
    [{ "docker-host": "ssh://deploy@host:22/?ProxyCommand=x" }, "input 'docker-host'"],
    [{ "docker-host": "ssh://deploy@host name" }, "input 'docker-host'"],
    [{ "docker-host": "ftp://host" }, "unix:///path, tcp://host:port or ssh://[user@]host[:port]"],
    [{ "docker-host": "tcp://host:99999" }, "input 'docker-host'"],
    [{ "docker-host": "/var/run/docker.sock" }, "input 'docker-host'"],
    // new URL() threw a TypeError naming no input
    [{ "public-url": "not a url" }, "input 'public-url': 'not a url' is not an http(s) URL"],
    [{ "public-url": "javascript:alert(1)" }, "input 'public-url'"],
    // the build context is what provenance attests as the checkout's: not from outside the workspace
    [{ context: "../../etc" }, "input 'context': '../../etc' is outside the workspace (/w)"],
    [{ context: "/etc" }, "input 'context': '/etc' is outside the workspace (/w)"],
    [{ file: "../Dockerfile" }, "input 'file': '../Dockerfile' is outside the workspace (/w)"],
    // keys were first read when used, the error naming a "signing key", not the input
    [
      { "signing-key": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" },
      "input 'signing-key' is not a PEM key",
    ],
    [{ "signing-key-file": "k.pem" }, "input 'signing-key-file' is not a PEM key"],
    // a private key pasted as the public key (not masked, it is not a secret input) was taken as its public half
    [{ "public-key": keys.privateKeyPem }, "input 'public-key': is a private key"],
    [
      {
        "public-key": generateKeyPairSync("ed25519")
          .publicKey.export({ type: "spki", format: "pem" })
          .toString(),
      },
      "input 'public-key' is a ed25519 key, not ECDSA P-256",
    ],
  ] as const)("%j", (inputs, message) => {
    let thrown: unknown;
    try {
      config({ image: "127.0.0.1:5000/acme/shop", ...inputs }, {}, { "/w/k.pem": "PEM" });
    } catch (error) {
      thrown = error;
    }
    // the message names the input; the hint says what is valid
    expect(describeError(thrown)).toContain(message);
    expect(describeError(thrown)).toMatch(/^input '[a-z-]+'[: ][\s\S]*\nhint: /);
  });

  it.each([
    ["unix:///var/run/docker.sock"],
    ["tcp://127.0.0.1:2375"],
    ["ssh://deploy@host.example"],
    ["ssh://root@127.0.0.1:2222"],
    ["ssh://host"],
  ])("accepts docker-host %s", (host) => {
    expect(config({ image: "127.0.0.1:5000/acme/shop", "docker-host": host }).deploy.dockerHost).toBe(host);
  });

  it("accepts the largest bound and a context inside the workspace", () => {
    const c = config({
      image: "127.0.0.1:5000/acme/shop",
      "watch-seconds": "3600",
      context: "examples/../app",
    });
    expect(c.deploy.watchSeconds).toBe(3600);
    expect(c.build.context).toBe("/w/app");
  });
});
