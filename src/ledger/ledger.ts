import { randomBytes } from "node:crypto";
import type { ReleaseRecord } from "./record";

/**
 * A release id, unique per deploy attempt: `r<UTC yyyymmddThhmmssZ>-<first 7 hex of the digest>-<6
 * random hex>`, e.g. `r20261127T161500Z-3f2a9c1-a41f0e`. A redeploy of the same digest, even in the
 * same second, is another release: its failure never rewrites an earlier release's record.
 */
export function newReleaseId(now: Date, digest: string): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const hex = digest.replace(/^sha256:/, "").slice(0, 7);
  return `r${stamp}-${hex}-${randomBytes(3).toString("hex")}`;
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
 * was promoted and stayed healthy — its newest record is `promoted`, and the same digest did not
 * fail live later: no later record of it says `rolled-back`, or `failed` after it went live (its
 * watch failed, or that release had been promoted). A later attempt of the digest that failed
 * before going live (a preview gate, a start) does not discredit the earlier release: rollback
 * runs the gates again anyway.
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
        (r, i) => r.digest === state.record.digest && failedLive(r, records.slice(0, state.index + 1 + i)),
      );
    if (!failedLater) return state.record;
  }
  return undefined;
}

/** The record says its digest failed while live: rolled back, or failed in the watch or after a promotion. */
function failedLive(record: ReleaseRecord, earlier: readonly ReleaseRecord[]): boolean {
  if (record.outcome === "rolled-back") return true;
  if (record.outcome !== "failed") return false;
  return (
    record.gates.some((g) => g.kind === "watch" && !g.passed) ||
    earlier.some((r) => r.release === record.release && r.outcome === "promoted")
  );
}
