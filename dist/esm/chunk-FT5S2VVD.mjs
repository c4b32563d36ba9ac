import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  XMLParser
} from "./chunk-L2RMZWNA.mjs";
import {
  readCapped,
  responseHeaders,
  sendRequest
} from "./chunk-IGPL5ZXV.mjs";
import {
  requireDigest,
  requireImage
} from "./chunk-KJMW63FX.mjs";
import {
  leaseTiming
} from "./chunk-3OL7I2IW.mjs";
import {
  shellQuote
} from "./chunk-AXO4PEG5.mjs";
import {
  dockerConfigDir,
  dockerCredentials,
  parseKeyValues
} from "./chunk-C2XBBE6F.mjs";
import "./chunk-YKFOBVSN.mjs";
import {
  exec
} from "./chunk-HLSVML6X.mjs";
import {
  RegistryError,
  errorDetail,
  readErrorBody
} from "./chunk-3XIWZO76.mjs";
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  MANIFEST_TYPES,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
  sha256Digest
} from "./chunk-FAICATJQ.mjs";
import {
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
import {
  GreenlightError,
  lastLines
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/services.ts
import { join as join3 } from "node:path";

// src/gate/checks.ts
import { setTimeout as sleep } from "node:timers/promises";
async function probe(baseUrl, check) {
  const url = joinUrl(baseUrl, check.path);
  const expected = check.status ?? 200;
  try {
    const { status, body } = await getOnce(url, check.timeoutMs ?? 5e3, check.signal);
    if (status !== expected) {
      return { problem: `GET ${url}: status ${status}, expected ${expected}`, status };
    }
    if (check.body !== void 0 && !new RegExp(check.body).test(body)) {
      const seen = body.trim().slice(0, 80);
      return { problem: `GET ${url}: body '${seen}' does not match /${check.body}/`, status };
    }
    return { problem: void 0, status };
  } catch (error) {
    return { problem: `GET ${url}: ${reasonOf(error)}` };
  }
}
var PROBE_BODY_LIMIT = 1024 * 1024;
async function getOnce(url, timeoutMs, signal) {
  const sent = await sendRequest({
    url: new URL(url),
    method: "GET",
    headers: { "user-agent": "greenlight-check" },
    keepAlive: false
  });
  const timer = setTimeout(() => sent.request.destroy(new TimeoutError()), timeoutMs);
  const stop = () => sent.request.destroy(new Error("stopped"));
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const response = await sent.response;
    const { body } = await readCapped(response, PROBE_BODY_LIMIT);
    return { status: response.statusCode ?? 0, body: body.toString("utf8") };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    sent.request.destroy();
  }
}
var TimeoutError = class extends Error {
  name = "TimeoutError";
};
async function runHttpCheck(baseUrl, check, name) {
  const started = Date.now();
  const attempts = 1 + (check.retries ?? 5);
  let last = { problem: "not run" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await probe(baseUrl, check);
    if (!last.problem) {
      return {
        name: name ?? `GET ${check.path}`,
        kind: "http",
        passed: true,
        detail: `GET ${joinUrl(baseUrl, check.path)}: ${last.status}${check.body ? `, body matches /${check.body}/` : ""} (attempt ${attempt}/${attempts})`,
        durationMs: Date.now() - started
      };
    }
    if (check.signal?.aborted) break;
    if (attempt < attempts) await pause(check.intervalMs ?? 1e3, check.signal);
  }
  return {
    name: name ?? `GET ${check.path}`,
    kind: "http",
    passed: false,
    detail: `${last.problem} (after ${attempts} attempts)`,
    durationMs: Date.now() - started
  };
}
async function runHttpChecks(baseUrl, checks) {
  const results = [];
  for (const check of checks) results.push(await runHttpCheck(baseUrl, check));
  return results;
}
async function pause(ms, signal) {
  await sleep(ms, void 0, signal ? { signal } : {}).catch(() => void 0);
}
function joinUrl(baseUrl, path) {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
function reasonOf(error) {
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  const code = error?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

// src/gate/junit-files.ts
import { constants, glob, open } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
var MAX_JUNIT_BYTES = 50 * 1024 * 1024;
var MAX_FILES_PER_GLOB = 1e3;
async function expandPatterns(patterns, cwd = process.cwd()) {
  const files = /* @__PURE__ */ new Set();
  const unmatched = [];
  for (const pattern of patterns) {
    let matched = 0;
    for await (const file of glob(pattern, { cwd })) {
      if (++matched > MAX_FILES_PER_GLOB) {
        throw new GreenlightError(
          `test results '${pattern}' matched more than ${MAX_FILES_PER_GLOB} files (the limit)`,
          { hint: "name the JUnit files more narrowly, or merge them into fewer files" }
        );
      }
      files.add(String(file));
    }
    if (matched === 0) unmatched.push(pattern);
  }
  if (unmatched.length) {
    throw new GreenlightError(
      `no JUnit file matched ${unmatched.map((p) => `'${p}'`).join(", ")} (in ${cwd})`,
      { hint: "check that the test job wrote its results and that the artifact was downloaded here" }
    );
  }
  return [...files].sort();
}
async function readJunitFile(file, cwd = process.cwd()) {
  const path = isAbsolute(file) ? file : join(cwd, file);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new GreenlightError(`test results '${file}' is not a regular file`);
    if (stat.size > MAX_JUNIT_BYTES) throw tooBig(file, stat.size);
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (; ; ) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > stat.size) throw new GreenlightError(`test results '${file}' grew while it was read`);
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    await handle.close();
  }
}
function tooBig(file, size) {
  return new GreenlightError(
    `test results '${file}' is ${size} bytes, over the limit of ${MAX_JUNIT_BYTES} (50 MiB)`,
    { hint: "split the results into several files, or leave out captured output (system-out)" }
  );
}

// src/gate/junit-report.ts
var REPEATED = [
  "testsuite",
  "testcase",
  "failure",
  "error",
  "skipped",
  "rerunFailure",
  "rerunError",
  "flakyFailure",
  "flakyError"
];
var parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.includes(name)
});
var HINT = "pass JUnit XML files (e.g. vitest --reporter=junit, pytest --junitxml, go-junit-report, surefire)";
function parseJunit(xml, file = "<junit>") {
  if (xml.trim() === "") throw new GreenlightError(`test results '${file}' is empty`, { hint: HINT });
  if (/<!DOCTYPE/i.test(xml))
    throw new GreenlightError(`test results '${file}' have a DOCTYPE (entity declarations), refused`, {
      hint: HINT
    });
  let doc;
  try {
    doc = parser.parse(xml, true);
  } catch (error) {
    throw new GreenlightError(`test results '${file}' are not well-formed XML: ${reason(error)}`, {
      cause: error,
      hint: HINT
    });
  }
  const roots = Object.keys(doc).filter((key) => !key.startsWith("?") && key !== "#text");
  const report = { counts: zero(), failed: [], files: [file], notes: [] };
  if (roots.length === 1 && roots[0] === "testsuites") {
    walk(asNode(doc.testsuites), "testsuites", file, report);
  } else if (roots.length === 1 && roots[0] === "testsuite" && list(doc.testsuite).length === 1) {
    walk(asNode(list(doc.testsuite)[0]), "testsuite", file, report);
  } else {
    const found = roots.length ? roots.map((r) => `<${r}>`).join(", ") : "no element";
    throw new GreenlightError(
      `test results '${file}': the root element is ${found}, not <testsuites> or <testsuite>`,
      { hint: HINT }
    );
  }
  report.counts.ran = report.counts.total - report.counts.skipped;
  return report;
}
function walk(suite, element, file, report) {
  const name = String(suite["@_name"] ?? "");
  const seen = { failures: 0, errors: 0 };
  const fail = (kind, caseName, problem) => {
    seen[kind]++;
    report.counts[kind]++;
    report.failed.push({ suite: name, name: caseName, message: messageOf(problem) });
  };
  for (const problem of list(suite.failure)) fail("failures", "(suite)", problem);
  for (const problem of list(suite.error)) fail("errors", "(suite)", problem);
  for (const testcase of list(suite.testcase).map(asNode)) {
    report.counts.total++;
    const caseName = String(testcase["@_name"] ?? "");
    const failure = first(testcase.failure, testcase.rerunFailure);
    const error = first(testcase.error, testcase.rerunError);
    if (failure !== void 0) fail("failures", caseName, failure);
    else if (error !== void 0) fail("errors", caseName, error);
    else if (list(testcase.skipped).length) report.counts.skipped++;
    else if (first(testcase.flakyFailure, testcase.flakyError) !== void 0) report.counts.flaky++;
  }
  for (const child of list(suite.testsuite).map(asNode)) {
    const inner = walk(child, "testsuite", file, report);
    seen.failures += inner.failures;
    seen.errors += inner.errors;
  }
  for (const kind of ["failures", "errors"]) {
    const declared = count(suite[`@_${kind}`]);
    if (declared === void 0 || declared <= seen[kind]) continue;
    const extra = declared - seen[kind];
    const label = element === "testsuites" ? `<testsuites>${name ? ` '${name}'` : ""}` : `suite '${name}'`;
    const mismatch = `declares ${kind}="${declared}" but its cases show ${seen[kind]}`;
    report.notes.push(`${label} in '${file}' ${mismatch}: ${extra} more counted as ${kind}`);
    report.counts[kind] += extra;
    report.failed.push({ suite: name, name: "(suite)", message: mismatch });
    seen[kind] = declared;
  }
  return seen;
}
function list(value) {
  if (value === void 0) return [];
  return Array.isArray(value) ? value : [value];
}
function first(...values) {
  return values.flatMap(list)[0];
}
function asNode(value) {
  return value !== null && typeof value === "object" ? value : {};
}
function count(value) {
  const text = typeof value === "string" ? value.trim() : "";
  return /^\d{1,9}$/.test(text) ? Number(text) : void 0;
}
function messageOf(problem) {
  if (typeof problem === "string") return firstLine(problem);
  const node = asNode(problem);
  return firstLine(String(node["@_message"] ?? node["#text"] ?? node.stackTrace ?? ""));
}
function firstLine(text) {
  return text.trim().split("\n")[0]?.slice(0, 200) ?? "";
}
function reason(error) {
  return firstLine(error instanceof Error ? error.message : String(error));
}
function zero() {
  return { total: 0, ran: 0, failures: 0, errors: 0, skipped: 0, flaky: 0 };
}
function mergeReports(reports) {
  const merged = { counts: zero(), failed: [], files: [], notes: [] };
  for (const report of reports) {
    for (const key of Object.keys(merged.counts)) {
      merged.counts[key] += report.counts[key];
    }
    merged.failed.push(...report.failed);
    merged.files.push(...report.files);
    merged.notes.push(...report.notes);
  }
  return merged;
}

// src/gate/junit.ts
function judgeJunit(report, thresholds = {}, name = "test results") {
  const maxFailures = thresholds.maxFailures ?? 0;
  const minTests = thresholds.minTests ?? 1;
  const { ran, failures, errors, skipped, flaky } = report.counts;
  const broken = failures + errors;
  const problems = [];
  if (ran < minTests) {
    problems.push(`${ran} tests ran${skipped ? ` (${skipped} skipped)` : ""}, at least ${minTests} required`);
  }
  if (broken > maxFailures) problems.push(`${broken} failed or errored, at most ${maxFailures} allowed`);
  const first2 = report.failed[0];
  const example = first2 ? `; first: ${first2.suite ? `${first2.suite} \u203A ` : ""}${first2.name}: ${first2.message}` : "";
  const counts = `${ran} ran, ${failures} failed, ${errors} errored, ${skipped} skipped${flaky ? `, ${flaky} flaky (failed, then passed on a rerun)` : ""} in ${report.files.length} file(s)`;
  const notes = report.notes.map((note) => `; ${note}`).join("");
  return {
    name,
    kind: "test-results",
    passed: problems.length === 0,
    detail: problems.length ? `${problems.join("; ")} (${counts})${example}${notes}` : `${counts}${notes}`,
    tests: { ...report.counts }
  };
}
async function junitGate(patterns, thresholds = {}, options = {}) {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const name = options.name ?? "test results";
  let report;
  try {
    report = await readReports(patterns, cwd);
  } catch (error) {
    if (!(error instanceof GreenlightError)) throw error;
    const detail = error.hint ? `${error.message} (${error.hint})` : error.message;
    return {
      name,
      kind: "test-results",
      passed: false,
      detail,
      durationMs: Date.now() - started,
      tests: zero()
    };
  }
  return { ...judgeJunit(report, thresholds, name), durationMs: Date.now() - started };
}
async function readReports(patterns, cwd) {
  const reports = [];
  for (const file of await expandPatterns(patterns, cwd)) {
    reports.push(parseJunit(await readFileNamed(file, cwd), file));
  }
  return mergeReports(reports);
}
async function readFileNamed(file, cwd) {
  try {
    return await readJunitFile(file, cwd);
  } catch (error) {
    if (error instanceof GreenlightError) throw error;
    throw new GreenlightError(`test results '${file}' cannot be read: ${error.message}`, {
      cause: error
    });
  }
}

// src/gate/command.ts
async function runSmokeCommand(command, release) {
  const started = Date.now();
  const values = {
    PREVIEW_URL: release.previewUrl,
    DIGEST: release.digest,
    COLOR: release.color
  };
  const argv = command.argv.map(
    (word) => typeof word === "string" ? word : word.map((part) => typeof part === "string" ? part : values[part.variable] ?? "").join("")
  );
  const [program, ...args] = argv;
  const shown = shellQuote(argv);
  const name = `smoke: ${shown.length > 200 ? `${shown.slice(0, 199)}\u2026` : shown}`;
  const done = (passed, detail, extra = {}) => ({
    name,
    kind: "command",
    passed,
    detail,
    durationMs: Date.now() - started,
    ...extra
  });
  if (!program) return done(false, "the smoke command is empty");
  const timeoutMs = command.timeoutMs ?? 3e5;
  let run;
  try {
    run = await exec(program, args, {
      allowFailure: true,
      timeoutMs,
      ...command.cwd ? { cwd: command.cwd } : {},
      ...command.signal ? { signal: command.signal } : {},
      env: { ...command.env, ...values }
    });
  } catch (error) {
    return done(false, error instanceof Error ? error.message : String(error));
  }
  const tail = lastLines(run.stderr || run.stdout, 3).replace(/\s*\n\s*/g, " | ");
  const exit = run.timedOut ? `timed out after ${timeoutMs} ms` : `exit ${run.exitCode ?? "by signal"}`;
  const exitOk = run.exitCode === 0 && !run.timedOut;
  if (!command.junitPath) return done(exitOk, `${exit}${tail ? `: ${tail}` : ""}`);
  let judged;
  try {
    const xml = await readJunitFile(command.junitPath);
    judged = judgeJunit(parseJunit(xml, command.junitPath), command.junitThresholds, name);
  } catch (error) {
    if (error instanceof GreenlightError) return done(false, `${exit}; ${error.message}`);
    if (error.code === "ENOENT") {
      return done(false, `${exit}; JUnit output '${command.junitPath}' was not written`);
    }
    return done(false, `${exit}; JUnit output '${command.junitPath}': ${error.message}`);
  }
  return done(
    exitOk && judged.passed,
    `${exit}; ${judged.detail}`,
    judged.tests ? { tests: judged.tests } : {}
  );
}

// src/gate/watch.ts
function watchStartLine(liveUrl, options) {
  const checks = options.checks.map((c) => `${c.path} ${c.status ?? 200}`).join(", ");
  return `watching ${liveUrl} for ${options.seconds} s: ${checks} every ${options.intervalSeconds ?? 2} s; ${options.failureThreshold ?? 3} failed checks in a row switch back`;
}
function watchProgressLine(liveUrl, round, problem, leftMs) {
  return `watching ${liveUrl}: check ${round}, ${problem === void 0 ? "ok" : `failed (${problem})`}, ${Math.max(0, Math.ceil(leftMs / 1e3))} s left`;
}
function progressDue(round) {
  if (round.number === 1 || round.failed || round.recovered) return true;
  return round.sinceLastLineMs >= Math.max(1e4, round.windowMs / 10);
}
async function watchLive(liveUrl, options) {
  const started = Date.now();
  const threshold = options.failureThreshold ?? 3;
  const interval = (options.intervalSeconds ?? 2) * 1e3;
  const deadline = started + options.seconds * 1e3;
  let rounds = 0;
  let failedRounds = 0;
  let consecutive = 0;
  let lastProblem = "";
  const result = (passed, detail) => ({
    name: "watch",
    kind: "watch",
    passed,
    detail,
    durationMs: Date.now() - started
  });
  if (options.seconds <= 0 || options.checks.length === 0) return result(true, "no watch window configured");
  options.onProgress?.(watchStartLine(liveUrl, options));
  let lastLineAt = started;
  while (Date.now() < deadline || rounds === 0) {
    rounds++;
    const signal = options.signal;
    const problems = (await Promise.all(options.checks.map((check) => probe(liveUrl, signal ? { ...check, signal } : check)))).map((seen) => seen.problem).filter((problem) => problem !== void 0);
    const now = Date.now();
    const due = progressDue({
      number: rounds,
      failed: problems.length > 0,
      recovered: problems.length === 0 && consecutive > 0,
      sinceLastLineMs: now - lastLineAt,
      windowMs: options.seconds * 1e3
    });
    if (options.onProgress && due) {
      options.onProgress(watchProgressLine(liveUrl, rounds, problems[0], deadline - now));
      lastLineAt = now;
    }
    if (problems.length > 0) {
      failedRounds++;
      consecutive++;
      lastProblem = problems[0] ?? "";
      if (consecutive >= threshold) {
        return result(false, `${consecutive} consecutive failed rounds (of ${rounds}): ${lastProblem}`);
      }
    } else {
      consecutive = 0;
    }
    if (Date.now() + interval > deadline || options.signal?.aborted) break;
    await pause(interval, options.signal);
    if (options.signal?.aborted) break;
  }
  const note = failedRounds ? `, ${failedRounds} failed (last: ${lastProblem})` : "";
  return result(true, `${rounds} rounds over ${options.seconds}s against ${liveUrl}${note}`);
}

// src/gate/gates.ts
function testResultsGate(patterns, thresholds = {}, cwd) {
  return {
    name: `test results ${patterns.join(", ")}`,
    kind: "test-results",
    run: () => junitGate(patterns, thresholds, cwd ? { cwd } : {})
  };
}
function httpChecksGate(checks) {
  return {
    name: `HTTP checks ${checks.map((c) => c.path).join(", ")}`,
    kind: "http",
    run: (release) => runHttpChecks(
      release.previewUrl,
      checks.map((c) => release.signal ? { ...c, signal: release.signal } : c)
    )
  };
}
function smokeGate(command) {
  return {
    name: `smoke command: ${command.argv.join(" ")}`,
    kind: "command",
    run: (release) => runSmokeCommand(release.signal ? { ...command, signal: release.signal } : command, release)
  };
}
function watchGate(options) {
  return {
    name: `watch ${options.seconds}s`,
    kind: "watch",
    run: (release) => watchLive(release.liveUrl, release.signal ? { ...options, signal: release.signal } : options)
  };
}

// src/registry/auth.ts
import { setTimeout as sleep2 } from "node:timers/promises";

// src/registry/challenge.ts
function parseWwwAuthenticate(header) {
  if (!header) return [];
  const challenges = [];
  let i = 0;
  const text = header;
  const skip = (pattern) => {
    while (i < text.length && pattern.test(text.charAt(i))) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const scheme = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(text.slice(i))?.[0];
    if (!scheme) break;
    i += scheme.length;
    const challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (; ; ) {
      skip(/[\s,]/);
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(text.slice(i));
      if (!match?.[1]) break;
      i += match[0].length;
      challenge.params[match[1].toLowerCase()] = readValue();
    }
  }
  return challenges;
  function readValue() {
    if (text.charAt(i) !== '"') {
      const token = /^[^\s,]*/.exec(text.slice(i))?.[0] ?? "";
      i += token.length;
      return token;
    }
    let value = "";
    for (i++; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === "\\") value += text.charAt(++i);
      else if (c === '"') {
        i++;
        break;
      } else value += c;
    }
    return value;
  }
}

// src/registry/endpoint.ts
function isLoopback(registry) {
  const host = registry.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
function apiBaseUrl(registry, plainHttp = isLoopback(registry)) {
  const host = registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
  return `${plainHttp ? "http" : "https"}://${host}`;
}
function sameOrigin(url, registryBaseUrl) {
  return new URL(url).origin === new URL(registryBaseUrl).origin;
}
function mayReceiveCredentials(realm, registryBaseUrl) {
  const target = new URL(realm);
  const base = new URL(registryBaseUrl);
  if (target.protocol === "https:") return true;
  return target.protocol === "http:" && base.protocol === "http:" && target.hostname === base.hostname;
}

// src/registry/limits.ts
var DEFAULT_TIMEOUTS = { headersMs: 3e4, idleMs: 3e4, bodyMs: 3e5 };
var KiB = 1024;
var MiB = 1024 * KiB;
var BODY_LIMITS = {
  manifest: 4 * MiB,
  referrers: 4 * MiB,
  "tag list": 4 * MiB,
  blob: 8 * MiB,
  token: 1 * MiB,
  repository: 1 * MiB,
  upload: 1 * MiB,
  other: 1 * MiB
};
var ERROR_BODY_LIMIT = 64 * KiB;
function bodyLimit(what) {
  return BODY_LIMITS[what ?? "other"];
}
function formatBytes(bytes) {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
function formatMs(ms) {
  return ms >= 1e3 && ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}
function bodyLabel(what) {
  switch (what) {
    case void 0:
      return "this answer";
    case "referrers":
      return "a referrers index";
    case "upload":
      return "an upload answer";
    default:
      return `a ${what}`;
  }
}

// src/registry/exchange.ts
var ExchangeError = class extends Error {
  constructor(reason2, detail, cause, status) {
    super(detail, { cause });
    this.reason = reason2;
    this.detail = detail;
    this.status = status;
  }
  reason;
  detail;
  status;
  name = "ExchangeError";
};
var MAX_REDIRECTS = 10;
async function exchange(request, timeouts, capFor) {
  let current = { ...request, url: new URL(request.url) };
  for (let redirects = 0; ; redirects++) {
    const answer = await exchangeOnce(current, timeouts, capFor);
    const location = REDIRECTS.has(answer.status) ? answer.headers.get("location") : null;
    if (!location || redirects >= MAX_REDIRECTS) return answer;
    const next = new URL(location, current.url);
    const headers = { ...current.headers };
    if (next.origin !== current.url.origin) {
      for (const name of Object.keys(headers))
        if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
    }
    const asGet = answer.status === 303 || [301, 302].includes(answer.status) && current.method === "POST";
    current = asGet ? { url: next, method: "GET", headers } : { ...current, url: next, headers };
  }
}
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
async function exchangeOnce(request, timeouts, capFor) {
  let sent;
  let timer;
  let totalTimer;
  let expired;
  const stop = (detail) => {
    expired = detail;
    sent?.request.destroy(new Error(detail));
  };
  const arm = (ms, detail) => {
    clearTimeout(timer);
    timer = setTimeout(() => stop(detail), ms);
  };
  const done = () => {
    clearTimeout(timer);
    clearTimeout(totalTimer);
  };
  const failed = (error) => error instanceof ExchangeError ? error : new ExchangeError(expired ? "timeout" : "connection", expired ?? connectionDetail(error), error);
  const noHeaders = `no response headers within ${formatMs(timeouts.headersMs)}`;
  const stalled = `request body stalled: nothing sent for ${formatMs(timeouts.idleMs)}`;
  let response;
  try {
    const bytes = request.body;
    arm(bytes?.length ? timeouts.idleMs : timeouts.headersMs, bytes?.length ? stalled : noHeaders);
    sent = await sendRequest(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        keepAlive: true,
        ...bytes ? { body: bytes } : {}
      },
      {
        onPiece: () => arm(timeouts.idleMs, stalled),
        onSent: () => arm(timeouts.headersMs, noHeaders)
      }
    );
    if (expired) sent.request.destroy(new Error(expired));
    response = await sent.response;
  } catch (error) {
    done();
    throw failed(error);
  }
  const headers = responseHeaders(response.headers);
  const status = response.statusCode ?? 0;
  const empty = { status, headers, body: Buffer.alloc(0) };
  const cap = capFor(status);
  const declared = Number(headers.get("content-length") ?? Number.NaN);
  if (!cap.truncate && declared > cap.maxBytes) {
    done();
    response.destroy();
    throw new ExchangeError(
      "too-large",
      `body of ${declared} bytes is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
      void 0,
      status
    );
  }
  totalTimer = setTimeout(
    () => stop(`response body not complete within ${formatMs(timeouts.bodyMs)}`),
    timeouts.bodyMs
  );
  const bodyStalled = `response body stalled: nothing for ${formatMs(timeouts.idleMs)}`;
  arm(timeouts.idleMs, bodyStalled);
  let read;
  try {
    read = await readCapped(response, cap.maxBytes, () => arm(timeouts.idleMs, bodyStalled));
    if (read.over && !cap.truncate) {
      throw new ExchangeError(
        "too-large",
        `body is over the ${formatBytes(cap.maxBytes)} limit for ${cap.label}`,
        void 0,
        status
      );
    }
    if (!read.over && !response.complete) throw new Error("the connection closed mid-body");
  } catch (error) {
    response.destroy();
    throw failed(error);
  } finally {
    done();
  }
  if (!response.complete) response.destroy();
  return { ...empty, body: read.body };
}
function connectionDetail(error) {
  let current = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current && depth < 4; depth++) {
    const code = current.code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    if (current instanceof Error) message = current.message;
    current = current.cause;
  }
  return message;
}

// src/registry/retry.ts
var DEFAULT_RETRY = { attempts: 4, baseMs: 200, maxMs: 3e3 };
var MAX_RETRY_AFTER_MS = 6e4;
function isRetryableStatus(status) {
  return status === 429 || status === 408 || status >= 500;
}
function backoffDelay(attempt, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
function parseRetryAfter(value, now = /* @__PURE__ */ new Date()) {
  if (!value) return void 0;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1e3;
  if (!/[a-z]/i.test(text)) return void 0;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return void 0;
  return Math.max(0, when - now.getTime());
}

// src/registry/auth.ts
var Authenticator = class {
  constructor(options) {
    this.options = options;
  }
  options;
  credentials;
  scheme;
  tokens = /* @__PURE__ */ new Map();
  /** The `Authorization` header for a request needing `scope`, when one is known before a challenge. */
  async header(scope) {
    if (this.scheme === "basic") {
      const creds = await this.resolve();
      return creds ? basicHeader(creds) : void 0;
    }
    if (this.scheme === "bearer") {
      const cached = this.tokens.get(scope);
      if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    }
    return void 0;
  }
  /**
   * Handles a 401 for a request that needed `scope` (the transport calls it once per request).
   * Returns true when the request should be sent again (credentials or a fresh token obtained),
   * false when retrying cannot help.
   */
  async challenge(header, scope, sentAuth) {
    const challenges = parseWwwAuthenticate(header);
    const bearer = challenges.find((c) => c.scheme === "bearer");
    if (bearer?.params.realm) {
      this.scheme = "bearer";
      const token = await this.fetchToken(bearer, scope);
      this.tokens.set(scope, token);
      return true;
    }
    if (challenges.some((c) => c.scheme === "basic")) {
      if (this.scheme === "basic" && sentAuth) return false;
      this.scheme = "basic";
      return await this.resolve() !== void 0;
    }
    return false;
  }
  resolve() {
    this.credentials ??= (async () => {
      const { registry, credentials, log } = this.options;
      const creds = credentials ?? await dockerCredentials(registry, dockerConfigDir(this.options.dockerConfigDir, {}));
      if (creds) {
        log.mask(creds.password);
        log.mask(Buffer.from(`${creds.username}:${creds.password}`).toString("base64"));
      }
      return creds;
    })();
    return this.credentials;
  }
  async fetchToken(challenge, scope) {
    const { realm = "", service } = challenge.params;
    const { registry } = this.options;
    let url;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError({
        registry,
        method: "GET",
        path: realm || "(empty realm)",
        detail: "the Bearer challenge names no valid token realm URL",
        what: "token"
      });
    }
    if (service) url.searchParams.set("service", service);
    for (const s of (challenge.params.scope ?? scope).split(" ").filter(Boolean)) {
      url.searchParams.append("scope", s);
    }
    const failure = { registry, method: "GET", path: `${url.origin}${url.pathname}`, what: "token" };
    const creds = await this.resolve();
    const base = this.options.baseUrl ?? apiBaseUrl(registry);
    if (creds && !mayReceiveCredentials(url.toString(), base)) {
      throw new RegistryError({
        ...failure,
        detail: `refusing to send the credentials for ${registry} to the token realm ${url.origin}${url.pathname}: plain http to another host than the registry (${new URL(base).host})`
      });
    }
    const response = await this.tokenExchange(url, creds, failure);
    const text = response.body.toString("utf8");
    if (response.status !== 200) {
      throw new RegistryError({ ...failure, status: response.status, detail: errorDetail(text) });
    }
    let body = {};
    try {
      body = JSON.parse(text);
    } catch {
    }
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new RegistryError({ ...failure, status: response.status, detail: "no token in the answer" });
    }
    this.options.log.mask(token);
    this.options.log.debug(`registry ${registry}: bearer token for ${url.searchParams.getAll("scope")}`);
    const lifetime = Math.max(10, body.expires_in ?? 60) * 1e3;
    return { token, expiresAt: Date.now() + lifetime - 5e3 };
  }
  /** GETs a token, bounded like every registry request, retrying connection errors, 429 and 5xx. */
  async tokenExchange(url, creds, failure) {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const attempts = Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await exchange(
          { url: url.toString(), method: "GET", headers: creds ? { Authorization: basicHeader(creds) } : {} },
          this.options.timeouts ?? DEFAULT_TIMEOUTS,
          (status) => status === 200 ? { maxBytes: BODY_LIMITS.token, truncate: false, label: bodyLabel("token") } : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" }
        );
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        if (error.reason !== "too-large" && attempt < attempts) {
          await sleep2(backoffDelay(attempt, retry));
          continue;
        }
        throw RegistryError.fromExchange(failure, attempt, error);
      }
      const after = parseRetryAfter(response.headers.get("retry-after"));
      if (isRetryableStatus(response.status) && attempt < attempts && (after ?? 0) <= MAX_RETRY_AFTER_MS) {
        await sleep2(after ?? backoffDelay(attempt, retry));
        continue;
      }
      return response;
    }
  }
};
function basicHeader(creds) {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}

// src/registry/blobs.ts
var pull = (repo) => `repository:${repo}:pull`;
var push = (repo) => `repository:${repo}:pull,push`;
async function blobExists(transport, repo, digest) {
  const response = await transport.send({
    method: "HEAD",
    path: `/v2/${repo}/blobs/${digest}`,
    scope: pull(repo),
    idempotent: true,
    accept: [200, 404],
    what: "blob"
  });
  return response.status === 200;
}
async function getBlob(transport, repo, digest, maxBytes) {
  const path = `/v2/${repo}/blobs/${digest}`;
  const response = await transport.send({
    method: "GET",
    path,
    scope: pull(repo),
    idempotent: true,
    accept: [200],
    what: "blob",
    ...maxBytes !== void 0 ? { maxBytes } : {}
  });
  const actual = sha256Digest(response.body);
  if (actual !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: GET ${path} returned content with digest ${actual}`,
      {
        hint: "the blob is corrupt in the registry or was altered in transit"
      }
    );
  }
  return response.body;
}
async function mountBlob(transport, repo, digest, fromRepo) {
  const query = new URLSearchParams({ mount: digest, from: fromRepo });
  const response = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/?${query}`,
    scope: `${push(repo)} ${pull(fromRepo)}`,
    idempotent: false,
    accept: [201, 202],
    what: "upload"
  });
  if (response.status === 201) return true;
  const location = response.headers.get("location");
  if (location) {
    await transport.send({
      method: "DELETE",
      path: location,
      scope: push(repo),
      idempotent: false,
      accept: [204, 200, 404]
    }).catch(() => void 0);
  }
  return false;
}
async function uploadBlob(transport, repo, bytes, digest, chunkSize) {
  const attempts = Math.max(1, transport.retry.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadOnce(transport, push(repo), repo, bytes, digest, chunkSize);
      return;
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.transient || attempt >= attempts) throw error;
      const wait = error.retryAfterMs;
      if (wait !== void 0 && wait > MAX_RETRY_AFTER_MS) throw error;
      await transport.wait(
        attempt,
        wait,
        `upload of ${digest} to ${repo} broke (${error.message}); starting over`
      );
      if (await blobExists(transport, repo, digest)) return;
    }
  }
}
async function uploadOnce(transport, scope, repo, bytes, digest, chunkSize) {
  const start = await transport.send({
    method: "POST",
    path: `/v2/${repo}/blobs/uploads/`,
    scope,
    idempotent: false,
    accept: [202],
    what: "upload"
  });
  let location = nextLocation(transport, start, repo);
  if (bytes.length > chunkSize) {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
      const patched = await transport.send({
        method: "PATCH",
        path: location,
        scope,
        idempotent: false,
        accept: [202],
        what: "upload",
        body: chunk,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Range": `${offset}-${offset + chunk.length - 1}`,
          "Content-Length": String(chunk.length)
        }
      });
      location = nextLocation(transport, patched, repo);
    }
  }
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  const body = bytes.length > chunkSize ? Buffer.alloc(0) : bytes;
  const closed = await transport.send({
    method: "PUT",
    path: url.toString(),
    scope,
    idempotent: false,
    accept: [201],
    what: "upload",
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) }
  });
  const stored = closed.headers.get("docker-content-digest");
  if (stored && stored !== digest) {
    throw new GreenlightError(
      `registry ${transport.registry}: upload of ${digest} to ${repo} was stored as ${stored}`,
      {
        hint: "the registry or a proxy altered the upload; do not trust this registry path, check it"
      }
    );
  }
}
function nextLocation(transport, answer, repo) {
  const location = answer.headers.get("location");
  if (!location) {
    throw new RegistryError({
      registry: transport.registry,
      method: "POST",
      path: `/v2/${repo}/blobs/uploads/`,
      status: 202,
      detail: "no Location header for the upload session",
      what: "upload"
    });
  }
  return new URL(location, answer.url).toString();
}

// src/registry/http.ts
import { setTimeout as sleep3 } from "node:timers/promises";
var Transport = class {
  constructor(registry, baseUrl, auth, retry, timeouts, log) {
    this.registry = registry;
    this.baseUrl = baseUrl;
    this.auth = auth;
    this.retry = retry;
    this.timeouts = timeouts;
    this.log = log;
  }
  registry;
  baseUrl;
  auth;
  retry;
  timeouts;
  log;
  async send(request) {
    const url = new URL(request.path, this.baseUrl).toString();
    const own = sameOrigin(url, this.baseUrl);
    const attempts = request.idempotent ? Math.max(1, this.retry.attempts) : 1;
    const failure = {
      registry: this.registry,
      method: request.method,
      path: displayPath(url, own),
      what: request.what
    };
    const maxBytes = request.maxBytes ?? bodyLimit(request.what);
    const capFor = (status) => request.accept.includes(status) ? { maxBytes, truncate: false, label: bodyLabel(request.what) } : { maxBytes: ERROR_BODY_LIMIT, truncate: true, label: "an error answer" };
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      const authorization = own ? await this.auth.header(request.scope) : void 0;
      let response;
      try {
        response = await exchange(
          {
            url,
            method: request.method,
            headers: { ...request.headers, ...authorization ? { Authorization: authorization } : {} },
            ...request.body ? { body: request.body } : {}
          },
          this.timeouts,
          capFor
        );
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        if (error.reason !== "too-large" && attempt < attempts) {
          await this.wait(attempt, void 0, `${failure.method} ${failure.path}: ${error.detail}`);
          continue;
        }
        throw RegistryError.fromExchange(failure, attempt, error);
      }
      if (response.status === 401 && !challenged && own) {
        challenged = true;
        const header = response.headers.get("www-authenticate");
        if (await this.auth.challenge(header, request.scope, authorization !== void 0)) {
          attempt--;
          continue;
        }
        throw new RegistryError({ ...failure, status: 401, detail: "unauthorized" });
      }
      if (request.accept.includes(response.status)) return { ...response, url };
      const after = parseRetryAfter(response.headers.get("retry-after"));
      const { detail, codes } = readErrorBody(response.body.toString("utf8"));
      const retryable = isRetryableStatus(response.status) || codes.some((code) => request.retryCodes?.includes(code));
      if (retryable && attempt < attempts) {
        if (after === void 0 || after <= MAX_RETRY_AFTER_MS) {
          await this.wait(attempt, after, `${failure.method} ${failure.path}: ${response.status}`);
          continue;
        }
      }
      throw new RegistryError({
        ...failure,
        status: response.status,
        attempts: attempt,
        detail: !own && response.status === 401 ? `${new URL(url).host} is another host than the registry; greenlight sends it no credentials` : detail,
        codes,
        ...after !== void 0 ? { retryAfterMs: after } : {}
      });
    }
  }
  /** Waits before retry number `attempt`: the registry's `Retry-After` if it gave one, else backoff. */
  async wait(attempt, retryAfterMs, why) {
    const delay = retryAfterMs ?? backoffDelay(attempt, this.retry);
    this.log.debug(`registry ${this.registry}: ${why}; retrying in ${delay} ms`);
    await sleep3(delay);
  }
};
function displayPath(url, own) {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, "$1<session>");
  if (!own) return `${parsed.origin}${path}`;
  return parsed.search && !parsed.search.includes("_state") ? `${path}${parsed.search}` : path;
}

// src/registry/client.ts
var pull2 = (repo) => `repository:${repo}:pull`;
var push2 = (repo) => `repository:${repo}:pull,push`;
var SMALL_BLOB = 16 * 1024;
var RegistryClient = class {
  registry;
  transport;
  chunkSize;
  log;
  constructor(options) {
    this.registry = options.registry;
    this.log = options.log;
    this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const baseUrl = apiBaseUrl(options.registry, options.plainHttp);
    const auth = new Authenticator({ ...options, baseUrl, retry, timeouts });
    this.transport = new Transport(options.registry, baseUrl, auth, retry, timeouts, options.log);
  }
  /** Checks that the registry answers the API (and that the credentials, if needed, work). */
  async ping() {
    await this.transport.send({ method: "GET", path: "/v2/", scope: "", idempotent: true, accept: [200] });
  }
  /** Fetches a manifest by tag or digest and verifies its digest. */
  async getManifest(repo, ref, accept = MANIFEST_TYPES) {
    return await this.fetchManifest(repo, ref, accept, [200]);
  }
  /** GET of a manifest, its digest verified; undefined on a 404 when `statuses` accepts one. */
  async fetchManifest(repo, ref, accept, statuses) {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "GET",
      path,
      headers: { Accept: accept.join(", ") },
      scope: pull2(repo),
      idempotent: true,
      accept: statuses,
      what: "manifest"
    });
    if (response.status === 404) return void 0;
    const digest = sha256Digest(response.body);
    const claimed = response.headers.get("docker-content-digest");
    const expected = ref.startsWith("sha256:") ? ref : claimed;
    if (expected && expected !== digest || claimed && claimed !== digest) {
      throw new GreenlightError(
        `registry ${this.registry}: GET ${path} returned bytes with digest ${digest}, not ${expected ?? claimed}`,
        { hint: "the registry or a proxy altered the manifest; do not trust it, check the registry" }
      );
    }
    return { bytes: response.body, mediaType: manifestType(response, accept), digest };
  }
  /** The manifest a tag or digest names (its digest verified), or undefined when there is none. */
  async findManifest(repo, ref, accept = MANIFEST_TYPES) {
    return this.fetchManifest(repo, ref, accept, [200, 404]);
  }
  /**
   * The descriptor of a manifest, or undefined when it does not exist: a HEAD (registries such as
   * Docker Hub count a manifest GET as a pull), and a GET only when the answer lacks a header.
   */
  async manifestDescriptor(repo, ref) {
    const response = await this.transport.send({
      method: "HEAD",
      path: `/v2/${repo}/manifests/${ref}`,
      headers: { Accept: MANIFEST_TYPES.join(", ") },
      scope: pull2(repo),
      idempotent: true,
      accept: [200, 404],
      what: "manifest"
    });
    if (response.status === 404) return void 0;
    const digest = response.headers.get("docker-content-digest");
    const size = Number(response.headers.get("content-length"));
    const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim();
    if (!digest || !mediaType || !(size > 0)) {
      const fetched = await this.getManifest(repo, ref);
      return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    }
    return { mediaType, digest, size };
  }
  /**
   * Stores a manifest under a tag or its digest; `subject` is true when the registry answered
   * `OCI-Subject`. An answer MANIFEST_BLOB_UNKNOWN is retried like a 5xx: distribution's filesystem
   * driver rewrites a blob's link file in place (truncate, then write) when another writer uploads
   * the same blob again (two ledger writers pushing the empty config, two builds attaching
   * attestations to one repository), and a manifest checked in between names a blob the registry
   * has as "unknown". A blob really missing costs the retries before the error.
   */
  async putManifest(repo, ref, bytes, mediaType) {
    const path = `/v2/${repo}/manifests/${ref}`;
    const response = await this.transport.send({
      method: "PUT",
      path,
      headers: { "Content-Type": mediaType },
      body: bytes,
      scope: push2(repo),
      idempotent: true,
      retryCodes: ["MANIFEST_BLOB_UNKNOWN"],
      accept: [201, 200],
      what: "manifest"
    });
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get("docker-content-digest");
    if (claimed && claimed !== digest) {
      throw new GreenlightError(
        `registry ${this.registry}: PUT ${path} stored digest ${claimed}, we sent ${digest}`,
        {
          hint: "the registry rewrote the manifest; check for a proxy or an unsupported media type"
        }
      );
    }
    this.log.debug(`registry ${this.registry}: put ${repo}:${ref} (${digest})`);
    return { digest, subject: response.headers.has("oci-subject") };
  }
  /** Deletes a manifest by digest (or tag, where the registry allows); false when it did not exist. */
  async deleteManifest(repo, ref) {
    const response = await this.transport.send({
      method: "DELETE",
      path: `/v2/${repo}/manifests/${ref}`,
      scope: `repository:${repo}:delete`,
      idempotent: true,
      accept: [202, 200, 404],
      what: "manifest"
    });
    return response.status !== 404;
  }
  /** Whether the repository has a blob. */
  blobExists(repo, digest) {
    return blobExists(this.transport, repo, digest);
  }
  /** Downloads a blob (at most `maxBytes`, default 8 MiB: bundles and ledger records) and verifies its sha256. */
  getBlob(repo, digest, maxBytes) {
    return getBlob(this.transport, repo, digest, maxBytes);
  }
  /**
   * Uploads a blob unless the repository has it (monolithic, or PATCH chunks above `chunkSize`).
   * A blob of at most `SMALL_BLOB` bytes (a ledger record, a Sigstore bundle: nearly always new) is
   * uploaded without asking first, two requests instead of three; a registry takes a blob it has
   * again as a no-op.
   */
  async pushBlob(repo, bytes, mediaType = "application/octet-stream") {
    const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
    if (bytes.length > SMALL_BLOB && await this.blobExists(repo, descriptor.digest)) return descriptor;
    await uploadBlob(this.transport, repo, bytes, descriptor.digest, this.chunkSize);
    return descriptor;
  }
  /** Mounts a blob from another repository of the same registry; false when the registry declined. */
  mountBlob(repo, digest, fromRepo) {
    return mountBlob(this.transport, repo, digest, fromRepo);
  }
  /** Every tag of a repository (following `Link` pages); empty when the repository does not exist. */
  async listTags(repo) {
    const tags = [];
    let path = `/v2/${repo}/tags/list?n=1000`;
    while (path) {
      const response = await this.transport.send({
        method: "GET",
        path,
        scope: pull2(repo),
        idempotent: true,
        accept: [200, 404],
        what: "tag list"
      });
      if (response.status === 404) return tags;
      tags.push(...JSON.parse(response.body.toString("utf8")).tags ?? []);
      path = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
    }
    return tags;
  }
  /**
   * The referrers API answer for a digest, or undefined when the registry does not implement it
   * (any status but 200, or an answer that is not an image index). `filtered` is true when the
   * registry applied the artifactType filter itself.
   */
  async getReferrers(repo, digest, artifactType) {
    const query = artifactType ? `?${new URLSearchParams({ artifactType })}` : "";
    const response = await this.transport.send({
      method: "GET",
      path: `/v2/${repo}/referrers/${digest}${query}`,
      headers: { Accept: OCI_INDEX },
      scope: pull2(repo),
      idempotent: true,
      accept: [200, 400, 404, 405, 501],
      what: "referrers"
    });
    if (response.status !== 200) return void 0;
    let index;
    try {
      index = JSON.parse(response.body.toString("utf8"));
    } catch {
      return void 0;
    }
    if (index.manifests === null) index.manifests = [];
    if (!Array.isArray(index.manifests)) return void 0;
    const filtered = (response.headers.get("oci-filters-applied") ?? "").split(",").map((s) => s.trim()).includes("artifactType");
    return { index, filtered };
  }
};
function manifestType(response, accept) {
  const header = response.headers.get("content-type")?.split(";")[0]?.trim();
  if (header && header !== "application/json" && header !== "text/plain") return header;
  try {
    const parsed = JSON.parse(response.body.toString("utf8"));
    if (parsed.mediaType) return parsed.mediaType;
  } catch {
  }
  return header ?? accept[0] ?? "application/json";
}

// src/ledger/registry-store.ts
var RELEASE_ARTIFACT_TYPE = "application/vnd.greenlight.release.v1+json";
var PREVIOUS_ANNOTATION = "dev.greenlight.previous";
function ledgerTag(environment) {
  const tag = `greenlight.ledger.${environment}`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new GreenlightError(`environment '${environment}' cannot be part of the ledger tag '${tag}'`, {
      hint: "use letters, digits, '.', '_' or '-' in environment names"
    });
  }
  return tag;
}
var RECORD_ANNOTATION = "dev.greenlight.record";
var RECORD_COPIES = 15;
var COPY_BYTES = 64 * 1024;
function recordManifest(layer, previous, record, before = []) {
  const annotations = {
    ...previous ? { [PREVIOUS_ANNOTATION]: previous } : {},
    "dev.greenlight.release": record.release,
    "dev.greenlight.environment": record.environment,
    "dev.greenlight.digest": record.digest,
    "dev.greenlight.outcome": record.outcome,
    "org.opencontainers.image.created": record.time
  };
  const copies = [];
  let expected = previous;
  let bytes = 0;
  for (const link of before) {
    bytes += link.layer.size;
    if (copies.length === RECORD_COPIES || link.id !== expected || !link.layer.data || bytes > COPY_BYTES)
      break;
    const { mediaType, digest, size, data } = link.layer;
    copies.push({
      mediaType,
      digest,
      size,
      data,
      annotations: {
        [RECORD_ANNOTATION]: link.id,
        ...link.previous ? { [PREVIOUS_ANNOTATION]: link.previous } : {}
      }
    });
    expected = link.previous;
  }
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: RELEASE_ARTIFACT_TYPE,
      config: EMPTY_CONFIG,
      layers: [layer, ...copies],
      annotations
    })
  );
}
function recordLinks(id, manifest) {
  const [own, ...rest] = manifest.layers ?? [];
  if (manifest.artifactType !== RELEASE_ARTIFACT_TYPE || !own) return { problem: "not a release record" };
  const links = [{ id, previous: manifest.annotations?.[PREVIOUS_ANNOTATION], layer: own }];
  if (own.data !== void 0) {
    const record = embeddedRecord(own);
    if (typeof record === "string") return { problem: `its ${record}` };
    links[0].record = record;
  }
  for (const layer of rest) {
    const copied = layer.annotations?.[RECORD_ANNOTATION];
    if (copied === void 0) break;
    const ahead = links.at(-1);
    if (copied !== ahead.previous) {
      return {
        problem: `its copy of record ${copied} stands where the chain names ${ahead.previous ?? "no record"} (before ${ahead.id})`
      };
    }
    const record = layer.data === void 0 ? "embedded record is missing" : embeddedRecord(layer);
    if (typeof record === "string") return { problem: `its copy of record ${copied}: ${record}` };
    links.push({ id: copied, previous: layer.annotations?.[PREVIOUS_ANNOTATION], layer, record });
  }
  return { links };
}
function embeddedRecord(layer) {
  const bytes = Buffer.from(layer.data ?? "", "base64");
  if (bytes.length !== layer.size || sha256Digest(bytes) !== layer.digest)
    return `embedded record does not match the layer ${layer.digest}`;
  return parseRecord(bytes) ?? `record ${layer.digest} is not JSON`;
}
function parseRecord(bytes) {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
}
function parseRecordManifest(bytes) {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
}
var MAX_APPEND_ATTEMPTS = 10;
var sleep4 = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var jitter = (ms) => ms + Math.random() * ms;
var RegistryLedger = class {
  client;
  repository;
  environment;
  settleMs;
  maxRecords;
  /**
   * Records by id (manifest digest), from their own manifest or a copy in a later one:
   * content-addressed and immutable, so read once per process; an append copies the newest from here.
   */
  records = /* @__PURE__ */ new Map();
  /** Record manifests by digest (content-addressed), read or being read. */
  manifests = /* @__PURE__ */ new Map();
  tag;
  /**
   * `settleMs`: how long to wait before checking that an append stayed on the chain (default 50).
   * `maxRecords`: how far back `history` walks (default 200). Every decision needs only recent
   * records (what is live, the newest healthy release), and the walk costs a manifest GET per 16
   * records (one per record for records written before 2026-12, whose manifests carry no copies).
   */
  constructor(options) {
    this.client = options.client;
    this.settleMs = options.settleMs ?? 50;
    this.maxRecords = options.maxRecords ?? 200;
    this.repository = options.repository;
    this.environment = options.environment;
    this.tag = ledgerTag(options.environment);
  }
  async append(record) {
    return (await this.appendAll([record]))[0];
  }
  /**
   * Appends records in order as one chain: each record's manifest names the one before it, and the
   * tag moves once, onto the last (one settle wait for all of them). Returns their ids, in order.
   */
  async appendAll(records) {
    if (!records.length) return [];
    for (const record of records) {
      if (record.environment !== this.environment) {
        throw new GreenlightError(
          `ledger for '${this.environment}' was given a record of environment '${record.environment}'`
        );
      }
    }
    const repo = this.repository;
    const [firstHead, ...layers] = await Promise.all([
      this.head().then(async (head) => {
        if (!head) await this.client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
        return head;
      }),
      ...records.map(async (record) => {
        const bytes = Buffer.from(JSON.stringify(record));
        const layer = await this.client.pushBlob(repo, bytes, RELEASE_ARTIFACT_TYPE);
        return { ...layer, data: bytes.toString("base64") };
      })
    ]);
    const last = layers.at(-1);
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      if (attempt > 1) await sleep4(jitter(this.settleMs));
      const head = attempt === 1 ? firstHead : await this.head();
      if (attempt === 1 && head && await this.layerOf(head) === last.digest) {
        return this.newestIds(head, records.length);
      }
      const manifests = [];
      let previous = head;
      let before = head ? await this.knownChain(head) : [];
      for (const [i, layer] of layers.entries()) {
        const bytes2 = recordManifest(layer, previous, records[i], before);
        const digest2 = sha256Digest(bytes2);
        before = [{ id: digest2, previous, layer }, ...before];
        previous = digest2;
        manifests.push({ digest: digest2, bytes: bytes2 });
      }
      await Promise.all(manifests.map((m) => this.client.putManifest(repo, m.digest, m.bytes, OCI_MANIFEST)));
      if (await this.head() !== head) continue;
      const { digest, bytes } = manifests.at(-1);
      await this.client.putManifest(repo, this.tag, bytes, OCI_MANIFEST).catch(async (error) => {
        if (!(error instanceof RegistryError && error.transient) || await this.head() !== digest)
          throw error;
      });
      await sleep4(jitter(this.settleMs));
      const now = await this.head();
      if (now === digest || now && await this.chainReaches(now, digest)) {
        return manifests.map((m) => m.digest);
      }
    }
    throw new GreenlightError(
      `ledger ${this.client.registry}/${repo}:${this.tag}: the tag kept moving under ${MAX_APPEND_ATTEMPTS} appends`,
      { hint: "another writer is appending at the same time; retry when it is done" }
    );
  }
  /** The ids of the `count` newest records, oldest first, from `head` back. */
  async newestIds(head, count2) {
    const ids = [head];
    let current = head;
    while (ids.length < count2 && current) {
      current = this.records.get(current)?.previous ?? (await this.readManifest(current)).annotations?.[PREVIOUS_ANNOTATION];
      if (current) ids.unshift(current);
    }
    return ids;
  }
  /**
   * The newest records from `head` back whose bytes this process holds, newest first, without a
   * request: the head's manifest (read whole by `head()`) and what a walk read before.
   */
  async knownChain(head) {
    if (!this.records.has(head) && this.manifests.has(head))
      await this.linksFrom(head).catch(() => void 0);
    const chain = [];
    for (let id = head; id && chain.length < RECORD_COPIES; ) {
      const link = this.records.get(id);
      if (!link?.layer.data) break;
      chain.push(link);
      id = link.previous;
    }
    return chain;
  }
  /** `registry/repository:tag` of the ledger, for people. */
  get location() {
    return `${this.client.registry}/${this.repository}:${this.tag}`;
  }
  /** The digest of a record's JSON blob (known without a request when this process read the record). */
  async layerOf(digest) {
    return this.records.get(digest)?.layer.digest ?? (await this.readManifest(digest)).layers?.[0]?.digest;
  }
  /**
   * The digest of the newest record (what the tag names), undefined for an empty ledger. The tag's
   * manifest is read whole (a GET, not a HEAD) and kept: the walk that follows starts from it
   * without asking again.
   */
  async head() {
    const found = await this.client.findManifest(this.repository, this.tag, [OCI_MANIFEST]);
    const parsed = found && parseRecordManifest(found.bytes);
    if (found && parsed) this.manifests.set(found.digest, Promise.resolve(parsed));
    return found?.digest;
  }
  /** The newest `maxRecords` records, oldest first. */
  async history() {
    return (await this.walk()).records;
  }
  /** The newest `maxRecords` records, oldest first, and whether older records exist beyond the limit. */
  async walk() {
    const records = [];
    const seen = /* @__PURE__ */ new Set();
    let next = await this.head();
    while (next && records.length < this.maxRecords) {
      for (const link of await this.linksFrom(next)) {
        if (seen.has(link.id)) throw this.broken(link.id, "the chain loops");
        seen.add(link.id);
        records.push(this.recordOf(link));
        next = link.previous;
        if (records.length === this.maxRecords) break;
      }
    }
    return { records: (await Promise.all(records)).reverse(), truncated: next !== void 0 };
  }
  /**
   * The records read at `id`, newest first: one known record, or those its manifest carries (see
   * `recordLinks`), then known. A copy of a record this process already knows must agree with it.
   */
  async linksFrom(id) {
    const known = this.records.get(id);
    if (known) return [known];
    const decoded = recordLinks(id, await this.readManifest(id));
    if ("problem" in decoded) throw this.broken(id, decoded.problem);
    return decoded.links.map((link) => {
      const other = this.records.get(link.id);
      if (!other) {
        this.records.set(link.id, link);
        return link;
      }
      if (other.previous !== link.previous || other.layer.digest !== link.layer.digest)
        throw this.broken(id, `its copy of record ${link.id} disagrees with that record as read before`);
      return other;
    });
  }
  /** A link's record: embedded, or read from its layer blob (records before 2026-12), then kept. */
  recordOf(link) {
    if (link.record) return Promise.resolve(link.record);
    const read = this.client.getBlob(this.repository, link.layer.digest).then((bytes) => {
      const record = parseRecord(bytes);
      if (!record) throw this.broken(link.id, `its record ${link.layer.digest} is not JSON`);
      link.record = record;
      if (bytes.length === link.layer.size) link.layer = { ...link.layer, data: bytes.toString("base64") };
      return record;
    });
    read.catch(() => void 0);
    return read;
  }
  /** A record manifest, read once per process: a walk that runs beside another shares its reads. */
  readManifest(digest) {
    let read = this.manifests.get(digest);
    if (!read) {
      read = this.client.getManifest(this.repository, digest, [OCI_MANIFEST]).then(({ bytes }) => {
        const parsed = parseRecordManifest(bytes);
        if (!parsed) throw this.broken(digest, "the manifest is not JSON");
        return parsed;
      });
      this.manifests.set(digest, read);
      read.catch(() => this.manifests.delete(digest));
    }
    return read;
  }
  /** Whether `target` is among the few records before `from` (another writer chained onto ours). */
  async chainReaches(from, target, depth = 32) {
    let current = from;
    for (let i = 0; current && i < depth; i++) {
      if (current === target) return true;
      current = (await this.readManifest(current)).annotations?.[PREVIOUS_ANNOTATION];
    }
    return false;
  }
  broken(digest, problem) {
    return new GreenlightError(
      `ledger ${this.client.registry}/${this.repository}:${this.tag}: record ${digest}: ${problem}`,
      {
        hint: "the ledger tag or a record was overwritten by something other than greenlight; inspect it with crane"
      }
    );
  }
};

// src/commands/engine.ts
async function engineOptions(config, ctx, services) {
  const d = config.deploy;
  if (!d.app || !(d.ledgerRepository ?? config.image)) {
    throw new GreenlightError(
      `'${config.command}' needs 'image': the repository the environment's releases come from (its ledger is kept there; the app name is its last path part)`,
      {
        hint: `set 'image', e.g. ghcr.io/acme/shop, and 'environment' when it is not production (or 'app' and 'ledger-repository')`
      }
    );
  }
  const checks = d.checks.map((c) => ({
    path: c.path,
    status: c.status,
    ...c.body ? { body: c.body } : {},
    retries: d.checkRetries - 1,
    timeoutMs: d.checkTimeoutSeconds * 1e3
  }));
  const previewGates = [];
  if (checks.length) previewGates.push(httpChecksGate(checks));
  if (d.smokeCommand) {
    previewGates.push(
      smokeGate({
        argv: d.smokeCommand,
        cwd: config.workdir,
        env: smokeEnv(d.smokeEnv, ctx.env),
        timeoutMs: d.smokeTimeoutSeconds * 1e3,
        ...d.smokeResults ? { junitPath: d.smokeResults } : {}
      })
    );
  }
  return {
    target: await targetFor(config, ctx, services),
    ledger: services.ledger(),
    log: ctx.log,
    app: d.app,
    environment: d.environment,
    actor: ctx.actor,
    ...ctx.runUrl ? { runUrl: ctx.runUrl } : {},
    lockTimeoutMs: d.lockTimeoutSeconds * 1e3,
    lockTtlMs: lockTtlSeconds(config) * 1e3,
    lockLease: leaseTiming(d.lockHeartbeatSeconds),
    ...ctx.signal ? { signal: ctx.signal } : {},
    previewGates,
    ...d.watchSeconds > 0 ? { watch: watchGate({ checks, seconds: d.watchSeconds, onProgress: (line) => ctx.log.info(line) }) } : {},
    now: ctx.now,
    ...d.reason ? { reason: d.reason } : {}
  };
}
function smokeEnv(entries, env) {
  const out = {};
  for (const { name, value } of entries) {
    const given = value ?? env[name];
    if (given !== void 0) out[name] = given;
  }
  return out;
}
function lockTtlSeconds(config) {
  const d = config.deploy;
  const checks = d.checks.length * d.checkRetries * (d.checkTimeoutSeconds + 1);
  return 600 + checks + (d.smokeCommand ? d.smokeTimeoutSeconds : 0) + d.watchSeconds;
}
function preStageGates(config, results) {
  const d = config.deploy;
  if (!d.testResults.length) return [];
  const gate = testResultsGate(
    d.testResults,
    { maxFailures: d.maxFailures, minTests: d.minTests },
    config.workdir
  );
  return [{ ...gate, run: results }];
}
function testResultsOf(config) {
  const d = config.deploy;
  return junitGate(
    d.testResults,
    { maxFailures: d.maxFailures, minTests: d.minTests },
    { cwd: config.workdir }
  );
}
async function targetFor(config, ctx, services) {
  return config.deploy.target === "kubernetes" ? kubernetesTarget(config, ctx) : dockerTarget(config, ctx, await services.dockerConnection());
}
async function dockerTarget(config, ctx, docker) {
  const { DockerTarget } = await import("./chunk-OKB5JHP7.mjs");
  const d = config.deploy;
  const dockerHost = configuredDockerHost(config, ctx);
  const publicHost = d.publicUrl ? new URL(d.publicUrl).hostname : void 0;
  return new DockerTarget({
    app: d.app,
    environment: d.environment,
    log: ctx.log,
    livePort: d.livePort,
    previewPort: d.previewPort,
    routerImage: d.routerImage,
    containerPort: d.containerPort,
    env: Object.fromEntries(parseKeyValues("container-env", d.containerEnv)),
    ...d.checks[0] ? { healthPath: d.checks[0].path } : {},
    ...publicHost ? { publicHost } : {},
    ...d.previewAddress ? { previewAddress: previewAddressFor(d.previewAddress, dockerHost) } : {},
    defaultPreviewAddress: previewAddressFor(void 0, dockerHost),
    ...config.image ? { imageRepository: repositoryName(config.image) } : {},
    ...d.ledgerRepository ? { ledgerRepository: repositoryName(d.ledgerRepository) } : {},
    docker
  });
}
function configuredDockerHost(config, ctx) {
  return config.deploy.dockerHost ?? ctx.env.DOCKER_HOST;
}
async function kubernetesTarget(config, ctx) {
  const d = config.deploy;
  const k = d.kubernetes;
  if (!k) throw new GreenlightError("target kubernetes needs k8s-manifests");
  const [{ kubernetesApis }, { KubernetesTarget }] = await Promise.all([
    import("./chunk-R6W25BLM.mjs"),
    import("./chunk-PTER6HOL.mjs")
  ]);
  const connection = !k.kubeconfig ? {} : "yaml" in k.kubeconfig ? { yaml: k.kubeconfig.yaml } : { kubeconfig: k.kubeconfig.path };
  return new KubernetesTarget({
    app: d.app,
    environment: d.environment,
    namespace: k.namespace,
    log: ctx.log,
    apis: kubernetesApis(connection),
    ...k.manifests ? { manifests: k.manifests } : {},
    ...d.publicUrl ? { liveUrl: d.publicUrl } : {},
    ...k.previewUrl ? { previewUrl: k.previewUrl } : {},
    previewAccess: k.previewAccess,
    keepSeconds: k.keepSeconds,
    recorded: {
      target: "kubernetes",
      app: d.app,
      ...config.image ? { image: repositoryName(config.image) } : {},
      ...d.ledgerRepository ? { "ledger-repository": repositoryName(d.ledgerRepository) } : {},
      "keep-seconds": String(k.keepSeconds),
      "preview-access": k.previewAccess,
      ...k.previewUrl ? { "preview-url": k.previewUrl } : {},
      ...d.publicUrl ? { "public-url": d.publicUrl } : {}
    }
  });
}
function previewAddressFor(given, dockerHost) {
  const remote = Boolean(dockerHost && !dockerHost.startsWith("unix://"));
  if (!given) return remote ? "0.0.0.0" : "127.0.0.1";
  if (remote && /^(127\.|localhost$|::1$)/.test(given)) {
    throw new GreenlightError(
      `input 'preview-address': ${given} on the remote Docker engine ${dockerHost} cannot be reached by the checks from here`,
      {
        hint: "an address of the Docker host the runner reaches (e.g. a private network's), or leave it empty"
      }
    );
  }
  return given;
}
function ledgerFor(config, clientFor, maxRecords) {
  const repo = config.deploy.ledgerRepository ?? config.image;
  if (!repo) {
    throw new GreenlightError("the release ledger needs a repository", {
      hint: "set 'image' (the ledger lives beside the images) or 'ledger-repository'"
    });
  }
  return new RegistryLedger({
    client: clientFor(repo.registry),
    repository: repo.repository,
    environment: config.deploy.environment,
    ...maxRecords ? { maxRecords } : {}
  });
}

// src/image/docker-config.ts
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join as join2 } from "node:path";
function loginConfigDir(registry, credentials, tempDir, env) {
  const source = dockerConfigDir(void 0, env);
  if (!credentials) return source;
  const dir = join2(tempDir, "docker-config");
  mkdirSync(dir, { recursive: true, mode: 448 });
  const sourceFile = join2(source, "config.json");
  const config = existsSync(sourceFile) ? JSON.parse(readFileSync(sourceFile, "utf8")) : {};
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  config.auths = { ...config.auths, [registry]: { auth } };
  if (config.credHelpers) delete config.credHelpers[registry];
  writeFileSync(join2(dir, "config.json"), JSON.stringify(config, null, 2), { mode: 384 });
  for (const entry of ["cli-plugins", "buildx", "contexts"]) {
    const from = join2(source, entry);
    if (existsSync(from) && !existsSync(join2(dir, entry))) symlinkSync(from, join2(dir, entry));
  }
  return dir;
}

// src/commands/registry.ts
function newRegistryClient(config, ctx, registry) {
  const same = config.image?.registry === registry;
  return new RegistryClient({
    registry,
    log: ctx.log,
    dockerConfigDir: dockerConfigDir(void 0, ctx.env),
    ...same && config.credentials ? { credentials: config.credentials } : {}
  });
}
function dockerConfigFor(registry, config, ctx) {
  return loginConfigDir(registry, config.credentials, ctx.tempDir, ctx.env);
}

// src/commands/services.ts
var RunServices = class {
  constructor(config, ctx) {
    this.config = config;
    this.ctx = ctx;
  }
  config;
  ctx;
  registries = /* @__PURE__ */ new Map();
  /** Sigstore trusted roots fetched through TUF: once per mirror per run. */
  trustedRoots = /* @__PURE__ */ new Map();
  dockerConfig;
  engineOnce;
  forwardOnce;
  ledgerOnce;
  results;
  signerOnce;
  source;
  /** The image repository every command but status needs; the error names the input. */
  image() {
    return requireImage(this.config);
  }
  /** The digest to attest, verify or deploy. */
  digest() {
    return requireDigest(this.config);
  }
  /**
   * The run's client for a registry: its bearer tokens and auth challenge are paid once, not once
   * per step (build, attest, verify, ledger).
   */
  registryClient(registry) {
    let client = this.registries.get(registry);
    if (!client) {
      client = newRegistryClient(this.config, this.ctx, registry);
      this.registries.set(registry, client);
    }
    return client;
  }
  /** DOCKER_CONFIG for docker commands: the user's, or a copy logged in with the configured credentials. */
  dockerConfigDir() {
    this.dockerConfig ??= dockerConfigFor(this.image().registry, this.config, this.ctx);
    return this.dockerConfig;
  }
  /**
   * How this run's docker commands reach the Docker Engine: DOCKER_CONFIG, and DOCKER_HOST as
   * configured; an ssh:// engine through one ssh connection for the whole run, which forwards the
   * engine's socket (ssh-forward.ts; its connection is made while the run goes on, and `close` ends it).
   */
  async dockerConnection() {
    const env = { DOCKER_CONFIG: this.dockerConfigDir() };
    const host = configuredDockerHost(this.config, this.ctx);
    if (host) env.DOCKER_HOST = host;
    if (!host?.startsWith("ssh://")) return { env };
    this.forwardOnce ??= import("./chunk-OKLKKIFZ.mjs").then(
      ({ forwardedDockerHost }) => (
        // not stopped by ctx.signal: a stopped run still releases its lock, through the forward
        forwardedDockerHost(host, { dir: join3(this.ctx.tempDir, "docker-ssh"), log: this.ctx.log })
      )
    );
    const forward = await this.forwardOnce;
    return { env, host: () => forward.host(), name: host };
  }
  /** Ends what the run started that outlives a step: the ssh forward. runCommand calls it, however the run ends. */
  async close() {
    await (await this.forwardOnce)?.close();
  }
  /** The environment's ledger; `maxRecords` limits how far back a walk reads (default 200). */
  ledger(maxRecords) {
    if (maxRecords) return ledgerFor(this.config, (r) => this.registryClient(r), maxRecords);
    this.ledgerOnce ??= ledgerFor(this.config, (r) => this.registryClient(r));
    return this.ledgerOnce;
  }
  /** The blue-green engine's parts: target (built asynchronously, so it can be loaded on demand), ledger, gates. */
  engine() {
    this.engineOnce ??= engineOptions(this.config, this.ctx, {
      ledger: () => this.ledger(),
      dockerConnection: () => this.dockerConnection()
    });
    return this.engineOnce;
  }
  /** The gate result of the configured test results: parsed once, then signed and gated from the same result. */
  testResults() {
    this.results ??= testResultsOf(this.config);
    return this.results;
  }
  /** Test results from earlier jobs as the engine's pre-stage gate. */
  preStageGates() {
    return preStageGates(this.config, () => this.testResults());
  }
  /**
   * The signer chosen from the configuration (keyless needs the workflow's OIDC token); the signing
   * libraries are loaded only by a command that signs.
   */
  signer() {
    this.signerOnce ??= import("./chunk-BAK7ORIQ.mjs").then(({ signerFor }) => signerFor(this.config, this.ctx));
    return this.signerOnce;
  }
  /** What the provenance says built the image: the workflow run in Actions, the local checkout elsewhere. */
  provenanceSource() {
    this.source ??= import("./chunk-BAK7ORIQ.mjs").then(
      ({ provenanceSourceFor }) => provenanceSourceFor(this.config, this.ctx)
    );
    return this.source;
  }
};
export {
  RunServices
};
//# sourceMappingURL=chunk-FT5S2VVD.mjs.map
