import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  rollbackTarget
} from "./chunk-6OMVMVV3.mjs";
import "./chunk-5RSOG4IS.mjs";
import {
  planFor
} from "./chunk-S2M4KTOC.mjs";
import {
  decideUnlock
} from "./chunk-K75B7VC6.mjs";
import {
  numberedFacts,
  planDeploy,
  planPromote,
  planReject,
  planSwitchBack,
  warmColor
} from "./chunk-XLE7A3M2.mjs";
import "./chunk-6ZLAXHQH.mjs";
import {
  readGitState,
  signerFor
} from "./chunk-H4C6TIO4.mjs";
import "./chunk-JUVCEIRY.mjs";
import "./chunk-JKSWZDHS.mjs";
import {
  requireDigest,
  verifyBeforeDeploy
} from "./chunk-W4BKVXFS.mjs";
import "./chunk-SXO6MQQC.mjs";
import "./chunk-RKUPUCJL.mjs";
import "./chunk-UL7UKKWH.mjs";
import {
  engineOptions,
  preStageGates,
  testResults
} from "./chunk-YCL6GRKU.mjs";
import "./chunk-L2RMZWNA.mjs";
import "./chunk-LEAWIEZQ.mjs";
import {
  computeTags
} from "./chunk-EWTRVK6G.mjs";
import "./chunk-JVFMGPSM.mjs";
import {
  registryClient,
  requireImage
} from "./chunk-ZYHOEQV2.mjs";
import "./chunk-TW2U35TL.mjs";
import {
  pinned,
  repositoryName
} from "./chunk-LXHANSJM.mjs";
import "./chunk-S2QR2NPX.mjs";
import {
  GreenlightError,
  InputError
} from "./chunk-XAPMUR2Q.mjs";
import "./chunk-SZKR2E2Q.mjs";

// src/commands/dry-run.ts
var NOTHING_CHANGED = "(dry run: nothing changed)";
function planResult(title, steps, failed = false) {
  return {
    outputs: {},
    report: { title: `Plan for ${title} ${NOTHING_CHANGED}`, facts: numberedFacts(steps) },
    ...failed ? { failed } : {}
  };
}
async function verifyStep(config, ctx, digest) {
  const signsFirst = config.policy.requireTestResults && config.deploy.testResults.length > 0 && config.signing.mode !== "none";
  const checked = signsFirst ? { ...config, policy: { ...config.policy, requireTestResults: false } } : config;
  const detail = await verifyBeforeDeploy(checked, ctx, digest);
  const image = pinned(requireImage(config), digest);
  return {
    action: "verify",
    detail: detail ? `${image}: ${detail}${signsFirst ? " (test results not required: the run signs them first)" : ""}` : "skipped (verify: false)"
  };
}
async function testResultsStep(config, ctx, digest) {
  if (!config.deploy.testResults.length) return [];
  const result = await testResults(config);
  const steps = [];
  if (config.signing.mode !== "none" && result.passed) {
    steps.push({ action: "attest", detail: `sign the test results and attach them to ${digest}` });
  }
  ctx.log.info(`test results: ${result.passed ? "pass" : "FAIL"}: ${result.detail}`);
  return steps;
}
async function deploy(config, ctx) {
  const digest = requireDigest(config);
  const image = pinned(requireImage(config), digest);
  const engine = engineOptions(config, ctx);
  const attest2 = await testResultsStep(config, ctx, digest);
  const verify = await verifyStep(config, ctx, digest);
  const gates = preStageGates(config);
  const refused = gates.length > 0 && !(await testResults(config)).passed;
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: gates,
    promotion: config.deploy.promotion,
    watchSeconds: config.deploy.watchSeconds
  });
  return planResult(`deploy of ${image}`, [...attest2, verify, ...plan.steps], refused);
}
async function promote(config, ctx) {
  const engine = engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planPromote(state, records, { ...engine, watchSeconds: config.deploy.watchSeconds });
  const verify = await verifyStep(config, ctx, plan.digest);
  return planResult(`promote of ${plan.color} (${plan.image})`, [verify, ...plan.steps]);
}
async function reject(config, ctx) {
  const engine = engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const reason = config.deploy.reason ?? "rejected";
  const plan = planReject(state, records, { ...engine, reason });
  return planResult(`reject of ${plan.color} (${plan.image})`, plan.steps);
}
async function rollback(config, ctx) {
  const engine = engineOptions(config, ctx);
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const warm = warmColor(state);
  const target = await rollbackTarget(
    config,
    requireImage(config),
    engine,
    warm ? state.colors[warm]?.digest : void 0
  );
  const image = pinned(requireImage(config), target.digest);
  const verify = await verifyStep(config, ctx, target.digest);
  if (target.warm) {
    const previewGates = (engine.previewGates ?? []).map((g) => g.name);
    const plan2 = planSwitchBack(state, records, { ...engine, previewGates });
    return planResult(`rollback to ${plan2.color} (${image})`, [verify, ...plan2.steps]);
  }
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: preStageGates(config),
    promotion: "auto",
    watchSeconds: config.deploy.watchSeconds
  });
  return planResult(`rollback to ${image}`, [verify, ...plan.steps]);
}
async function buildSteps(config, ctx) {
  const image = requireImage(config);
  const b = config.build;
  const git = await readGitState(b.context, ctx.env);
  const tags = computeTags(image, git, b.tags);
  const platforms = b.platforms.length ? b.platforms.join(", ") : "the builder's platform";
  const steps = [
    {
      action: "build",
      detail: `${b.context} (${b.file ?? "Dockerfile"}) for ${platforms} with the ${b.builder} builder`
    }
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
      detail: `${repositoryName(image)}:${tag} ${now ? `moves from ${now.digest}` : "is new"} to the new digest`
    });
  }
  if (config.signing.mode !== "none") {
    signerFor(config, ctx);
    const where = config.attest.pushToRegistry ? "attach it to the new digest" : "keep it as a file";
    steps.push({ action: "attest", detail: `sign SLSA provenance (${config.signing.mode}) and ${where}` });
  }
  return steps;
}
async function build(config, ctx) {
  return planResult(`build of ${repositoryName(requireImage(config))}`, await buildSteps(config, ctx));
}
async function attest(config, ctx) {
  const digest = requireDigest(config);
  const image = pinned(requireImage(config), digest);
  signerFor(config, ctx);
  const steps = [
    { action: "attest", detail: `sign SLSA provenance for ${image} (${config.signing.mode})` }
  ];
  if (config.attest.pushToRegistry) {
    steps.push({ action: "attest", detail: `attach the bundle to ${image} as a referrer` });
  }
  if (config.attest.githubAttestations) {
    steps.push({ action: "attest", detail: "store the bundle in GitHub's attestations API" });
  }
  return planResult(`attest of ${image}`, steps);
}
async function release(config, ctx) {
  if (!config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy"
    });
  }
  const image = requireImage(config);
  const steps = await buildSteps(config, ctx);
  const engine = engineOptions(config, ctx);
  const newDigest = "<new digest>";
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planDeploy(state, {
    image: `${repositoryName(image)}@${newDigest}`,
    digest: newDigest,
    promotion: config.deploy.promotion,
    preStageGates: preStageGates(config).map((g) => g.name),
    previewGates: (engine.previewGates ?? []).map((g) => g.name),
    watchSeconds: config.deploy.watchSeconds,
    recordedReleases: records.map((r) => r.release)
  });
  const verify = {
    action: "verify",
    detail: config.policy.enabled ? `${newDigest} against the policy` : "skipped (verify: false)"
  };
  return planResult(`release of ${repositoryName(image)}`, [...steps, verify, ...plan.steps]);
}
async function unlock(config, ctx) {
  const d = config.deploy;
  if (!d.reason) {
    throw new InputError("reason", "is required by unlock", "why the lock is broken, e.g. 'runner died'");
  }
  const engine = engineOptions(config, ctx);
  const holder = (await engine.target.readState()).lock;
  const decision = decideUnlock(holder, d.force, ctx.now().getTime());
  if (decision === "refuse" && holder) {
    throw new GreenlightError(
      `unlock ${d.app}/${d.environment}: the lock is held by ${holder.owner}, whose heartbeat is fresh (valid until ${holder.expiresAt})`,
      { hint: "that run is alive: cancel it, or wait for it; force: true breaks the lock anyway" }
    );
  }
  const steps = decision === "free" || !holder ? [{ action: "unlock", detail: `nothing: ${d.app}/${d.environment} is not locked` }] : [
    {
      action: "unlock",
      detail: `break the lock held by ${holder.owner}${holder.runUrl ? ` (${holder.runUrl})` : ""}`
    },
    { action: "record", detail: `an 'unlocked' entry in the ledger: ${d.reason}` }
  ];
  return planResult(`unlock of ${d.app}/${d.environment}`, steps);
}
export {
  attest,
  build,
  deploy,
  promote,
  reject,
  release,
  rollback,
  unlock
};
//# sourceMappingURL=chunk-6EVEHKME.mjs.map
