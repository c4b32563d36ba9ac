import type { GateResult } from "../gate/result";

export type Color = "blue" | "green";

/** What happened to a release in one step. */
export type Outcome =
  | "staged" // running as the idle color, gates passed, waiting for a manual promote
  | "promoted" // live, watch passed
  | "failed" // a gate or the watch failed; live untouched or switched back
  | "refused" // verification or pre-stage gates refused it; nothing changed
  | "rolled-back" // live switched away from it by a rollback
  | "unlocked"; // not a release: `unlock` broke the environment's lock (`brokenLock` names its holder)

/**
 * One append-only ledger entry. Records are immutable; the newest record for a digest tells
 * its latest state.
 */
export interface ReleaseRecord {
  /** Release id, unique per deploy attempt, e.g. `r20261127T161500Z-3f2a9c1`. */
  release: string;
  app: string;
  environment: string;
  action: "deploy" | "promote" | "rollback" | "reject" | "unlock";
  outcome: Outcome;
  /** Repository without tag, e.g. `127.0.0.1:5000/acme/app`. */
  repository: string;
  digest: string;
  color: Color;
  previousDigest?: string;
  verification?: { verified: boolean; detail: string };
  gates: GateResult[];
  actor: string;
  time: string;
  runUrl?: string;
  reason?: string;
  /** The steps of the command up to this record and how long each took (absent in records of 0.1). */
  timeline?: RecordedStep[];
  /** unlock: the holder whose lock was broken. */
  brokenLock?: { owner: string; runUrl?: string; heartbeatAt?: string; expiresAt: string; fresh: boolean };
}

/** One step of a command as the ledger keeps it: what `history` and `metrics` time. */
export interface RecordedStep {
  step: string;
  ok: boolean;
  durationMs: number;
}

/** Where ledger records live; the registry store is the default implementation. */
export interface LedgerStore {
  /** Appends a record and returns the stored record's id (its digest in the registry store). */
  append(record: ReleaseRecord): Promise<string>;
  /** Appends several records in order at once (one chain write where the store can); returns their ids. */
  appendAll?(records: readonly ReleaseRecord[]): Promise<string[]>;
  /** Every record of the environment, oldest first. */
  history(): Promise<ReleaseRecord[]>;
}
