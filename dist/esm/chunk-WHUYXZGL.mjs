import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  decideUnlock
} from "./chunk-K75B7VC6.mjs";
import {
  rollbackTarget
} from "./chunk-DLSMSEAT.mjs";
import {
  verifyBeforeDeploy
} from "./chunk-Q6CHKWDP.mjs";
import "./chunk-JX6LAKTW.mjs";
import {
  planFor
} from "./chunk-2MBZFBS5.mjs";
import {
  numberedFacts,
  planDeploy,
  planPromote,
  planReject,
  planSwitchBack,
  warmColor
} from "./chunk-AQ7GFJKS.mjs";
import "./chunk-BB2OMXZJ.mjs";
import "./chunk-TD6C3PZA.mjs";
import {
  readGitState
} from "./chunk-4H3VVQUC.mjs";
import {
  computeTags
} from "./chunk-YKFOBVSN.mjs";
import "./chunk-HLSVML6X.mjs";
import "./chunk-ARYB7FQK.mjs";
import "./chunk-3XIWZO76.mjs";
import "./chunk-65AIQVL5.mjs";
import "./chunk-FAICATJQ.mjs";
import {
  pinned,
  repositoryName
} from "./chunk-UEFSGM5H.mjs";
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
async function verifyStep(s, digest) {
  const { config } = s;
  const signsFirst = config.policy.requireTestResults && config.deploy.testResults.length > 0 && config.signing.mode !== "none";
  const checked = signsFirst ? { ...config, policy: { ...config.policy, requireTestResults: false } } : config;
  const detail = await verifyBeforeDeploy(s, digest, checked);
  const image = pinned(s.image(), digest);
  return {
    action: "verify",
    detail: detail ? `${image}: ${detail}${signsFirst ? " (test results not required: the run signs them first)" : ""}` : "skipped (verify: false)"
  };
}
async function testResultsStep(s, digest) {
  const { config, ctx } = s;
  if (!config.deploy.testResults.length) return [];
  const result = await s.testResults();
  const steps = [];
  if (config.signing.mode !== "none" && result.passed) {
    steps.push({ action: "attest", detail: `sign the test results and attach them to ${digest}` });
  }
  ctx.log.info(`test results: ${result.passed ? "pass" : "FAIL"}: ${result.detail}`);
  return steps;
}
async function dryRunDeploy(s) {
  const { config } = s;
  const digest = s.digest();
  const image = pinned(s.image(), digest);
  const engine = await s.engine();
  const attest = await testResultsStep(s, digest);
  const verify = await verifyStep(s, digest);
  const gates = s.preStageGates();
  const refused = gates.length > 0 && !(await s.testResults()).passed;
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: gates,
    promotion: config.deploy.promotion,
    watchSeconds: config.deploy.watchSeconds
  });
  return planResult(`deploy of ${image}`, [...attest, verify, ...plan.steps], refused);
}
async function dryRunPromote(s) {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const plan = planPromote(state, records, { ...engine, watchSeconds: config.deploy.watchSeconds });
  const verify = await verifyStep(s, plan.digest);
  return planResult(`promote of ${plan.color} (${plan.image})`, [verify, ...plan.steps]);
}
async function dryRunReject(s) {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const reason = config.deploy.reason ?? "rejected";
  const plan = planReject(state, records, { ...engine, reason });
  return planResult(`reject of ${plan.color} (${plan.image})`, plan.steps);
}
async function dryRunRollback(s) {
  const { config } = s;
  const engine = await s.engine();
  const [state, records] = await Promise.all([engine.target.readState(), engine.ledger.history()]);
  const warm = warmColor(state);
  const target = await rollbackTarget(
    config,
    s.image(),
    engine,
    warm ? state.colors[warm]?.digest : void 0
  );
  const image = pinned(s.image(), target.digest);
  const verify = await verifyStep(s, target.digest);
  if (target.warm) {
    const previewGates = (engine.previewGates ?? []).map((g) => g.name);
    const plan2 = planSwitchBack(state, records, { ...engine, previewGates });
    return planResult(`rollback to ${plan2.color} (${image})`, [verify, ...plan2.steps]);
  }
  const plan = await planFor({
    ...engine,
    image,
    preStageGates: s.preStageGates(),
    promotion: "auto",
    watchSeconds: config.deploy.watchSeconds
  });
  return planResult(`rollback to ${image}`, [verify, ...plan.steps]);
}
async function buildSteps(s) {
  const { config, ctx } = s;
  const image = s.image();
  const b = config.build;
  const git = await readGitState(b.context, ctx.github);
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
  const client = s.registryClient(image.registry);
  for (const tag of tags) {
    const now = await client.manifestDescriptor(image.repository, tag);
    steps.push({
      action: "tag",
      detail: `${repositoryName(image)}:${tag} ${now ? `moves from ${now.digest}` : "is new"} to the new digest`
    });
  }
  if (config.signing.mode !== "none") {
    await s.signer();
    const where = config.attest.pushToRegistry ? "attach it to the new digest" : "keep it as a file";
    steps.push({ action: "attest", detail: `sign SLSA provenance (${config.signing.mode}) and ${where}` });
  }
  return steps;
}
async function dryRunBuild(s) {
  return planResult(`build of ${repositoryName(s.image())}`, await buildSteps(s));
}
async function dryRunAttest(s) {
  const { config } = s;
  const digest = s.digest();
  const image = pinned(s.image(), digest);
  await s.signer();
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
async function dryRunRelease(s) {
  const { config } = s;
  if (!config.build.push) {
    throw new GreenlightError("release needs 'push: true'", {
      hint: "only a pushed image has a digest to deploy"
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
    records
  });
  const verify = {
    action: "verify",
    detail: config.policy.enabled ? `${newDigest} against the policy` : "skipped (verify: false)"
  };
  return planResult(`release of ${repositoryName(image)}`, [...steps, verify, ...plan.steps]);
}
async function dryRunUnlock(s) {
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
  dryRunAttest,
  dryRunBuild,
  dryRunDeploy,
  dryRunPromote,
  dryRunReject,
  dryRunRelease,
  dryRunRollback,
  dryRunUnlock
};
//# sourceMappingURL=chunk-WHUYXZGL.mjs.map
