import { type ChangeEntry, type ChangelogFilter, changelog } from "../ledger/changelog";
import { readImageLabels } from "../ledger/image-labels";
import type { ReleaseRecord } from "../ledger/record";
import type { RunServices } from "./services";

/** The change log of the records that pass the filter, with the OCI labels of their images read from the registry. */
export async function labelledChangelog(
  s: RunServices,
  records: readonly ReleaseRecord[],
  filter: ChangelogFilter = {},
): Promise<ChangeEntry[]> {
  const shown = changelog(records, new Map(), filter);
  // Labels of the digests shown and of the digests they are compared with.
  const wanted = new Set(shown.flatMap((e) => [e.digest, e.previousDigest ?? ""]));
  const images = records.filter((r) => wanted.has(r.digest));
  const labels = await readImageLabels((registry) => s.registryClient(registry), images);
  return changelog(records, labels, filter);
}
