import type { ReleaseRecord } from "./record";

/** A release id: `r<UTC yyyymmddThhmmssZ>-<first 7 hex of the digest>`, e.g. `r20261127T161500Z-3f2a9c1`. */
export function newReleaseId(now: Date, digest: string): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const hex = digest.replace(/^sha256:/, "").slice(0, 7);
  return `r${stamp}-${hex}`;
}

/** One release and its newest record; `index` is that record's position in the history. */
export interface ReleaseState {
  record: ReleaseRecord;
  index: number;
}

/**
 * The newest record of every release, in the order the releases' newest records were written
 * (oldest first). Records are in append order, as `LedgerStore.history()` returns them.
 */
export function latestByRelease(records: readonly ReleaseRecord[]): ReleaseState[] {
  const latest = new Map<string, ReleaseState>();
  records.forEach((record, index) => {
    latest.delete(record.release);
    latest.set(record.release, { record, index });
  });
  return [...latest.values()];
}

/**
 * What is live: the release whose newest record is `promoted` and was written last. A release
 * later marked `failed` (watch failed, switched back) or `rolled-back` no longer counts, so the
 * release that was live before it is live again.
 */
export function currentLive(records: readonly ReleaseRecord[]): ReleaseRecord | undefined {
  return latestByRelease(records)
    .filter((s) => s.record.outcome === "promoted")
    .at(-1)?.record;
}

/**
 * The rollback target: the newest release, other than what is live (or `excludeDigest`), that
 * was promoted and stayed healthy — its newest record is `promoted`, and no later record of the
 * same digest says `failed` or `rolled-back` (a digest that failed once is not trusted again).
 */
export function pickRollbackTarget(
  records: readonly ReleaseRecord[],
  options: { excludeDigest?: string } = {},
): ReleaseRecord | undefined {
  const exclude = options.excludeDigest ?? currentLive(records)?.digest;
  const states = latestByRelease(records);
  for (let i = states.length - 1; i >= 0; i--) {
    const state = states[i];
    if (state?.record.outcome !== "promoted" || state.record.digest === exclude) continue;
    const failedLater = records
      .slice(state.index + 1)
      .some(
        (r) => r.digest === state.record.digest && (r.outcome === "failed" || r.outcome === "rolled-back"),
      );
    if (!failedLater) return state.record;
  }
  return undefined;
}
