// `node_modules/.bin/node --import tsx bench/verify.mjs [runs=9]`: `greenlight attest` then `greenlight verify`
// (key-signed) on the distribution registry (127.0.0.1:5000: no referrers API, tag schema, htpasswd)
// vs olareg (127.0.0.1:5001: OCI 1.1 referrers API, no auth). The CLI's main() runs in this process so
// that Node's HTTP diagnostics channels (bench/requests.mjs) count every HTTP request, auth
// challenges and retries included. Each run attests a fresh digest, so no run sees the referrers of
// another. Times exclude node's start (see bench/build.mjs for the cold start).
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { main } from "../src/cli/main.ts";
import { sendRequest } from "../src/http-request.ts";
import { MemoryLogger } from "../src/log.ts";
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_MANIFEST,
  RegistryClient,
} from "../src/registry/client.ts";
import { countArg, machine, median, outputs, runId, spread, stackEnv, table, workDir } from "./lib.mjs";
import { countRequests } from "./requests.mjs";

const runs = countArg(0, 9, 50);
const stack = stackEnv();
const work = workDir("verify");
const key = join(work, "bench.key");
const repo = `bench/verify-${runId}`;
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME ?? "/root",
  RUNNER_TEMP: work, // attest keeps its bundle file here, not in the checkout
};
const registries = [
  { name: "distribution :5000 (tag schema)", registry: stack.GREENLIGHT_REGISTRY, auth: true },
  { name: "olareg :5001 (referrers API)", registry: stack.GREENLIGHT_REFERRERS_REGISTRY, auth: false },
];

// Every HTTP request of the process (requests.mjs); a command's are the ones added while it ran.
const seen = countRequests();
const since = (from) => seen.slice(from).map((r) => r.replace(repo, "<repo>"));

/** Runs the CLI's main() in-process with its stdout and stderr captured. */
async function cli(argv, extraEnv = {}) {
  let stdout = "";
  let stderr = "";
  const writes = [process.stdout.write, process.stderr.write];
  process.stdout.write = (chunk) => {
    stdout += chunk;
    return true;
  };
  process.stderr.write = (chunk) => {
    stderr += chunk;
    return true;
  };
  const started = performance.now();
  let code;
  try {
    code = await main(argv, { ...env, ...extraEnv });
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`greenlight ${argv[0]} exited ${code}:\n${stderr}`);
  return { ms, out: outputs(stdout) };
}

/** A tiny image with a random layer, so every run has a digest with no referrers yet. */
async function freshImage(target) {
  const client = new RegistryClient({
    registry: target.registry,
    ...(target.auth
      ? {
          credentials: {
            username: stack.GREENLIGHT_REGISTRY_USER,
            password: stack.GREENLIGHT_REGISTRY_PASSWORD,
          },
        }
      : {}),
    log: new MemoryLogger(),
  });
  await client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
  const layer = await client.pushBlob(repo, randomBytes(64), "application/vnd.oci.image.layer.v1.tar");
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: EMPTY_CONFIG, layers: [layer] }),
  );
  const tag = `run-${randomBytes(3).toString("hex")}`;
  const { digest } = await client.putManifest(repo, tag, manifest, OCI_MANIFEST);
  return `${target.registry}/${repo}@${digest}`;
}

async function attestThenVerify(target) {
  const image = await freshImage(target);
  const user = target.auth ? ["--username", stack.GREENLIGHT_REGISTRY_USER] : [];
  const secret = target.auth ? { GREENLIGHT_PASSWORD: stack.GREENLIGHT_REGISTRY_PASSWORD } : {};
  const before = seen.length;
  const attest = await cli(["attest", "--image", image, ...user, "--signing-key-file", key], secret);
  const attestRequests = since(before);
  const between = seen.length;
  const pub = key.replace(/\.key$/, ".pub");
  const verify = await cli(["verify", "--image", image, ...user, "--public-key-file", pub], secret);
  const verifyRequests = since(between);
  if (verify.out.verified !== "true") throw new Error(`${image} was not verified`);
  return { attest, verify, attestRequests, verifyRequests };
}

console.log(`verify: ${runs} runs per registry · ${machine()}`);
await cli(["keygen", "--signing-key-file", key]);
const results = new Map(registries.map((r) => [r.name, []]));
try {
  for (const target of registries) await attestThenVerify(target); // warm-up: module loading, JIT
  for (let i = 0; i < runs; i++) {
    for (const target of registries) results.get(target.name).push(await attestThenVerify(target));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const rows = [];
for (const target of registries) {
  const list = results.get(target.name);
  const counts = (key) => {
    const n = list.map((r) => r[key].length);
    return Math.min(...n) === Math.max(...n)
      ? String(n[0])
      : `${median(n)} (${Math.min(...n)}–${Math.max(...n)})`;
  };
  rows.push([
    target.name,
    spread(list.map((r) => r.attest.ms)),
    counts("attestRequests"),
    spread(list.map((r) => r.verify.ms)),
    counts("verifyRequests"),
  ]);
}
console.log(`\nin-process CLI main(), median (min–max) ms over ${runs} runs; HTTP requests per command:`);
console.log(table(["registry", "attest ms", "attest requests", "verify ms", "verify requests"], rows));

for (const target of registries) {
  const first = results.get(target.name)[0];
  console.log(`\n${target.name}, requests of run 1:`);
  for (const [command, list] of [
    ["attest", first.attestRequests],
    ["verify", first.verifyRequests],
  ]) {
    console.log(`  ${command}:`);
    for (const line of list) console.log(`    ${line}`);
  }
}
// What one request costs at each registry: distribution checks the htpasswd (bcrypt) password on
// every authenticated request; olareg has no auth.
const basic = Buffer.from(`${stack.GREENLIGHT_REGISTRY_USER}:${stack.GREENLIGHT_REGISTRY_PASSWORD}`).toString(
  "base64",
);
const probes = [
  ["GET /v2/ on :5000 without credentials (401)", `http://${stack.GREENLIGHT_REGISTRY}/v2/`, {}],
  [
    "GET /v2/ on :5000 with basic auth (200)",
    `http://${stack.GREENLIGHT_REGISTRY}/v2/`,
    { Authorization: `Basic ${basic}` },
  ],
  ["GET /v2/ on :5001 (200)", `http://${stack.GREENLIGHT_REFERRERS_REGISTRY}/v2/`, {}],
];
const probeRows = [];
for (const [what, url, headers] of probes) {
  const times = [];
  let status = 0;
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const { response } = await sendRequest({ url: new URL(url), method: "GET", headers, keepAlive: true });
    const answer = await response;
    for await (const _ of answer); // read to the end, so the connection is reused
    status = answer.statusCode ?? 0;
    times.push(performance.now() - started);
  }
  probeRows.push([what, status, median(times).toFixed(2)]);
}
console.log("\none request, median of 50 on a keep-alive connection:");
console.log(table(["request", "status", "ms"], probeRows));
console.log(`\n${machine()}`);
