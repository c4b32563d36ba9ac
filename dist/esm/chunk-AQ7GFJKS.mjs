import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  otherColor
} from "./chunk-TD6C3PZA.mjs";
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/ledger/ledger.ts
import { randomBytes } from "node:crypto";
function newReleaseId(now, digest) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const hex = digest.replace(/^sha256:/, "").slice(0, 7);
  return `r${stamp}-${hex}-${randomBytes(3).toString("hex")}`;
}
function latestByRelease(records) {
  const latest = /* @__PURE__ */ new Map();
  records.forEach((record, index) => {
    latest.delete(record.release);
    latest.set(record.release, { record, index });
  });
  return [...latest.values()];
}
function currentLive(records) {
  return latestByRelease(records).filter((s) => s.record.outcome === "promoted").at(-1)?.record;
}
function pickRollbackTarget(records, options = {}) {
  const exclude = options.excludeDigest ?? currentLive(records)?.digest;
  const states = latestByRelease(records);
  for (let i = states.length - 1; i >= 0; i--) {
    const state = states[i];
    if (state?.record.outcome !== "promoted" || state.record.digest === exclude) continue;
    const failedLater = records.slice(state.index + 1).some(
      (r, i2) => r.digest === state.record.digest && failedLive(r, records.slice(0, state.index + 1 + i2))
    );
    if (!failedLater) return state.record;
  }
  return void 0;
}
function failedLive(record, earlier) {
  if (record.outcome === "rolled-back") return true;
  if (record.outcome !== "failed") return false;
  return record.gates.some((g) => g.kind === "watch" && !g.passed) || earlier.some((r) => r.release === record.release && r.outcome === "promoted");
}

// src/deploy/plan.ts
function idleColor(state) {
  return state.live ? otherColor(state.live) : "blue";
}
function warmColor(state) {
  if (!state.live) return void 0;
  const other = state.colors[otherColor(state.live)];
  return (other?.running || other?.scaledDown) && other.digest ? other.color : void 0;
}
function liveDigest(state) {
  return state.live ? state.colors[state.live]?.digest : void 0;
}
function planDeploy(state, options) {
  const live = state.live;
  const previousDigest = liveDigest(state);
  const liveState = live ? state.colors[live] : void 0;
  const idle = idleColor(state);
  const idleState = state.colors[idle];
  const records = options.records ?? [];
  const recorded = (release) => records.some((r) => r.release === release);
  const steps = [{ action: "lock", detail: `lock ${state.app}/${state.environment}` }];
  if (liveState?.running && liveState.digest === options.digest) {
    const release = liveState.release;
    const newest = records.filter((r) => r.release === release).at(-1);
    const already = { idle, live, previousDigest: newest?.previousDigest, reuseStaged: false };
    const liveRelease = release ? { liveRelease: release } : {};
    if (newest?.outcome === "promoted") {
      steps.push({
        action: "done",
        detail: `${options.digest} is already live as ${live} and recorded as promoted (release ${release}): nothing to do`
      });
      return { kind: "done", ...already, ...liveRelease, steps };
    }
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    if (options.watchSeconds > 0) {
      steps.push({
        action: "watch",
        detail: `${options.digest} is already live as ${live} (${seen}): watch live for ${options.watchSeconds}s; on failure record it failed (live is not switched)`
      });
    }
    steps.push({
      action: "record",
      detail: `record release ${release ?? "(unlabelled)"} promoted${options.watchSeconds > 0 ? "" : ` (${options.digest} is already live as ${live}; ${seen})`}; nothing is started or switched`
    });
    return { kind: "complete-live", ...already, ...liveRelease, steps };
  }
  for (const gate of options.preStageGates) steps.push({ action: "gate", detail: `before staging: ${gate}` });
  const reuseStaged = Boolean(
    idleState?.running && idleState.digest === options.digest && idleState.release && !recorded(idleState.release)
  );
  if (reuseStaged) {
    steps.push({ action: "reuse", detail: `${idle} already runs ${options.digest}: keep it` });
  } else {
    if (idleState) {
      const what = idleState.digest ? `${idleState.digest} (${idleState.status})` : idleState.status;
      const earlier = idleState.release && recorded(idleState.release) ? `, release ${idleState.release} (restaged under this attempt's own release id; that release's records stay as they are)` : "";
      steps.push({ action: "retire", detail: `retire ${idle}, which runs ${what}${earlier}` });
    }
    steps.push({ action: "start", detail: `start ${idle} from ${options.image}` });
  }
  steps.push({ action: "preview", detail: `point preview at ${idle}` });
  for (const gate of options.previewGates) steps.push({ action: "gate", detail: `on preview: ${gate}` });
  if (options.promotion === "manual") {
    steps.push({ action: "record", detail: `record ${idle} as staged; wait for 'promote'` });
    return { kind: "deploy", idle, live, previousDigest, reuseStaged, steps };
  }
  const keep = live ? `; ${live} (${previousDigest ?? "unlabelled"}) stays warm for rollback` : "";
  steps.push({
    action: "switch",
    detail: `switch live to ${idle}, preview to ${live ?? otherColor(idle)}${keep}`
  });
  if (options.watchSeconds > 0) {
    steps.push({
      action: "watch",
      detail: `watch live for ${options.watchSeconds}s; switch back on failure`
    });
  }
  steps.push({ action: "record", detail: "record the outcome in the ledger" });
  return { kind: "deploy", idle, live, previousDigest, reuseStaged, steps };
}
function findDrift(state, records) {
  const drift = state.driftFacts.map((detail) => ({ detail }));
  const ours = records.filter((r) => r.app === state.app && r.environment === state.environment);
  for (const colorState of Object.values(state.colors)) {
    if (!colorState) continue;
    const { color, digest, release } = colorState;
    if (!digest || !release) {
      drift.push({
        color,
        detail: `${color} runs ${colorState.image} without greenlight digest/release labels`
      });
      continue;
    }
    const imageDigest = colorState.image.split("@")[1];
    if (imageDigest !== digest) {
      drift.push({ color, detail: `${color} runs ${colorState.image} but is labelled ${digest}` });
    }
    const recorded = ours.filter((r) => r.release === release);
    if (recorded.length === 0) {
      drift.push({
        color,
        detail: `${color} runs release ${release} (${digest}), which the ledger does not know`
      });
    } else if (recorded.some((r) => r.digest !== digest)) {
      drift.push({
        color,
        detail: `${color} runs ${digest} as release ${release}, the ledger recorded another digest`
      });
    }
  }
  if (state.live) {
    const live = state.colors[state.live];
    if (!live) {
      drift.push({ color: state.live, detail: `live points at ${state.live}, which does not exist` });
    } else {
      if (!live.running)
        drift.push({ color: live.color, detail: `live color ${live.color} is ${live.status}` });
      const latest = ours.filter((r) => r.digest === live.digest).at(-1);
      if (live.digest && latest?.outcome !== "promoted") {
        const seen = latest ? `its newest record is '${latest.outcome}'` : "no record names it";
        drift.push({
          color: live.color,
          detail: `live ${live.color} runs ${live.digest}, not recorded as promoted (${seen})`
        });
      } else if (live.digest) {
        const recorded = currentLive(ours);
        if (recorded && recorded.digest !== live.digest) {
          drift.push({
            color: live.color,
            detail: `live points at ${live.color} (${live.digest}), but the ledger's live release is ${recorded.release} (${recorded.digest}): switched outside greenlight`
          });
        }
      }
    }
  }
  return drift;
}
function numberedFacts(steps, first = 1) {
  return steps.map((step, i) => [`${first + i}. ${step.action}`, step.detail]);
}
function stagedColor(state) {
  return state.preview && state.preview !== state.live ? state.preview : idleColor(state);
}
function stagedRelease(state, color, options) {
  const staged = state.colors[color];
  if (!staged?.running || !staged.digest || !staged.release) {
    throw new GreenlightError(
      `promote ${options.app}/${options.environment}: ${color} is not running a staged release`,
      { hint: "deploy with promotion: manual first; promote switches to the color it staged" }
    );
  }
  return staged;
}
function planPromote(state, records, options) {
  const color = options.color ?? stagedColor(state);
  const staged = stagedRelease(state, color, options);
  const plan = {
    color,
    image: staged.image,
    digest: staged.digest,
    release: staged.release
  };
  const newest = latestByRelease(records).find((s) => s.record.release === staged.release)?.record;
  const lock = { action: "lock", detail: `lock ${state.app}/${state.environment}` };
  if (state.live === color && newest?.outcome === "promoted") {
    return {
      kind: "done",
      ...plan,
      steps: [lock, { action: "done", detail: `release ${staged.release} is live already: nothing to do` }]
    };
  }
  if (state.live !== color && newest?.outcome !== "staged") {
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    throw new GreenlightError(
      `promote: release ${staged.release} on ${color} is not staged with passing gates (${seen})`,
      { hint: "deploy the digest again (promotion: manual) so its gates run" }
    );
  }
  return {
    kind: "switch",
    ...plan,
    steps: [lock, ...switchSteps(state, color, plan.release, options.watchSeconds)]
  };
}
function planReject(state, records, options) {
  const color = options.color ?? (state.preview !== state.live ? state.preview : void 0);
  const staged = color ? state.colors[color] : void 0;
  if (!color || color === state.live || !staged?.digest || !staged.release) {
    throw new GreenlightError(`reject ${options.app}/${options.environment}: no staged color to reject`, {
      hint: "reject throws away what deploy staged with promotion: manual; 'greenlight status' shows what runs"
    });
  }
  const newest = latestByRelease(records).find((s) => s.record.release === staged.release)?.record;
  if (newest?.outcome !== "staged") {
    const seen = newest ? `its newest record is '${newest.outcome}'` : "the ledger has no record of it";
    throw new GreenlightError(`reject: release ${staged.release} on ${color} is not staged (${seen})`, {
      hint: "only a release staged with promotion: manual and not yet promoted can be rejected"
    });
  }
  const steps = [
    { action: "lock", detail: `lock ${state.app}/${state.environment}` },
    { action: "retire", detail: `retire ${color}, which runs ${staged.digest} (release ${staged.release})` }
  ];
  if (state.live) steps.push({ action: "preview", detail: `point preview back at live ${state.live}` });
  steps.push({ action: "record", detail: `record release ${staged.release} failed: ${options.reason}` });
  return {
    kind: "switch",
    color,
    image: staged.image,
    digest: staged.digest,
    release: staged.release,
    steps
  };
}
function planSwitchBack(state, records, options) {
  const warm = warmColor(state);
  const warmState = warm ? state.colors[warm] : void 0;
  if (!state.live || !warm || !warmState?.digest || !warmState.release) {
    throw new GreenlightError(
      `rollback ${options.app}/${options.environment}: no warm previous color to switch back to`
    );
  }
  const expected = pickRollbackTarget(records);
  if (expected?.digest !== warmState.digest) {
    const want = expected ? `${expected.digest} (release ${expected.release})` : "no earlier healthy release";
    throw new GreenlightError(
      `rollback: warm ${warm} runs ${warmState.digest}, but the ledger's rollback target is ${want}`,
      {
        hint: expected ? `roll back with to: ${expected.repository}@${expected.digest}` : "deploy a known-good digest"
      }
    );
  }
  const live = state.colors[state.live];
  const steps = [{ action: "lock", detail: `lock ${state.app}/${state.environment}` }];
  if (warmState.scaledDown) {
    steps.push({ action: "scale", detail: `scale ${warm} back up (kept scaled down after its keep window)` });
  }
  for (const gate of options.previewGates)
    steps.push({ action: "gate", detail: `on preview (${warm}): ${gate}` });
  steps.push({
    action: "switch",
    detail: `switch live to ${warm} (${warmState.digest}), preview to ${state.live}`
  });
  const left = live?.release && live.digest ? `release ${live.release} (${live.digest}) rolled back, then ` : "";
  steps.push({ action: "record", detail: `record ${left}release ${warmState.release} promoted` });
  return {
    kind: "switch",
    color: warm,
    image: warmState.image,
    digest: warmState.digest,
    release: warmState.release,
    steps
  };
}
function switchSteps(state, color, release, watchSeconds) {
  const previous = state.live && state.live !== color ? state.live : void 0;
  const previousDigest = previous ? state.colors[previous]?.digest : void 0;
  const keep = previous ? `; ${previous} (${previousDigest ?? "unlabelled"}) stays warm for rollback` : "";
  const steps = [
    {
      action: "switch",
      detail: `switch live to ${color}, preview to ${previous ?? otherColor(color)}${keep}`
    }
  ];
  if (watchSeconds > 0) {
    steps.push({ action: "watch", detail: `watch live for ${watchSeconds}s; switch back on failure` });
  }
  steps.push({ action: "record", detail: `record release ${release} promoted` });
  return steps;
}

export {
  newReleaseId,
  latestByRelease,
  currentLive,
  pickRollbackTarget,
  warmColor,
  liveDigest,
  planDeploy,
  findDrift,
  numberedFacts,
  stagedColor,
  stagedRelease,
  planPromote,
  planReject,
  planSwitchBack
};
//# sourceMappingURL=chunk-AQ7GFJKS.mjs.map
