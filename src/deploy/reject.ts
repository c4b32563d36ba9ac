import { GreenlightError } from "../errors";
import { Run } from "./bluegreen";
import { planReject } from "./plan";
import type { PromoteOptions } from "./promote";
import type { DeployResult } from "./result";

/**
 * Throws away a release staged with `promotion: manual` (Argo Rollouts' abort, k8s-deploy's
 * reject): stops its color, points the preview back at live, and records it as failed. Live is
 * never touched, and a color that is live or only kept warm is refused.
 */
export async function reject(options: PromoteOptions & { reason?: string }): Promise<DeployResult> {
  const { target, app, environment } = options;
  const state = await target.readState();
  const color = options.color ?? (state.preview !== state.live ? state.preview : undefined);
  const staged = color ? state.colors[color] : undefined;
  if (!color || color === state.live || !staged?.digest || !staged.release) {
    throw new GreenlightError(`reject ${app}/${environment}: no staged color to reject`, {
      hint: "reject throws away what deploy staged with promotion: manual; 'greenlight status' shows what runs",
    });
  }
  const run = new Run(options, "reject", staged.image, staged.digest, staged.release);
  run.result.color = color;
  run.result.reason = options.reason ?? "rejected";
  return run.locked(async () => {
    const fresh = await target.readState();
    run.result.liveColor = fresh.live;
    // what was live before, and stays live: the live-digest output after a reject
    run.result.previousDigest = fresh.live ? fresh.colors[fresh.live]?.digest : undefined;
    if (fresh.colors[color]?.release !== staged.release) {
      throw new GreenlightError(
        `reject: ${color} changed while waiting for the lock; run status and try again`,
      );
    }
    // the same decision `reject --dry-run` prints (plan.ts), on the state under the lock
    const plan = planReject(fresh, await options.ledger.history(), {
      ...options,
      color,
      reason: run.result.reason ?? "",
    });
    await run.timeline.run("retire", `${color} (${staged.release})`, () => target.retire(color));
    if (plan.steps.some((step) => step.action === "preview") && fresh.live) {
      const live = fresh.live;
      await run.timeline.run("preview", `preview -> ${live}`, () => target.exposePreview(live));
    }
    await run.record("failed");
    return run.result;
  });
}
