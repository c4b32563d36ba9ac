// `dry-run: true` for every command that changes something: it reads everything the command would
// (target state, ledger, registry tags, git), verifies for real (a refusal still fails the run), and
// prints the numbered plan. It takes no lock, builds, pushes, signs, attaches, starts, switches,
// retires and records nothing, and leaves GitHub Deployments alone.

import type { CommandResult } from "../command-result";
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
import { rollbackTarget } from "./rollback-target";
import type { RunServices } from "./services";
import { verifyBeforeDeploy } from "./verification";

const NOTHING_CHANGED = "(dry run: nothing changed)";

function planResult(title: string, steps: readonly PlanStep[], failed = false): CommandResult {
  return {
    outputs: {},
    report: { title: `Plan for ${title} ${NOTHING_CHANGED}`, facts: numberedFacts(steps) },
    ...(failed ? { failed } : {}),
  };
}

/** The verify step, run for real: a digest the policy refuses fails the dry run as it would the run. */
async function verifyStep(s: RunServices, digest: string): Promise<PlanStep> {
  const { config } = s;
  // The run signs the test results of earlier jobs before it verifies; the dry run signs nothing,
  // so a policy requiring them is checked without them (and says so).
  const signsFirst =
    config.policy.requireTestResults &&
    config.deploy.testResults.length > 0 &&
    config.signing.mode !== "none";
  const checked = signsFirst
    ? { ...config, policy: { ...config.policy, requireTestResults: false } }
    : config;
  const detail = await verifyBeforeDeploy(s, digest, checked);
  const image = pinned(s.image(), digest);
  return {
    action: "verify",
    detail: detail
      ? `${image}: ${detail}${signsFirst ? " (test results not required: the run signs them first)" : ""}`
      : "skipped (verify: false)",
  };
}

/** Test results of earlier jobs: read and judged now (reading changes nothing). */
async function testResultsStep(s: RunServices, digest: string): Promise<PlanStep[]> {
  const { config, ctx } = s;
  if (!config.deploy.testResults.length) return [];
  const result = await s.testResults();
  const steps: PlanStep[] = [];
  if (config.signing.mode !== "none" && result.passed) {
    steps.push({ action: "attest", detail: `sign the test results and attach them to ${digest}` });
  }
  ctx.log.info(`test results: ${result.passed ? "pass" : "FAIL"}: ${result.detail}`);
  return steps;
}

/** `deploy --dry-run`: verify, judge the test results, plan from the target's state and the ledger. */
export async function dryRunDeploy(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  const digest = s.digest();
  const image = pinned(s.image(), digest);
  const engine = await s.engine();
  const attest = await testResultsStep(s, digest);
  const verify = await verifyStep(s, digest);
  const gates = s.preStageGates();
  // the pre-stage gate would refuse the deploy: the dry run fails too (after showing the plan)
  const refused = gates.length > 0 && !(await s.testResults()).passed;
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
export async function dryRunPromote(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planPromote(state, records, { ...engine, watchSeconds: config.deploy.watchSeconds });
  const verify = await verifyStep(s, plan.digest);
  return planResult(`promote of ${plan.color} (${plan.image})`, [verify, ...plan.steps]);
}

/** `reject --dry-run`: reject's checks, plan. */
export async function dryRunReject(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const reason = config.deploy.reason ?? "rejected";
  const plan = planReject(state, records, { ...engine, reason });
  return planResult(`reject of ${plan.color} (${plan.image})`, plan.steps);
}

/** `rollback --dry-run`: choose the target as rollback does, verify it, plan the switch back or the redeploy. */
export async function dryRunRollback(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const warm = warmColor(state);
  const target = await rollbackTarget(
    config,
    s.image(),
    engine,
    warm ? state.colors[warm]?.digest : undefined,
  );
  const image = pinned(s.image(), target.digest);
  const verify = await verifyStep(s, target.digest);
  if (target.warm) {
    const previewGates = (engine.previewGates ?? []).map((g) => g.name);
    const plan = planSwitchBack(state, records, { ...engine, previewGates });
    return planResult(`rollback to ${plan.color} (${image})`, [verify, ...plan.steps]);
  }
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: s.preStageGates(),
    promotion: "auto",
    watchSeconds: config.deploy.watchSeconds,
  });
  return planResult(`rollback to ${image}`, [verify, ...plan.steps]);
}

/** The build's steps: what it would build, and every tag it would push or move (with where it points now). */
async function buildSteps(s: RunServices): Promise<PlanStep[]> {
  const { config, ctx } = s;
  const image = s.image();
  const b = config.build;
  const git = await readGitState(b.context, ctx.github);
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
  const client = s.registryClient(image.registry);
  for (const tag of tags) {
    const now = await client.manifestDescriptor(image.repository, tag);
    steps.push({
      action: "tag",
      detail: `${repositoryName(image)}:${tag} ${now ? `moves from ${now.digest}` : "is new"} to the new digest`,
    });
  }
  if (config.signing.mode !== "none") {
    await s.signer(); // the signing configuration is checked now, not after a push
    const where = config.attest.pushToRegistry ? "attach it to the new digest" : "keep it as a file";
    steps.push({ action: "attest", detail: `sign SLSA provenance (${config.signing.mode}) and ${where}` });
  }
  return steps;
}

/** `build --dry-run`: stops before the build; shows what it would build and the tags it would move. */
export async function dryRunBuild(s: RunServices): Promise<CommandResult> {
  return planResult(`build of ${repositoryName(s.image())}`, await buildSteps(s));
}

/** `attest --dry-run`: checks the signing configuration and names what it would sign and attach. */
export async function dryRunAttest(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  const digest = s.digest();
  const image = pinned(s.image(), digest);
  await s.signer();
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
export async function dryRunRelease(s: RunServices): Promise<CommandResult> {
  const { config } = s;
  if (!config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy",
    });
  }
  const image = s.image();
  const steps = await buildSteps(s);
  const engine = await s.engine();
  const newDigest = "<new digest>";
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planDeploy(state, {
    image: `${repositoryName(image)}@${newDigest}`,
    digest: newDigest,
    promotion: config.deploy.promotion,
    preStageGates: s.preStageGates().map((g) => g.name),
    previewGates: (engine.previewGates ?? []).map((g) => g.name),
    watchSeconds: config.deploy.watchSeconds,
    records,
  });
  const verify: PlanStep = {
    action: "verify",
    detail: config.policy.enabled ? `${newDigest} against the policy` : "skipped (verify: false)",
  };
  return planResult(`release of ${repositoryName(image)}`, [...steps, verify, ...plan.steps]);
}

/** `unlock --dry-run`: read the lock and say whether unlock would break it; nothing is removed or recorded. */
export async function dryRunUnlock(s: RunServices): Promise<CommandResult> {
  const { config, ctx } = s;
  const d = config.deploy;
  if (!d.reason) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const engine = await s.engine();
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
