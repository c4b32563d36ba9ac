// The malformed and hostile inputs tried against both front ends (test/integration/bad-input.test.ts
// runs them on the real stack; docs/reliability.md lists them, checked by test/unit/reliability-doc.test.ts).
// Each row: what is tried, through which front end, and what the error must say: the input it names
// and what would be valid. Placeholders in values: {registry}, {repo}, {livePort}, {privateKey}, {v2} (a digest attested,
// not deployed), {junit} (a directory holding JUNIT_FILES) and {settings} (one holding SETTINGS_FILES).

export type FrontEnd = "cli" | "action";

export interface BadInput {
  /** What is tried, one line (also the row of the doc's table). */
  name: string;
  front: FrontEnd;
  command: string;
  /** Inputs over the valid base ones (an empty string removes a base input). */
  inputs: Record<string, string>;
  /** CLI only: raw arguments after the command instead of flags made from `inputs`. */
  argv?: string[];
  /** The error: names the input and the problem. */
  error: RegExp;
  /** What would be valid (the hint). */
  valid: RegExp;
  /** The ledger may gain one `refused` record (a gate refused the deploy under the lock); nothing else changes. */
  refusedRecord?: true;
}

const META = "$(touch /tmp/greenlight-pwned);`id`|rm -rf /";
const digest0 = `sha256:${"0".repeat(64)}`;

// biome-ignore format: a table, one row per line
const rows: [string, FrontEnd, string, Record<string, string>, RegExp, RegExp, string[]?][] = [
  // commands and modes
  ["unknown command", "cli", "ship", {}, /input 'command': 'ship' is not (supported|a command)/, /release, build, attest/],
  ["command with shell metacharacters", "action", `deploy; ${META}`, {}, /input 'command': 'deploy; \$\(touch/, /release, build, attest/],
  ["empty command", "action", "", {}, /input 'command': '' is not supported/, /release, build/],
  ["unknown flag", "cli", "deploy", {}, /--imagee is not a flag of greenlight; did you mean --image\?/, /flags are listed by greenlight deploy --help/, ["--imagee", "x"]],
  ["flag without a value", "cli", "deploy", {}, /input 'image': is given without a value/, /--image <value>/, ["--app", "x", "--image"]],
  ["stray positional argument", "cli", "deploy", {}, /input 'argv': unexpected argument 'now'/, /--<input> <value> pairs/, ["now"]],
  ["flag 'command' on the CLI", "cli", "deploy", {}, /--command is not a flag of greenlight/, /flags are listed/, ["--command", "build"]],
  ["promotion mode unknown", "cli", "deploy", { promotion: "yolo" }, /input 'promotion': 'yolo' is not supported/, /auto, manual/],
  ["builder unknown", "action", "build", { builder: "podman" }, /input 'builder': 'podman' is not supported/, /auto, buildx, classic/],
  ["signing mode unknown", "cli", "attest", { signing: "gpg" }, /input 'signing': 'gpg' is not supported/, /auto, keyless, key, none/],
  ["sigstore instance unknown", "action", "attest", { "sigstore-instance": "evil.example" }, /input 'sigstore-instance': 'evil.example' is not supported/, /auto, public-good, github/],
  ["boolean that is not one", "cli", "deploy", { "dry-run": "perhaps" }, /input 'dry-run': 'perhaps' is not a boolean/, /true or false/],
  ["verify: maybe", "action", "deploy", { verify: "maybe" }, /input 'verify': 'maybe' is not a boolean/, /true or false/],
  // references, digests, tags
  ["image with a tag", "cli", "deploy", { image: "{registry}/{repo}:latest" }, /input 'image': '.*:latest' has a tag/, /pinned by digest/],
  ["image with shell metacharacters", "action", "deploy", { image: `{registry}/shop;${META}` }, /input 'image'/, /./],
  ["image in upper case", "cli", "status", { image: "{registry}/Acme/Shop" }, /input 'image' .*upper case/, /./],
  ["image with a newline", "action", "deploy", { image: "{registry}/{repo}\nghcr.io/evil/app" }, /input 'image'/, /./],
  ["digest that is not hex", "cli", "deploy", { image: "{registry}/{repo}@sha256:xyz" }, /input 'image'.*is not a digest|input 'image'/, /./],
  ["digest of another algorithm", "action", "verify", { image: "{registry}/{repo}@md5:d41d8cd98f00b204e9800998ecf8427e" }, /input 'image'/, /./],
  ["subject-digest too short", "cli", "verify", { "subject-digest": "sha256:abc" }, /input 'subject-digest' 'sha256:abc' is not a digest/, /./],
  ["subject-digest differs from the image's", "action", "verify", { image: `{registry}/{repo}@${digest0}`, "subject-digest": `sha256:${"1".repeat(64)}` }, /input 'subject-digest': differs from the digest in 'image'/, /one digest/],
  ["rollback to a malformed digest", "cli", "rollback", { to: "sha256:123" }, /input 'to' 'sha256:123' is not a digest/, /./],
  ["tag with shell metacharacters", "cli", "build", { tags: "v1;rm -rf /" }, /tags 'v1;rm -rf \/' has an invalid/, /./],
  ["tag with command substitution", "action", "build", { tags: "$(reboot)" }, /tag '\$\(reboot\)'|input 'tags'/, /./],
  ["tag of 200 characters", "cli", "build", { tags: "a".repeat(200) }, /input 'tags'|tag 'a{10}/, /./],
  ["tag that is the ledger's", "action", "build", { tags: "greenlight.ledger.hostile" }, /greenlight\.ledger\.hostile/, /./],
  ["ledger-repository with a tag", "cli", "status", { "ledger-repository": "{registry}/{repo}:x" }, /input 'ledger-repository': '.*:x' has a tag/, /a repository only/],
  // paths outside the workspace
  ["build context outside the workspace", "cli", "build", { context: "../../.." }, /input 'context': '..\/..\/..' is outside the workspace/, /inside the checkout/],
  ["build context an absolute system path", "action", "build", { context: "/etc" }, /input 'context': '\/etc' is outside the workspace/, /inside the checkout/],
  ["Dockerfile outside the workspace", "cli", "build", { file: "../../../etc/passwd" }, /input 'file': '.*' is outside the workspace/, /inside the checkout/],
  ["signing key file that does not exist", "action", "attest", { "signing-key": "", "signing-key-file": "../../no/such.key" }, /input 'signing-key-file': cannot read/, /a readable file path/],
  ["signing key file that is a system file", "cli", "attest", { "signing-key-file": "/etc/passwd" }, /input 'signing-key-file' is not a PEM key/, /ECDSA P-256/],
  // numbers
  ["live port 0", "cli", "deploy", { "live-port": "0" }, /input 'live-port': '0' is not a whole number >= 1/, /1 to 65535/],
  ["live port negative", "action", "deploy", { "live-port": "-1" }, /input 'live-port': '-1' is not a whole number/, /1 to 65535/],
  ["preview port 65536", "cli", "deploy", { "preview-port": "65536" }, /input 'preview-port': 65536 is not a port/, /1-65535/],
  ["port in hex", "action", "deploy", { "live-port": "0x50" }, /input 'live-port': '0x50' is not a whole number/, /1 to 65535/],
  ["port in exponent form", "cli", "deploy", { "container-port": "8e3" }, /input 'container-port': '8e3' is not a whole number/, /1 to 65535/],
  ["container port past 2^64", "action", "deploy", { "container-port": "99999999999999999999" }, /input 'container-port': 99999999999999999999 is not a port/, /1-65535/],
  ["preview port equal to live port", "cli", "deploy", { "preview-port": "{livePort}" }, /input 'preview-port': is the same as (--live-port|'live-port')/, /two different ports/],
  ["watch-seconds past a timer's range", "cli", "deploy", { "watch-seconds": "99999999999" }, /input 'watch-seconds': 99999999999 is more than 3600/, /from 0 to 3600/],
  ["lock-timeout negative", "action", "deploy", { "lock-timeout": "-5" }, /input 'lock-timeout': '-5' is not a whole number/, /from 0 to 3600/],
  ["lock-timeout fractional", "cli", "rollback", { "lock-timeout": "1.5" }, /input 'lock-timeout': '1.5' is not a whole number/, /from 0 to 3600/],
  ["lock-timeout repeated, last absurd", "cli", "deploy", {}, /input 'lock-timeout': 86400 is more than 3600/, /from 0 to 3600/, ["--lock-timeout", "5", "--lock-timeout", "86400"]],
  ["smoke-timeout Infinity", "action", "deploy", { "smoke-timeout": "Infinity" }, /input 'smoke-timeout': 'Infinity' is not a whole number/, /from 1 to 21600/],
  ["smoke-timeout 1e308", "cli", "deploy", { "smoke-timeout": "1e308" }, /input 'smoke-timeout': '1e308' is not a whole number/, /from 1 to 21600/],
  ["check-retries 0", "action", "deploy", { "check-retries": "0" }, /input 'check-retries': '0' is not a whole number >= 1/, /from 1 to 1000/],
  ["check-timeout 100000", "cli", "deploy", { "check-timeout": "100000" }, /input 'check-timeout': 100000 is more than 600/, /from 1 to 600/],
  ["min-tests past 2^53", "action", "deploy", { "min-tests": "9007199254740993" }, /input 'min-tests': 9007199254740993 is more than 1000000/, /from 0 to 1000000/],
  ["max-failures negative", "cli", "deploy", { "max-failures": "-1" }, /input 'max-failures': '-1' is not a whole number/, /from 0 to 1000000/],
  ["history window past what a date holds", "cli", "history", { window: "99999999999w" }, /input 'window': '99999999999w' is not a span/, /at most 36500d/],
  ["metrics since an absurd span", "action", "metrics", { since: "5300w" }, /input 'since': '5300w' is neither an ISO 8601 time nor a span back from now \(of at most 36500d\)/, /e\.g\. 2026-11-01/],
  // checks, smoke, env
  ["check without a path", "cli", "deploy", { checks: "healthz" }, /input 'checks': 'healthz' does not start with a path/, /<path> \[status\] \[body regexp\]/],
  ["check with status 999", "action", "deploy", { checks: "/ 999" }, /input 'checks': '\/ 999' has status '999'/, /<path> \[status\]/],
  ["check body regexp that does not compile", "cli", "deploy", { checks: "/ 200 (" }, /input 'checks': '\(' is not a regular expression/, /JavaScript regular expression/],
  ["smoke command with an open quote", "action", "deploy", { "smoke-command": "sh -c 'curl $PREVIEW_URL" }, /input 'smoke-command': has an unclosed '/, /balanced quotes/],
  ["smoke-env passing a secret through", "cli", "deploy", { "smoke-env": "GREENLIGHT_PASSWORD" }, /input 'smoke-env': 'GREENLIGHT_PASSWORD' holds a secret/, /NAME=value/],
  ["smoke-env with a bad name", "action", "deploy", { "smoke-env": "1X=$(id)" }, /input 'smoke-env': '1X' is not a variable name/, /NAME=value/],
  ["public-url that is not http", "cli", "deploy", { "public-url": "javascript:alert(1)" }, /input 'public-url': 'javascript:alert\(1\)' is not an http\(s\) URL/, /https:\/\/shop\.example\.com/],
  ["public-url that is not a URL", "action", "deploy", { "public-url": "not a url" }, /input 'public-url': 'not a url' is not an http\(s\) URL/, /e\.g\./],
  // keys and policies
  ["public key that is not PEM", "cli", "verify", { "public-key-file": "", "public-key": "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----", }, /input 'public-key' is not a PEM key/, /ECDSA P-256/],
  ["private key given as the public key", "action", "deploy", { "public-key": "{privateKey}" }, /input 'public-key': is a private key/, /the public key/],
  ["signing key that is not PEM", "action", "attest", { "signing-key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }, /input 'signing-key' is not a PEM key/, /ECDSA P-256/],
  ["signing: key without a key", "cli", "attest", { signing: "key", "signing-key-file": "" }, /input 'signing': is 'key' but no key was given/, /signing-key/],
  ["certificate identity regexp that does not compile", "action", "verify", { "certificate-identity-regexp": "^https://github.com/(" }, /input 'certificate-identity-regexp': .* is not a regular expression/, /JavaScript regular expression/],
  ["source-ref regexp that does not compile", "cli", "deploy", { "source-ref": "refs/heads/[" }, /input 'source-ref': 'refs\/heads\/\[' is not a regular expression/, /JavaScript regular expression/],
  ["password without a username", "action", "status", { username: "" }, /input 'username': is empty while 'password' is set/, /a user name/],
  // docker-host
  ["docker-host ssh://-oProxyCommand=…", "cli", "deploy", { "docker-host": "ssh://-oProxyCommand=touch /tmp/greenlight-pwned" }, /input 'docker-host': 'ssh:\/\/-oProxyCommand/, /ssh:\/\/\[user@\]host\[:port\]/],
  ["docker-host user that is an ssh option", "action", "deploy", { "docker-host": "ssh://-oProxyCommand=x@host" }, /input 'docker-host'.* cannot start with '-'/, /ssh:\/\/\[user@\]host/],
  ["docker-host host that is an ssh option", "cli", "rollback", { "docker-host": "ssh://deploy@-oProxyCommand=x" }, /input 'docker-host'.* cannot start with '-'/, /ssh:\/\/\[user@\]host/],
  ["docker-host with a query", "action", "status", { "docker-host": "ssh://deploy@host?ProxyCommand=x" }, /input 'docker-host': .* is not a Docker Engine address/, /unix:\/\/\/path/],
  ["docker-host of another scheme", "cli", "deploy", { "docker-host": "ftp://127.0.0.1" }, /input 'docker-host': 'ftp:\/\/127\.0\.0\.1' is not a Docker Engine address/, /unix:\/\/\/path/],
  // names that collide or cannot name containers
  ["app name with '--' (would collide)", "cli", "deploy", { app: "shop--api" }, /input 'app': 'shop--api' cannot name containers/, /not '--'/],
  ["environment ending in '-' (would collide)", "action", "deploy", { environment: "prod-" }, /input 'environment': 'prod-' cannot name containers/, /not at the end/],
  ["app name in upper case", "cli", "status", { app: "Shop" }, /input 'app': 'Shop' cannot name containers/, /lower-case letters/],
  ["environment with a slash", "action", "rollback", { environment: "prod/../x" }, /input 'environment': 'prod\/..\/x' cannot name containers/, /lower-case letters/],
  ["app name of 60 characters", "cli", "deploy", { app: "a".repeat(60) }, /input 'app': 'a+' cannot name containers/, /at most 41 characters/],
  ["environment with shell metacharacters", "action", "deploy", { environment: "prod;id" }, /input 'environment': 'prod;id' cannot name containers/, /lower-case letters/],
  ["container-env without '='", "cli", "deploy", { "container-env": "JUST_A_NAME" }, /container-env/, /NAME=value|=/],
  // greenlight.yml (config-file): each refusal names the file, the line and what is valid
  ["greenlight.yml that is not YAML", "cli", "deploy", { "config-file": "{settings}/not-yaml.yml" }, /not-yaml\.yml line 2: is not YAML \(Tabs are not allowed as indentation\)/, /a YAML mapping of input names to values/],
  ["greenlight.yml with an unknown key", "action", "status", { "config-file": "{settings}/unknown-key.yml" }, /unknown-key\.yml line 1: "live_port" is not a setting; did you mean "live-port"\?/, /greenlight's input names/],
  ["greenlight.yml with a number that is not one", "cli", "deploy", { "config-file": "{settings}/wrong-number.yml" }, /"check-retries" in .*wrong-number\.yml line 3 \(environments\.hostile\): 'many' is not a whole number/, /from 1 to 1000/],
  ["greenlight.yml with a mapping for a list", "action", "deploy", { "config-file": "{settings}/wrong-shape.yml" }, /wrong-shape\.yml line 1: "checks" is a mapping/, /"checks: <value>", or a list/],
  ["greenlight.yml without the environment", "cli", "rollback", { "config-file": "{settings}/other-envs.yml" }, /other-envs\.yml line 1: the environment given, 'hostile', is not one of its environments \(hostil, production\); did you mean "hostil"\?/, /one of hostil, production, or add its section/],
  ["greenlight.yml holding a secret", "action", "deploy", { "config-file": "{settings}/secret.yml" }, /secret\.yml line 2: "signing-key" is a secret/, /secrets\.NAME/],
  // malformed JUnit: read under the lock as the pre-stage gate, so the refusal is recorded in the ledger
  ["JUnit that is not XML", "cli", "deploy", { image: "{registry}/{repo}@{v2}", "test-results": "{junit}/not-xml.xml" }, /test results '.*not-xml\.xml' are not well-formed XML/, /JUnit XML files/],
  ["JUnit with an external entity (XXE)", "cli", "deploy", { image: "{registry}/{repo}@{v2}", "test-results": "{junit}/xxe.xml" }, /test results '.*xxe\.xml' have a DOCTYPE/, /JUnit XML files/],
  ["JUnit with nested entities (billion laughs)", "cli", "deploy", { image: "{registry}/{repo}@{v2}", "test-results": "{junit}/laughs.xml" }, /test results '.*laughs\.xml' have a DOCTYPE/, /JUnit XML files/],
  ["JUnit with negative counts", "cli", "deploy", { image: "{registry}/{repo}@{v2}", "test-results": "{junit}/negative.xml" }, /0 tests ran, at least 1 required/, /./],
  ["JUnit glob matching nothing", "cli", "deploy", { image: "{registry}/{repo}@{v2}", "test-results": "{junit}/none-*.xml" }, /no JUnit file matched/, /test job wrote its results/],
];

export const BAD_INPUTS: BadInput[] = rows.map(([name, front, command, inputs, error, valid, argv]) => ({
  name,
  front,
  command,
  inputs,
  error,
  valid,
  ...(argv ? { argv } : {}),
  ...(inputs["test-results"] ? { refusedRecord: true as const } : {}),
}));

/** greenlight.yml files for the settings-file rows, by name (placeholder {settings}: their directory). */
export const SETTINGS_FILES: Record<string, string> = {
  "not-yaml.yml": "watch-seconds: 1\n\tchecks: /healthz 200\n",
  "unknown-key.yml": "live_port: 8080\n",
  "wrong-number.yml": "environments:\n  hostile:\n    check-retries: many\n",
  "wrong-shape.yml": "checks: { path: /healthz }\n",
  "other-envs.yml": "environments:\n  hostil: {}\n  production: {}\n",
  "secret.yml":
    "watch-seconds: 1\nsigning-key: |\n  -----BEGIN PRIVATE KEY-----\n  AAAA\n  -----END PRIVATE KEY-----\n",
};

/** JUnit files for the malformed-JUnit rows, by name. */
export const JUNIT_FILES: Record<string, string> = {
  "not-xml.xml": "this is { not xml at all <<<",
  "xxe.xml": `<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<testsuite tests="1"><testcase name="&x;"/></testsuite>\n`,
  "laughs.xml": `<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n<testsuite tests="1"><testcase name="&d;&d;&d;&d;"/></testsuite>\n`,
  "negative.xml": `<testsuite name="s" tests="-5" failures="-3" errors="-1"></testsuite>\n`,
};
