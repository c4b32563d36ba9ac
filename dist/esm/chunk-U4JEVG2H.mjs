import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  requireImage
} from "./chunk-KJMW63FX.mjs";
import {
  DeployFailedError
} from "./chunk-QMUCPTAA.mjs";
import {
  LIST_INPUTS,
  commandInputs
} from "./chunk-DA64P7H5.mjs";
import {
  shellQuote
} from "./chunk-AXO4PEG5.mjs";
import {
  repositoryName
} from "./chunk-UEFSGM5H.mjs";

// src/commands/next-command.ts
var NOT_REPEATED = /* @__PURE__ */ new Set(["dry-run", "format", "to", "reason", "subject-digest"]);
function nextCommand(config, command, set = {}) {
  const values = {
    ...config.given,
    image: repositoryName(requireImage(config))
  };
  const args = [];
  for (const name of commandInputs(command)) {
    const value = name in set ? set[name] : NOT_REPEATED.has(name) ? void 0 : values[name];
    if (!value) continue;
    const each = LIST_INPUTS.has(name) ? value.split("\n").filter((v) => v.trim()) : [value];
    for (const v of each) args.push(`--${name}`, v);
  }
  return `greenlight ${command} ${shellQuote(args)}`;
}

// src/commands/deploy-result.ts
async function mirrored(s, facts, run) {
  const { config, ctx } = s;
  const repository = repositoryName(s.image());
  await ctx.deployments?.start({
    environment: config.deploy.environment,
    ref: ctx.github?.sha || facts.digest,
    digest: facts.digest,
    image: repository,
    release: facts.release,
    description: facts.description,
    ...ctx.runUrl ? { logUrl: ctx.runUrl } : {}
  });
  try {
    const result = await run();
    const state = result.outcome === "staged" ? "inactive" : result.outcome === "failed" ? "failure" : "success";
    await ctx.deployments?.finish(state, {
      environmentUrl: result.liveUrl,
      description: `${result.outcome}: ${result.image}`
    });
    return { outputs: deployOutputs(result), report: deployReport(config, ctx, result, facts.verification) };
  } catch (error) {
    if (!(error instanceof DeployFailedError)) {
      await ctx.deployments?.finish("error", { description: error.message.slice(0, 140) });
      throw error;
    }
    await ctx.deployments?.finish("failure", { description: error.message.slice(0, 140) });
    const report = deployReport(config, ctx, error.result, facts.verification);
    report.title = `${error.result.action} of ${error.result.image} ${error.result.outcome === "refused" ? "refused" : "failed"}: ${error.result.reason ?? error.message}`;
    return { outputs: deployOutputs(error.result), report, failed: true };
  }
}
function deployOutputs(r) {
  return {
    color: r.liveColor ?? "",
    url: r.liveUrl,
    "preview-url": r.previewUrl,
    "previous-digest": r.previousDigest ?? "",
    "release-id": r.release,
    "live-digest": r.liveColor === r.color ? r.digest : r.previousDigest ?? "",
    digest: r.digest,
    image: r.image
  };
}
function deployReport(config, ctx, r, verification) {
  const rollback = r.outcome === "promoted" && r.previousDigest ? rollbackHowTo(config, ctx, r) : void 0;
  const next = r.outcome === "staged" ? promoteHowTo(config, ctx, r) : void 0;
  return {
    title: titleOf(r),
    facts: [
      ["app / environment", `${r.app} / ${r.environment}`],
      ["digest", r.digest],
      ["release", r.release],
      ["live", `${r.liveColor ?? "-"} ${r.liveUrl}`],
      ["preview", r.previewUrl],
      ["previous digest", r.previousDigest ?? "-"],
      ...verificationFact(config, r, verification),
      ...r.reason ? [["reason", r.reason]] : []
    ],
    timeline: r.timeline.map((t) => ({
      step: t.step,
      outcome: `${t.ok ? "" : "FAILED: "}${t.detail}`,
      durationMs: t.durationMs
    })),
    gates: r.gates,
    ...next ? { next } : {},
    ...rollback ? { rollback } : {}
  };
}
function titleOf(r) {
  const live = r.liveColor ? `live on ${r.liveColor}` : "nothing live";
  if (r.outcome === "unchanged") return `${r.action} ${r.image}: already done, nothing changed (${live})`;
  if (r.action === "reject") return `reject ${r.image}: rejected, ${r.color} stopped; ${live}, untouched`;
  if (r.outcome === "staged")
    return `${r.action} ${r.image}: staged on ${r.color}, waiting for promote or reject`;
  if (r.outcome === "promoted")
    return r.action === "rollback" ? `rollback to ${r.image}: ${live}` : `${r.action} ${r.image}: ${live}`;
  return `${r.action} ${r.image}: ${r.outcome}`;
}
function verificationFact(config, r, verification) {
  if (verification) return [["verification", `verified: ${verification}`]];
  if (r.action === "reject") return [];
  return [["verification", config.policy.enabled ? "not run" : "skipped (verify: false)"]];
}
function promoteHowTo(config, ctx, r) {
  const lines = [
    `# send live traffic to ${r.color} (${r.digest}), verified again first`,
    nextCommand(config, "promote"),
    `# or throw it away (live stays as it is); add --reason '\u2026' to record why`,
    nextCommand(config, "reject")
  ];
  if (ctx.github) {
    lines.push(
      "# or from GitHub, with the rollback workflow caller from greenlight's README",
      `gh workflow run rollback.yml -f command=promote -f environment=${r.environment} -f reason='reviewed'`,
      `gh workflow run rollback.yml -f command=reject -f environment=${r.environment} -f reason='\u2026'`
    );
  }
  return { heading: `Promote or reject release ${r.release}`, commands: lines.join("\n") };
}
function rollbackHowTo(config, ctx, r) {
  const lines = r.action === "rollback" ? [
    `# redeploy what this rollback replaced, verified and gated`,
    nextCommand(config, "rollback", { to: r.previousDigest ?? "" })
  ] : [`# switch back to the warm previous color (${r.previousDigest})`, nextCommand(config, "rollback")];
  if (ctx.github) {
    lines.push(
      "# or from GitHub, with the rollback workflow caller from greenlight's README",
      `gh workflow run rollback.yml -f environment=${r.environment}${r.action === "rollback" ? ` -f to=${r.previousDigest}` : ""} -f reason='\u2026'`
    );
  }
  return lines.join("\n");
}

export {
  mirrored
};
//# sourceMappingURL=chunk-U4JEVG2H.mjs.map
