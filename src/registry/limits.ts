import type { RegistryFailure } from "./errors";

/** How long one request may take; each is an option of the client (tests shorten them). */
export interface Timeouts {
  /** From sending the request's last byte (for a request without body: from the start, connecting included) to the response headers. */
  headersMs: number;
  /** Longest pause without progress while sending a request body or reading a response body. */
  idleMs: number;
  /** Longest time to read one response body, from its headers to its last byte. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 30_000, idleMs: 30_000, bodyMs: 300_000 };

const KiB = 1024;
const MiB = 1024 * KiB;

type What = NonNullable<RegistryFailure["what"]> | "other";

/**
 * The most greenlight reads of one response body, by what was asked for. Manifests: 4 MiB, as the
 * distribution spec suggests registries accept. Blobs are read only for small JSON artifacts
 * (Sigstore bundles, ledger records). Anything larger is refused rather than read whole.
 */
export const BODY_LIMITS: Record<What, number> = {
  manifest: 4 * MiB,
  referrers: 4 * MiB,
  "tag list": 4 * MiB,
  blob: 8 * MiB,
  token: 1 * MiB,
  repository: 1 * MiB,
  upload: 1 * MiB,
  other: 1 * MiB,
};

/** Of an error answer, only this much is read (for its message); the rest is dropped. */
export const ERROR_BODY_LIMIT = 64 * KiB;

export function bodyLimit(what: RegistryFailure["what"]): number {
  return BODY_LIMITS[what ?? "other"];
}

/** `4 MiB`, `64 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/** `30 s`, `400 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** What a capped body is, in a message: "the 4 MiB limit for a manifest". */
export function bodyLabel(what: RegistryFailure["what"]): string {
  switch (what) {
    case undefined:
      return "this answer";
    case "referrers":
      return "a referrers index";
    case "upload":
      return "an upload answer";
    default:
      return `a ${what}`;
  }
}
