import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { exitStatusOf, stopOnSignals } from "../cancel";
import type { Command } from "../config";
import { secretsOf } from "../config";
import { describeError } from "../errors";
import { type DeploymentMirror, NoMirror } from "../github/mirror";
import { type GitHubRun, readGitHubRun, runIdentity } from "../github/run";
import { INPUTS, type InputName, type InputSpec } from "../inputs";
import type { Logger } from "../log";
import { type InputSources, readConfig } from "../read-config";
import { errorReport } from "../result-format";
import { runCommand } from "../run";
import { actionsCache } from "./cache";
import { ActionLogger } from "./logger";
import { writeOutputs } from "./outputs";
import { writeSummary } from "./summary";

/** Entry point of the bundled action (dist/index.cjs). */
export async function run(): Promise<void> {
  const tempDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), "greenlight-"));
  const log = new ActionLogger();
  // a cancelled workflow run sends SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that
  const stop = new AbortController();
  const removeHandlers = stopOnSignals(stop, log);
  try {
    const config = await readConfig(actionSources(), process.env, (p) => readFileSync(p, "utf8"));
    for (const secret of secretsOf(config)) log.mask(secret);
    // the GitHub client and the cache service are loaded only when the command can use them
    const cacheStore = BUILDS.has(config.command) ? await actionsCache() : undefined;
    const github = readGitHubRun(process.env);
    const result = await runCommand(config, {
      log,
      env: process.env,
      tempDir,
      now: () => new Date(),
      signal: stop.signal,
      ...(github ? { github } : {}),
      ...runIdentity(process.env),
      ...(process.env.ACTIONS_ID_TOKEN_REQUEST_URL
        ? { idToken: (audience: string) => core.getIDToken(audience) }
        : {}),
      ...(cacheStore ? { cacheStore } : {}),
      ...(config.attest.githubAttestations && config.githubToken
        ? {
            attestationUpload: (await import("../github/attestations")).githubAttestationUpload(
              config.githubToken,
              github,
            ),
          }
        : {}),
      deployments: await deploymentMirror(config.githubToken, github, log),
    });
    writeOutputs(result.outputs);
    await writeSummary(result.report);
    if (result.failed) core.setFailed(result.report.title);
  } catch (error) {
    core.setFailed(describeError(error));
    process.exitCode = exitStatusOf(error);
    await writeSummary(errorReport(core.getInput("command") || "release", error)).catch(() => undefined);
  } finally {
    removeHandlers();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/**
 * The step's inputs. The runner fills an input the step leaves out with action.yml's default, so
 * an input equal to its default counts as not given: greenlight.yml and what the environment
 * remembers then come first, and the runner's value (the default) last.
 */
export function actionSources(
  read: (name: InputName) => string = (name) => core.getInput(name),
): InputSources {
  const fallback = (name: InputName) => (INPUTS[name] as InputSpec).default ?? "";
  return {
    given: (name) => {
      const value = read(name);
      return value === fallback(name) ? "" : value;
    },
    fallback: read,
  };
}

/** The commands that build an image, the only ones that use the Actions cache. */
const BUILDS: ReadonlySet<Command> = new Set<Command>(["build", "release"]);

/** GitHub Deployments when there is a token to reach them (the client is imported only then). */
async function deploymentMirror(
  token: string | undefined,
  github: GitHubRun | undefined,
  log: Logger,
): Promise<DeploymentMirror> {
  if (!token) {
    log.debug("GitHub Deployments: not mirrored (needs GitHub Actions and a github-token)");
    return new NoMirror();
  }
  const { createDeploymentMirror } = await import("../github/deployments");
  return createDeploymentMirror({ token, github, log });
}
