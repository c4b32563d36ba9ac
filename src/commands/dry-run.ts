// `dry-run: true` for every command that changes something: it reads everything the command would
// (target state, ledger, registry tags, git), verifies for real (a refusal still fails the run), and
// prints the numbered plan. It takes no lock, builds, pushes, signs, attaches, starts, switches,
// retires and records nothing, and leaves GitHub Deployments alone.
import type { Config } from "../config";
import type { RunContext } from "../context";
import {
  numberedFacts,
  type PlanStep,
  planDeploy,
  planPromote,
  planReject,
  planSwitchBack,
  warmColor,
} from "../deploy/plan";
import { planFor } from "../deploy/status";
import { decideUnlock } from "../deploy/unlock";
import { GreenlightError, InputError } from "../errors";
import { readGitState } from "../git";
import { pinned, repositoryName } from "../image/reference";
import { computeTags } from "../image/tags";
import type { CommandResult } from "../run";
import { signerFor } from "./attest";
import { engineOptions, preStageGates, testResults } from "./engine";
import { registryClient, requireImage } from "./registry";
import { rollbackTarget } from "./rollback";
import { requireDigest, verifyBeforeDeploy } from "./verify";

const NOTHING_CHANGED = "(dry run: nothing changed)";

function planResult(title: string, steps: readonly PlanStep[], failed = false): CommandResult {
  return {
    outputs: {},
    report: { title: `Plan for ${title} ${NOTHING_CHANGED}`, facts: numberedFacts(steps) },
    ...(failed ? { failed } : {}),
  };
}

/** The verify step, run for real: a digest the policy refuses fails the dry run as it would the run. */
async function verifyStep(config: Config, ctx: RunContext, digest: string): Promise<PlanStep> {
  // The run signs the test results of earlier jobs before it verifies; the dry run signs nothing,
  // so a policy requiring them is checked without them (and says so).
  const signsFirst =
    config.policy.requireTestResults &&
    config.deploy.testResults.length > 0 &&
    config.signing.mode !== "none";
  const checked = signsFirst
    ? { ...config, policy: { ...config.policy, requireTestResults: false } }
    : config;
  const detail = await verifyBeforeDeploy(checked, ctx, digest);
  const image = pinned(requireImage(config), digest);
  return {
    action: "verify",
    detail: detail
      ? `${image}: ${detail}${signsFirst ? " (test results not required: the run signs them first)" : ""}`
      : "skipped (verify: false)",
  };
}

/** Test results of earlier jobs: read and judged now (reading changes nothing). */
async function testResultsStep(config: Config, ctx: RunContext, digest: string): Promise<PlanStep[]> {
  if (!config.deploy.testResults.length) return [];
  const result = await testResults(config);
  const steps: PlanStep[] = [];
  if (config.signing.mode !== "none" && result.passed) {
    steps.push({ action: "attest", detail: `sign the test results and attach them to ${digest}` });
  }
  ctx.log.info(`test results: ${result.passed ? "pass" : "FAIL"}: ${result.detail}`);
  return steps;
}

/** `deploy --dry-run`: verify, judge the test results, plan from the target's state and the ledger. */
export async function deploy(config: Config, ctx: RunContext): Promise<CommandResult> {
  const digest = requireDigest(config);
  const image = pinned(requireImage(config), digest);
  const engine = await engineOptions(config, ctx);
  const attest = await testResultsStep(config, ctx, digest);
  const verify = await verifyStep(config, ctx, digest);
  const gates = preStageGates(config);
  // the pre-stage gate would refuse the deploy: the dry run fails too (after showing the plan)
  const refused = gates.length > 0 && !(await testResults(config)).passed;
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: gates,
    promotion: config.deploy.promotion,
    watchSeconds: config.deploy.watchSeconds,
  });
  return planResult(`deploy of ${image}`, [...attest, verify, ...plan.steps], refused);
}

/** `promote --dry-run`: promote's checks against the target and the ledger, verify the staged digest, plan. */
export async function promote(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = await engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planPromote(state, records, { ...engine, watchSeconds: config.deploy.watchSeconds });
  const verify = await verifyStep(config, ctx, plan.digest);
  return planResult(`promote of ${plan.color} (${plan.image})`, [verify, ...plan.steps]);
}

/** `reject --dry-run`: reject's checks, plan. */
export async function reject(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = await engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const reason = config.deploy.reason ?? "rejected";
  const plan = planReject(state, records, { ...engine, reason });
  return planResult(`reject of ${plan.color} (${plan.image})`, plan.steps);
}

/** `rollback --dry-run`: choose the target as rollback does, verify it, plan the switch back or the redeploy. */
export async function rollback(config: Config, ctx: RunContext): Promise<CommandResult> {
  const engine = await engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const warm = warmColor(state);
  const target = await rollbackTarget(
    config,
    requireImage(config),
    engine,
    warm ? state.colors[warm]?.digest : undefined,
  );
  const image = pinned(requireImage(config), target.digest);
  const verify = await verifyStep(config, ctx, target.digest);
  if (target.warm) {
    const previewGates = (engine.previewGates ?? []).map((g) => g.name);
    const plan = planSwitchBack(state, records, { ...engine, previewGates });
    return planResult(`rollback to ${plan.color} (${image})`, [verify, ...plan.steps]);
  }
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: preStageGates(config),
    promotion: "auto",
    watchSeconds: config.deploy.watchSeconds,
  });
  return planResult(`rollback to ${image}`, [verify, ...plan.steps]);
}

/** The build's steps: what it would build, and every tag it would push or move (with where it points now). */
async function buildSteps(config: Config, ctx: RunContext): Promise<PlanStep[]> {
  const image = requireImage(config);
  const b = config.build;
  const git = await readGitState(b.context, ctx.env);
  const tags = computeTags(image, git, b.tags);
  const platforms = b.platforms.length ? b.platforms.join(", ") : "the builder's platform";
  const steps: PlanStep[] = [
    {
      action: "build",
      detail: `${b.context} (${b.file ?? "Dockerfile"}) for ${platforms} with the ${b.builder} builder`,
    },
  ];
  if (!b.push) {
    steps.push({ action: "tag", detail: `push: false: nothing pushed, no tag moved (${tags.join(", ")})` });
    return steps;
  }
  const client = registryClient(config, ctx, image.registry);
  for (const tag of tags) {
    const now = await client.headManifest(image.repository, tag);
    steps.push({
      action: "tag",
      detail: `${repositoryName(image)}:${tag} ${now ? `moves from ${now.digest}` : "is new"} to the new digest`,
    });
  }
  if (config.signing.mode !== "none") {
    signerFor(config, ctx); // the signing configuration is checked now, not after a push
    const where = config.attest.pushToRegistry ? "attach it to the new digest" : "keep it as a file";
    steps.push({ action: "attest", detail: `sign SLSA provenance (${config.signing.mode}) and ${where}` });
  }
  return steps;
}

/** `build --dry-run`: stops before the build; shows what it would build and the tags it would move. */
export async function build(config: Config, ctx: RunContext): Promise<CommandResult> {
  return planResult(`build of ${repositoryName(requireImage(config))}`, await buildSteps(config, ctx));
}

/** `attest --dry-run`: checks the signing configuration and names what it would sign and attach. */
export async function attest(config: Config, ctx: RunContext): Promise<CommandResult> {
  const digest = requireDigest(config);
  const image = pinned(requireImage(config), digest);
  signerFor(config, ctx);
  const steps: PlanStep[] = [
    { action: "attest", detail: `sign SLSA provenance for ${image} (${config.signing.mode})` },
  ];
  if (config.attest.pushToRegistry) {
    steps.push({ action: "attest", detail: `attach the bundle to ${image} as a referrer` });
  }
  if (config.attest.githubAttestations) {
    steps.push({ action: "attest", detail: "store the bundle in GitHub's attestations API" });
  }
  return planResult(`attest of ${image}`, steps);
}

/**
 * `release --dry-run`: stops before the build (no digest exists yet, so nothing is pushed or
 * signed); shows the tags it would move, then the deploy plan of the new digest from today's state.
 */
export async function release(config: Config, ctx: RunContext): Promise<CommandResult> {
  if (!config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy",
    });
  }
  const image = requireImage(config);
  const steps = await buildSteps(config, ctx);
  const engine = await engineOptions(config, ctx);
  const newDigest = "<new digest>";
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planDeploy(state, {
    image: `${repositoryName(image)}@${newDigest}`,
    digest: newDigest,
    promotion: config.deploy.promotion,
    preStageGates: preStageGates(config).map((g) => g.name),
    previewGates: (engine.previewGates ?? []).map((g) => g.name),
    watchSeconds: config.deploy.watchSeconds,
    recordedReleases: records.map((r) => r.release),
  });
  const verify: PlanStep = {
    action: "verify",
    detail: config.policy.enabled ? `${newDigest} against the policy` : "skipped (verify: false)",
  };
  return planResult(`release of ${repositoryName(image)}`, [...steps, verify, ...plan.steps]);
}

/** `unlock --dry-run`: read the lock and say whether unlock would break it; nothing is removed or recorded. */
export async function unlock(config: Config, ctx: RunContext): Promise<CommandResult> {
  const d = config.deploy;
  if (!d.reason) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const engine = await engineOptions(config, ctx);
  const holder = (await engine.target.readState()).lock;
  const decision = decideUnlock(holder, d.force, ctx.now().getTime());
  if (decision === "refuse" && holder) {
    throw new GreenlightError(
      `unlock ${d.app}/${d.environment}: the lock is held by ${holder.owner}, whose heartbeat is fresh (valid until ${holder.expiresAt})`,
      { hint: "that run is alive: cancel it, or wait for it; force: true breaks the lock anyway" },
    );
  }
  const steps: PlanStep[] =
    decision === "free" || !holder
      ? [{ action: "unlock", detail: `nothing: ${d.app}/${d.environment} is not locked` }]
      : [
          {
            action: "unlock",
            detail: `break the lock held by ${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`,
          },
          { action: "record", detail: `an 'unlocked' entry in the ledger: ${d.reason}` },
        ];
  return planResult(`unlock of ${d.app}/${d.environment}`, steps);
}
