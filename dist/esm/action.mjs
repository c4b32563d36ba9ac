import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  debug,
  getIDToken,
  getInput,
  group,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-5FJIHFRR.mjs";
import {
  NoMirror
} from "./chunk-IVCESDVZ.mjs";
import "./chunk-3H344A3Z.mjs";
import {
  errorReport,
  guardWorkflowCommands,
  readConfig,
  renderMarkdown,
  runCommand,
  secretParts
} from "./chunk-YFRJ44SC.mjs";
import {
  INPUTS,
  readGitHubRun,
  runIdentity,
  secretsOf
} from "./chunk-DA64P7H5.mjs";
import "./chunk-AXO4PEG5.mjs";
import "./chunk-SXMMHSRB.mjs";
import "./chunk-BB2OMXZJ.mjs";
import "./chunk-S2QR2NPX.mjs";
import "./chunk-27S7CDBD.mjs";
import {
  exitStatusOf,
  stopOnSignals
} from "./chunk-WXS3AS6K.mjs";
import "./chunk-LJTNHG3R.mjs";
import "./chunk-TD6C3PZA.mjs";
import "./chunk-W6HQBBLQ.mjs";
import "./chunk-XR4YHTGR.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-UEFSGM5H.mjs";
import "./chunk-RKUPUCJL.mjs";
import {
  describeError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/action/main.ts
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/action/cache.ts
async function actionsCache() {
  const cache = await import("./chunk-GKVEIRUQ.mjs");
  if (!cache.isFeatureAvailable()) return void 0;
  return {
    restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
    save: (paths, key) => cache.saveCache(paths, key)
  };
}

// src/action/logger.ts
var ActionLogger = class {
  info(message) {
    info(guardWorkflowCommands(message));
  }
  warn(message) {
    warning(message);
  }
  debug(message) {
    debug(message);
  }
  group(name, fn) {
    return group(name, fn);
  }
  /** Masks the secret and, for a multi-line one, each of its lines (the runner masks line by line). */
  mask(secret) {
    for (const part of secretParts(secret)) setSecret(part);
  }
};

// src/action/outputs.ts
function writeOutputs(outputs) {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== void 0) setOutput(name, value);
  }
}

// src/action/summary.ts
async function writeSummary(report) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await summary.addRaw(renderMarkdown(report)).write();
}

// src/action/main.ts
async function run() {
  const tempDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), "greenlight-"));
  const log = new ActionLogger();
  const stop = new AbortController();
  const removeHandlers = stopOnSignals(stop, log);
  try {
    const config = await readConfig(actionSources(), process.env, (p) => readFileSync(p, "utf8"));
    for (const secret of secretsOf(config)) log.mask(secret);
    const cacheStore = BUILDS.has(config.command) ? await actionsCache() : void 0;
    const github = readGitHubRun(process.env);
    const result = await runCommand(config, {
      log,
      env: process.env,
      tempDir,
      now: () => /* @__PURE__ */ new Date(),
      signal: stop.signal,
      ...github ? { github } : {},
      ...runIdentity(process.env),
      ...process.env.ACTIONS_ID_TOKEN_REQUEST_URL ? { idToken: (audience) => getIDToken(audience) } : {},
      ...cacheStore ? { cacheStore } : {},
      ...config.attest.githubAttestations && config.githubToken ? {
        attestationUpload: (await import("./chunk-VKTXCHT5.mjs")).githubAttestationUpload(
          config.githubToken,
          github
        )
      } : {},
      deployments: await deploymentMirror(config.githubToken, github, log)
    });
    writeOutputs(result.outputs);
    await writeSummary(result.report);
    if (result.failed) setFailed(result.report.title);
  } catch (error) {
    setFailed(describeError(error));
    process.exitCode = exitStatusOf(error);
    await writeSummary(errorReport(getInput("command") || "release", error)).catch(() => void 0);
  } finally {
    removeHandlers();
    rmSync(tempDir, { recursive: true, force: true });
  }
}
function actionSources(read = (name) => getInput(name)) {
  const fallback = (name) => INPUTS[name].default ?? "";
  return {
    given: (name) => {
      const value = read(name);
      return value === fallback(name) ? "" : value;
    },
    fallback: read
  };
}
var BUILDS = /* @__PURE__ */ new Set(["build", "release"]);
async function deploymentMirror(token, github, log) {
  if (!token) {
    log.debug("GitHub Deployments: not mirrored (needs GitHub Actions and a github-token)");
    return new NoMirror();
  }
  const { createDeploymentMirror } = await import("./chunk-6ID4CX45.mjs");
  return createDeploymentMirror({ token, github, log });
}
export {
  actionSources,
  run
};
//# sourceMappingURL=action.mjs.map
