import type { RecordedStep, ReleaseRecord } from "./record";

const DAY_MS = 86_400_000;

/** Median, 90th percentile and worst of a set of durations; all undefined when the set is empty. */
export interface Spread {
  count: number;
  medianMs: number | undefined;
  p90Ms: number | undefined;
  worstMs: number | undefined;
}

/** One time a failing release was live, and how long until live was healthy again. */
export interface Incident {
  release: string;
  /** How it ended: the watch switched back, a rollback, a newer release promoted, or still failing (`open`). */
  recovery: "switch-back" | "rollback" | "redeploy" | "open";
  durationMs: number | undefined;
}

/** What `metrics` computes from the records of one environment; every figure is defined in the README. */
export interface LedgerMetrics {
  environment: string;
  windowStart: string;
  windowEnd: string;
  /** The days the figures cover: the window, or less when the walk limit cut it. */
  coveredDays: number;
  /** The walk stopped at its limit and its oldest record is inside the window: older records were not read. */
  cutByWalkLimit: boolean;
  recordsRead: number;
  recordsInWindow: number;
  /** Releases (not rollbacks) that went live in the window, and how often per day and per week. */
  promotions: number;
  promotionsPerDay: number;
  promotionsPerWeek: number;
  /** Deployments per calendar day (UTC) in the window, oldest first, days without one included. */
  perDay: { day: string; promotions: number }[];
  /** Newest record of each release in the window by outcome. */
  outcomes: Record<ReleaseRecord["outcome"], number>;
  /** Promotions later rolled back or failed their watch, over promotions; undefined without promotions. */
  failedPromotions: number;
  changeFailureRate: number | undefined;
  timeToRecovery: Spread;
  incidents: Incident[];
  rollbackTime: Spread;
  provisioningTime: Spread;
  /** The durations behind the two spreads, per record, oldest first (for charts). */
  rollbackSeries: { release: string; time: string; ms: number }[];
  provisioningSeries: { release: string; time: string; ms: number }[];
  /** Promotions whose verification included a passing signed test-result statement. */
  testGatedPromotions: number;
  testCoverage: number | undefined;
  /** Records timed before the record they follow (clock skew); a duration that comes out negative is left out. */
  skewedIntervals: number;
}

export interface MetricsOptions {
  environment: string;
  now: Date;
  windowMs: number;
  /** The walk stopped at its record limit (more, older records exist). */
  truncated: boolean;
}

/**
 * The immutable-delivery figures of one environment over a window, from its ledger records (oldest
 * first, in chain order, as the ledger returns them). Pure: every number follows from the records.
 */
export function computeMetrics(records: readonly ReleaseRecord[], options: MetricsOptions): LedgerMetrics {
  const end = options.now.getTime();
  const nominalStart = end - options.windowMs;
  const oldest = records.length ? Math.min(...records.map((r) => timeOf(r))) : undefined;
  const cut = options.truncated && oldest !== undefined && oldest > nominalStart;
  const start = cut && oldest !== undefined ? oldest : nominalStart;
  const inWindow = (t: number) => t >= start && t <= end;
  const walk = walkLive(records);
  const promotions = walk.promotions.filter((p) => inWindow(p.at));
  const failed = promotions.filter((p) => walk.failed.has(p.release));
  const gated = promotions.filter((p) => testGated(records, p.release));
  const incidents = walk.incidents.filter((i) => inWindow(i.startedAt));
  const windowRecords = records.filter((r) => inWindow(timeOf(r)));
  const coveredDays = (end - start) / DAY_MS;
  const rollbackSeries = windowRecords
    .filter((r) => r.action === "rollback" && r.outcome === "promoted" && r.timeline)
    .map((r) => ({ release: r.release, time: r.time, ms: total(r.timeline ?? []) }));
  const provisioningSeries = windowRecords.flatMap((r) =>
    provisioning(r.timeline).map((ms) => ({ release: r.release, time: r.time, ms })),
  );
  return {
    environment: options.environment,
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(end).toISOString(),
    coveredDays,
    cutByWalkLimit: cut,
    recordsRead: records.length,
    recordsInWindow: windowRecords.length,
    promotions: promotions.length,
    promotionsPerDay: coveredDays > 0 ? promotions.length / coveredDays : 0,
    promotionsPerWeek: coveredDays > 0 ? (promotions.length / coveredDays) * 7 : 0,
    perDay: perDay(
      promotions.map((p) => p.at),
      start,
      end,
    ),
    outcomes: outcomeMix(windowRecords),
    failedPromotions: failed.length,
    changeFailureRate: promotions.length ? failed.length / promotions.length : undefined,
    timeToRecovery: spread(incidents.flatMap((i) => (i.durationMs === undefined ? [] : [i.durationMs]))),
    incidents: incidents.map(({ startedAt: _, ...i }) => i),
    rollbackTime: spread(rollbackSeries.map((s) => s.ms)),
    provisioningTime: spread(provisioningSeries.map((s) => s.ms)),
    rollbackSeries,
    provisioningSeries,
    testGatedPromotions: gated.length,
    testCoverage: promotions.length ? gated.length / promotions.length : undefined,
    skewedIntervals: walk.skewed,
  };
}

interface Walk {
  /** Releases (deploy or promote, not rollback) when they went live. */
  promotions: { release: string; at: number }[];
  /** Releases that failed while live. */
  failed: Set<string>;
  incidents: (Incident & { startedAt: number })[];
  skewed: number;
}

/**
 * Follows what was live through the records. A release goes live at its `promoted` record, or at a
 * `failed` record whose watch failed (it was switched to, then back). It failed live when its watch
 * failed, a record marks it `rolled-back`, or a rollback promoted another release while it was live.
 */
function walkLive(records: readonly ReleaseRecord[]): Walk {
  const walk: Walk = { promotions: [], failed: new Set(), incidents: [], skewed: 0 };
  const wentLive = new Set<string>();
  /** The release live now, when it went live, and whether it is failing (an open incident). */
  let live: { release: string; at: number; failing: boolean } | undefined;
  const close = (at: number, recovery: Incident["recovery"]) => {
    if (!live?.failing) return;
    const durationMs = at - live.at;
    walk.incidents.push({
      release: live.release,
      recovery,
      durationMs: durationMs < 0 ? undefined : durationMs,
      startedAt: live.at,
    });
    live.failing = false;
  };
  records.forEach((record, index) => {
    const at = timeOf(record);
    const before = records[index - 1];
    if (before && at < timeOf(before)) walk.skewed++;
    const isChange = record.action !== "rollback";
    if (record.outcome === "promoted") {
      if (live && live.release !== record.release) {
        if (record.action === "rollback") {
          walk.failed.add(live.release);
          live.failing = true;
        }
        close(at, record.action === "rollback" ? "rollback" : "redeploy");
      }
      if (isChange && !wentLive.has(record.release)) walk.promotions.push({ release: record.release, at });
      wentLive.add(record.release);
      if (live?.release !== record.release) live = { release: record.release, at, failing: false };
    } else if (record.outcome === "rolled-back") {
      if (wentLive.has(record.release)) walk.failed.add(record.release);
      if (live?.release === record.release) live.failing = true;
    } else if (record.outcome === "failed" && watchFailed(record)) {
      if (isChange && !wentLive.has(record.release)) walk.promotions.push({ release: record.release, at });
      wentLive.add(record.release);
      walk.failed.add(record.release);
      const incident = switchBack(record, at);
      if (incident) walk.incidents.push(incident);
      else live = { release: record.release, at, failing: true };
    } else if (record.outcome === "failed" && wentLive.has(record.release)) {
      walk.failed.add(record.release);
      if (live?.release === record.release) live.failing = true;
    }
  });
  if (live?.failing) {
    walk.incidents.push({
      release: live.release,
      recovery: "open",
      durationMs: undefined,
      startedAt: live.at,
    });
  }
  return walk;
}

/**
 * A failed watch: from the end of the switch to the end of the switch back, from the record's
 * timeline (unknown for a record without one). Undefined when there was nothing to switch back to:
 * the failing release stays live.
 */
function switchBack(record: ReleaseRecord, at: number): (Incident & { startedAt: number }) | undefined {
  if (!record.timeline) {
    return { release: record.release, recovery: "switch-back", durationMs: undefined, startedAt: at };
  }
  const steps = record.timeline;
  const switched = steps.findLastIndex((s) => s.step === "switch");
  const back = steps.findIndex((s, i) => i > switched && s.step === "switch back");
  if (back < 0) return undefined;
  const durationMs = total(steps.slice(switched + 1, back + 1));
  return { release: record.release, recovery: "switch-back", durationMs, startedAt: at - durationMs };
}

function watchFailed(record: ReleaseRecord): boolean {
  return record.gates.some((g) => g.kind === "watch" && !g.passed);
}

/** The promotion's verification included a passing signed test-result statement (check `test results`). */
function testGated(records: readonly ReleaseRecord[], release: string): boolean {
  return records.some(
    (r) =>
      r.release === release &&
      r.verification?.verified === true &&
      r.verification.detail.split(/,\s*/).includes("ok test results"),
  );
}

/** Stage until healthy: from the `stage` step through the passed `preview gates` (or `preview` without gates). */
export function provisioning(timeline: readonly RecordedStep[] | undefined): number[] {
  if (!timeline) return [];
  const stage = timeline.findIndex((s) => s.step === "stage");
  if (stage < 0 || !timeline[stage]?.ok) return [];
  const gates = timeline.findIndex((s, i) => i > stage && s.step === "preview gates");
  const preview = timeline.findIndex((s, i) => i > stage && s.step === "preview");
  const last = gates >= 0 ? gates : preview;
  if (last < 0 || !timeline[last]?.ok) return [];
  return [total(timeline.slice(stage, last + 1))];
}

function total(steps: readonly RecordedStep[]): number {
  return steps.reduce((sum, s) => sum + s.durationMs, 0);
}

function timeOf(record: ReleaseRecord): number {
  return Date.parse(record.time);
}

/**
 * Median (mean of the middle two for an even count), p90 by nearest rank (the ⌈0.9·n⌉-th smallest)
 * and the largest.
 */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { count: 0, medianMs: undefined, p90Ms: undefined, worstMs: undefined };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    count: n,
    medianMs: median,
    p90Ms: sorted[Math.ceil(0.9 * n) - 1],
    worstMs: sorted[n - 1],
  };
}

function perDay(times: readonly number[], start: number, end: number): LedgerMetrics["perDay"] {
  const days: LedgerMetrics["perDay"] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day <= end; day += DAY_MS) {
    days.push({
      day: new Date(day).toISOString().slice(0, 10),
      promotions: times.filter((t) => t >= day && t < day + DAY_MS).length,
    });
  }
  return days;
}

function outcomeMix(records: readonly ReleaseRecord[]): LedgerMetrics["outcomes"] {
  const mix: LedgerMetrics["outcomes"] = {
    staged: 0,
    promoted: 0,
    failed: 0,
    refused: 0,
    "rolled-back": 0,
    unlocked: 0,
  };
  const newest = new Map<string, ReleaseRecord>();
  for (const r of records) newest.set(r.release, r);
  for (const r of newest.values()) mix[r.outcome]++;
  return mix;
}
