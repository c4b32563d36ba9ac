import { GreenlightError } from "../errors";
import { parseReference } from "../image/reference";
import type { DeployOptions, Run, SwitchVerifier } from "./bluegreen";
import type { Color, ColorState } from "./target";

/**
 * The digest a color runs: the one its image reference (`repo@sha256:…`, what the container was
 * created from) is pinned to. Its `dev.greenlight.digest` label must name the same digest; a color
 * whose image is not pinned, or whose label disagrees, cannot be verified and is refused.
 */
export function pinnedDigestOf(state: ColorState): string {
  let digest: string | undefined;
  try {
    digest = parseReference(state.image, `${state.color}'s image`).digest;
  } catch {
    digest = undefined;
  }
  if (!digest) {
    throw new GreenlightError(
      `${state.color} runs ${state.image}, which is not pinned by digest: its provenance cannot be verified`,
      { hint: "deploy the release again by digest; only a pinned digest is switched to" },
    );
  }
  if (state.digest !== digest) {
    throw new GreenlightError(
      `${state.color} runs ${state.image} but is labelled ${state.digest ?? "with no digest"}: refusing to switch to it`,
      { hint: "the container was changed outside greenlight; deploy the release again" },
    );
  }
  return digest;
}

/**
 * Verifies, under the lock and right before the switch, exactly the digest `color` runs: the one
 * the switch makes live. Refuses (throws) when verification fails or cannot run: no verify check
 * was given, or the color's digest cannot be told.
 */
export async function verifyBeforeSwitch(
  run: Run,
  color: Color,
  state: ColorState | undefined,
  verify: SwitchVerifier | undefined,
): Promise<DeployOptions["verification"] | undefined> {
  const what = state ? `${state.image} (${color})` : color;
  return run.timeline.run("verify", what, async () => {
    if (!state) throw new GreenlightError(`${color} is gone: nothing to verify or switch to`);
    if (!verify) {
      throw new GreenlightError(`refusing to switch to ${state.image}: no verification was configured`, {
        hint: "pass the engine a verify check (the front-ends pass the provenance policy, or warn with verify: false)",
      });
    }
    return verify(pinnedDigestOf(state));
  });
}
