import { parseReference } from "../image/reference";
import { fetchAttestations } from "../provenance/attach";
import { bundleStatement } from "../provenance/signature";
import { SLSA_PROVENANCE_V1 } from "../provenance/statement";
import type { RegistryClient } from "../registry/client";

/** How long the build of one image took, by its provenance; `skipped` says why there is no figure. */
export interface BuildTimes {
  durationsMs: number[];
  /** Digests looked at, and how many of them had no startedOn/finishedOn. */
  digests: number;
  withoutTimes: number;
}

/**
 * The build duration a SLSA v1 provenance statement states (`runDetails.metadata.startedOn` to
 * `finishedOn`), undefined when either is missing, unparsable, or they run backwards. Pure.
 */
export function buildDurationMs(statement: unknown): number | undefined {
  const s = statement as {
    predicateType?: string;
    predicate?: { runDetails?: { metadata?: { startedOn?: unknown; finishedOn?: unknown } } };
  };
  if (s?.predicateType !== SLSA_PROVENANCE_V1) return undefined;
  const meta = s.predicate?.runDetails?.metadata;
  if (typeof meta?.startedOn !== "string" || typeof meta.finishedOn !== "string") return undefined;
  const ms = Date.parse(meta.finishedOn) - Date.parse(meta.startedOn);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Reads the provenance attached to each image (the referrers and their bundles: a few requests a
 * digest) and keeps the build durations it states. The statement is read, not verified: `verify`
 * checks signatures; this figure is informational.
 */
export async function readBuildTimes(
  client: (registry: string) => RegistryClient,
  images: readonly { repository: string; digest: string }[],
): Promise<BuildTimes> {
  const result: BuildTimes = { durationsMs: [], digests: 0, withoutTimes: 0 };
  for (const { repository, digest } of images) {
    result.digests++;
    const ref = parseReference(repository, "ledger repository");
    const found = await fetchAttestations(client(ref.registry), ref.repository, digest)
      .then(({ attestations }) =>
        attestations.flatMap((a) => {
          const ms = a.bundle ? buildDurationMs(bundleStatement(a.bundle)) : undefined;
          return ms === undefined ? [] : [ms];
        }),
      )
      .catch(() => []);
    if (found[0] === undefined) result.withoutTimes++;
    else result.durationsMs.push(found[0]);
  }
  return result;
}
