import type { GateResult, TestCounts } from "../gate/result";
import type { Outcome, RecordedStep, ReleaseRecord } from "./record";

/** What an image says about itself: its OCI labels `version`, `revision` and `source`. */
export interface ImageLabels {
  version?: string;
  revision?: string;
  source?: string;
}

/** One line of an environment's change log: a ledger record with what a person asks of it. */
export interface ChangeEntry {
  release: string;
  action: ReleaseRecord["action"];
  outcome: Outcome;
  /** `repository@sha256:…` */
  image: string;
  digest: string;
  color: ReleaseRecord["color"];
  labels: ImageLabels;
  /** The digest live before this one, as the record says (or the nearest earlier record of another digest). */
  previousDigest: string | undefined;
  /** GitHub compare view from the previous digest's commit to this one's, when both are known and on GitHub. */
  compareUrl: string | undefined;
  actor: string;
  time: string;
  runUrl: string | undefined;
  reason: string | undefined;
  verification: ReleaseRecord["verification"];
  gates: { name: string; kind: GateResult["kind"]; passed: boolean; detail: string; tests?: TestCounts }[];
  timeline: RecordedStep[];
  /** Sum of the recorded steps, undefined for a record without a timeline. */
  durationMs: number | undefined;
}

export interface ChangelogFilter {
  since?: Date;
  until?: Date;
  /** Only these outcomes (all when empty or absent). */
  outcomes?: readonly Outcome[];
}

/**
 * The change log of an environment, newest first: every record the walk reached, filtered by time
 * (inclusive at both ends) and outcome. `records` are oldest first, as the ledger returns them;
 * `labels` holds what is known of each digest. Pure.
 */
export function changelog(
  records: readonly ReleaseRecord[],
  labels: ReadonlyMap<string, ImageLabels>,
  filter: ChangelogFilter = {},
): ChangeEntry[] {
  const entries = records.map((record, index) => entryOf(record, records.slice(0, index), labels));
  return entries.filter((e) => matches(e, filter)).reverse();
}

function matches(entry: ChangeEntry, filter: ChangelogFilter): boolean {
  const time = Date.parse(entry.time);
  if (filter.since && !(time >= filter.since.getTime())) return false;
  if (filter.until && !(time <= filter.until.getTime())) return false;
  return !filter.outcomes?.length || filter.outcomes.includes(entry.outcome);
}

function entryOf(
  record: ReleaseRecord,
  earlier: readonly ReleaseRecord[],
  labels: ReadonlyMap<string, ImageLabels>,
): ChangeEntry {
  // A rollback's record of the release it left names that release's own digest as previous.
  const recorded = record.previousDigest !== record.digest ? record.previousDigest : undefined;
  const previousDigest = recorded ?? earlier.findLast((r) => r.digest !== record.digest)?.digest;
  const own = labels.get(record.digest) ?? {};
  const before = previousDigest ? labels.get(previousDigest) : undefined;
  const timeline = record.timeline ?? [];
  return {
    release: record.release,
    action: record.action,
    outcome: record.outcome,
    image: record.digest ? `${record.repository}@${record.digest}` : record.repository,
    digest: record.digest,
    color: record.color,
    labels: own,
    previousDigest,
    compareUrl: compareUrl(before, own),
    actor: record.actor,
    time: record.time,
    runUrl: record.runUrl,
    reason: record.reason,
    verification: record.verification,
    gates: record.gates.map((g) => ({
      name: g.name,
      kind: g.kind,
      passed: g.passed,
      detail: g.detail,
      ...(g.tests ? { tests: g.tests } : {}),
    })),
    timeline,
    durationMs: record.timeline ? timeline.reduce((sum, s) => sum + s.durationMs, 0) : undefined,
  };
}

/** `https://github.com/o/r/compare/<old>...<new>` when both commits are known and the source is one GitHub repository. */
export function compareUrl(before: ImageLabels | undefined, after: ImageLabels): string | undefined {
  const repo = githubRepository(after.source);
  if (!repo || !before?.revision || !after.revision || before.revision === after.revision) return undefined;
  const beforeRepo = githubRepository(before.source);
  if (beforeRepo && beforeRepo !== repo) return undefined;
  if (!/^[0-9a-f]{7,64}$/i.test(before.revision) || !/^[0-9a-f]{7,64}$/i.test(after.revision))
    return undefined;
  return `https://github.com/${repo}/compare/${before.revision}...${after.revision}`;
}

/** `owner/name` of a github.com source URL in any of its usual spellings, else undefined. */
export function githubRepository(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const match =
    /^(?:git\+)?(?:https?:\/\/|ssh:\/\/git@|git@)github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      source.trim(),
    );
  return match ? `${match[1]}/${match[2]}` : undefined;
}
