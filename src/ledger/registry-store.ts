import { GreenlightError } from "../errors";
import { type RegistryClient, RegistryError } from "../registry/client";
import {
  type Descriptor,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_EMPTY,
  OCI_MANIFEST,
  sha256Digest,
} from "../registry/media";
import type { LedgerStore, ReleaseRecord } from "./record";

/** artifactType (and layer media type) of a ledger record. */
export const RELEASE_ARTIFACT_TYPE = "application/vnd.greenlight.release.v1+json";
/** Annotation holding the digest of the previous record's manifest: the hash chain. */
export const PREVIOUS_ANNOTATION = "dev.greenlight.previous";

/** The moving tag that names an environment's newest record. */
export function ledgerTag(environment: string): string {
  const tag = `greenlight.ledger.${environment}`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new GreenlightError(`environment '${environment}' cannot be part of the ledger tag '${tag}'`, {
      hint: "use letters, digits, '.', '_' or '-' in environment names",
    });
  }
  return tag;
}

/** The manifest of one ledger record. Pure. */
export function recordManifest(
  layer: Descriptor,
  previous: string | undefined,
  record: ReleaseRecord,
): Buffer {
  const annotations: Record<string, string> = {
    ...(previous ? { [PREVIOUS_ANNOTATION]: previous } : {}),
    "dev.greenlight.release": record.release,
    "dev.greenlight.environment": record.environment,
    "dev.greenlight.digest": record.digest,
    "dev.greenlight.outcome": record.outcome,
    "org.opencontainers.image.created": record.time,
  };
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: RELEASE_ARTIFACT_TYPE,
      config: EMPTY_CONFIG,
      layers: [layer],
      annotations,
    }),
  );
}

interface RecordManifest {
  artifactType?: string;
  layers?: Descriptor[];
  annotations?: Record<string, string>;
}

/** A record manifest's JSON; undefined when it is not JSON. */
function parseRecordManifest(bytes: Buffer): RecordManifest | undefined {
  try {
    return JSON.parse(bytes.toString("utf8")) as RecordManifest;
  } catch {
    return undefined;
  }
}

const MAX_APPEND_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Between `ms` and `2 * ms`, so that writers that collided do not collide again. */
const jitter = (ms: number) => ms + Math.random() * ms;

/**
 * The release ledger of one environment, kept in a registry repository: every record is a small
 * OCI artifact whose annotation `dev.greenlight.previous` names the record before it, and the tag
 * `greenlight.ledger.<environment>` names the newest. It lives only in the registry, so it
 * survives the loss of the host that deployed.
 *
 * Concurrent appends: the registry offers no compare-and-swap on tags. `append` re-reads the tag
 * right before moving it and chains onto whatever is newest, then waits `settleMs` (jittered),
 * reads the tag back and, if another writer's record replaced ours without chaining onto it,
 * appends again. What remains: a writer whose re-read and put of the tag are further apart than
 * our settle wait can still detach our record (it stays stored by digest, unreachable from the
 * tag). Deploys hold the environment lock, so two writers at once are already the exception.
 * A registry that garbage-collects untagged manifests would drop all but the newest record.
 */
export class RegistryLedger implements LedgerStore {
  private readonly client: RegistryClient;
  private readonly repository: string;
  private readonly environment: string;
  private readonly settleMs: number;
  private readonly maxRecords: number;
  /** Records by manifest digest: content-addressed and immutable, so read once per process. */
  private readonly records = new Map<
    string,
    { record: ReleaseRecord; previous: string | undefined; layer: string }
  >();
  /** Record manifests by digest (content-addressed), read or being read. */
  private readonly manifests = new Map<string, Promise<RecordManifest>>();
  readonly tag: string;

  /**
   * `settleMs`: how long to wait before checking that an append stayed on the chain (default 50).
   * `maxRecords`: how far back `history` walks (default 200). Every decision needs only recent
   * records (what is live, the newest healthy release), and the walk costs two requests a record.
   */
  constructor(options: {
    client: RegistryClient;
    repository: string;
    environment: string;
    settleMs?: number;
    maxRecords?: number;
  }) {
    this.client = options.client;
    this.settleMs = options.settleMs ?? 50;
    this.maxRecords = options.maxRecords ?? 200;
    this.repository = options.repository;
    this.environment = options.environment;
    this.tag = ledgerTag(options.environment);
  }

  async append(record: ReleaseRecord): Promise<string> {
    return (await this.appendAll([record]))[0] as string;
  }

  /**
   * Appends records in order as one chain: each record's manifest names the one before it, and the
   * tag moves once, onto the last (one settle wait for all of them). Returns their ids, in order.
   */
  async appendAll(records: readonly ReleaseRecord[]): Promise<string[]> {
    if (!records.length) return [];
    for (const record of records) {
      if (record.environment !== this.environment) {
        throw new GreenlightError(
          `ledger for '${this.environment}' was given a record of environment '${record.environment}'`,
        );
      }
    }
    const repo = this.repository;
    // The blobs and the first read of the tag at once: the tag is read again before it moves.
    // The empty config blob is pushed only into an empty ledger: a stored record references it, and
    // a registry stores no manifest whose blobs it lacks. Each record's JSON is pushed as its layer
    // blob and also embedded in the layer descriptor (`data`, OCI 1.1): a walk then reads one
    // manifest per record, not a manifest and a blob.
    const [firstHead, ...layers] = await Promise.all([
      this.head().then(async (head) => {
        if (!head) await this.client.pushBlob(repo, EMPTY_CONFIG_BYTES, OCI_EMPTY);
        return head;
      }),
      ...records.map(async (record) => {
        const bytes = Buffer.from(JSON.stringify(record));
        const layer = await this.client.pushBlob(repo, bytes, RELEASE_ARTIFACT_TYPE);
        return { ...layer, data: bytes.toString("base64") };
      }),
    ]);
    const last = layers.at(-1) as Descriptor;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      if (attempt > 1) await sleep(jitter(this.settleMs));
      const head = attempt === 1 ? firstHead : await this.head();
      // Idempotent: the same records appended again (a caller retrying after an answer was lost)
      // are not recorded twice.
      if (attempt === 1 && head && (await this.layerOf(head)) === last.digest) {
        return this.newestIds(head, records.length);
      }
      const manifests: { digest: string; bytes: Buffer }[] = [];
      let previous = head;
      for (const [i, layer] of layers.entries()) {
        const bytes = recordManifest(layer, previous, records[i] as ReleaseRecord);
        previous = sha256Digest(bytes);
        manifests.push({ digest: previous, bytes });
      }
      await Promise.all(manifests.map((m) => this.client.putManifest(repo, m.digest, m.bytes, OCI_MANIFEST)));
      if ((await this.head()) !== head) continue;
      const { digest, bytes } = manifests.at(-1) as { digest: string; bytes: Buffer };
      // The tag moves last, onto a record whose blobs and manifest are stored: it never names a
      // half-written record. When the answer to this put is lost, the tag says whether it happened.
      await this.client.putManifest(repo, this.tag, bytes, OCI_MANIFEST).catch(async (error: unknown) => {
        if (!(error instanceof RegistryError && error.transient) || (await this.head()) !== digest)
          throw error;
      });
      // Let a writer that read the old head just before our put land its own put, then check
      // that our records are still on the chain; if they were overwritten, chain onto the newest again.
      await sleep(jitter(this.settleMs));
      const now = await this.head();
      if (now === digest || (now && (await this.chainReaches(now, digest)))) {
        return manifests.map((m) => m.digest);
      }
    }
    throw new GreenlightError(
      `ledger ${this.client.registry}/${repo}:${this.tag}: the tag kept moving under ${MAX_APPEND_ATTEMPTS} appends`,
      { hint: "another writer is appending at the same time; retry when it is done" },
    );
  }

  /** The ids of the `count` newest records, oldest first, from `head` back. */
  private async newestIds(head: string, count: number): Promise<string[]> {
    const ids = [head];
    let current: string | undefined = head;
    while (ids.length < count && current) {
      current =
        this.records.get(current)?.previous ??
        (await this.readManifest(current)).annotations?.[PREVIOUS_ANNOTATION];
      if (current) ids.unshift(current);
    }
    return ids;
  }

  /** `registry/repository:tag` of the ledger, for people. */
  get location(): string {
    return `${this.client.registry}/${this.repository}:${this.tag}`;
  }

  /** The digest of a record's JSON blob (known without a request when this process read the record). */
  private async layerOf(digest: string): Promise<string | undefined> {
    return this.records.get(digest)?.layer ?? (await this.readManifest(digest)).layers?.[0]?.digest;
  }

  /**
   * The digest of the newest record (what the tag names), undefined for an empty ledger. The tag's
   * manifest is read whole (a GET, not a HEAD) and kept: the walk that follows starts from it
   * without asking again.
   */
  private async head(): Promise<string | undefined> {
    const found = await this.client.findManifest(this.repository, this.tag, [OCI_MANIFEST]);
    const parsed = found && parseRecordManifest(found.bytes);
    if (found && parsed) this.manifests.set(found.digest, Promise.resolve(parsed));
    return found?.digest;
  }

  /** The newest `maxRecords` records, oldest first. */
  async history(): Promise<ReleaseRecord[]> {
    return (await this.walk()).records;
  }

  /** The newest `maxRecords` records, oldest first, and whether older records exist beyond the limit. */
  async walk(): Promise<{ records: ReleaseRecord[]; truncated: boolean }> {
    const records: Promise<ReleaseRecord>[] = [];
    const seen = new Set<string>();
    let digest = await this.head();
    while (digest && records.length < this.maxRecords) {
      if (seen.has(digest)) throw this.broken(digest, "the chain loops");
      seen.add(digest);
      const { record, previous } = await this.readLink(digest);
      records.push(record);
      digest = previous;
    }
    return { records: (await Promise.all(records)).reverse(), truncated: digest !== undefined };
  }

  /**
   * Reads one record manifest (the link to the previous record); its record JSON is fetched
   * meanwhile, so the walk reads the next manifest while this blob is in flight.
   */
  private async readLink(
    digest: string,
  ): Promise<{ record: Promise<ReleaseRecord>; previous: string | undefined }> {
    const cached = this.records.get(digest);
    if (cached) return { record: Promise.resolve(cached.record), previous: cached.previous };
    const manifest = await this.readManifest(digest);
    const layer = manifest.layers?.[0];
    if (manifest.artifactType !== RELEASE_ARTIFACT_TYPE || !layer)
      throw this.broken(digest, "not a release record");
    const previous = manifest.annotations?.[PREVIOUS_ANNOTATION];
    const record = this.recordBytes(digest, layer).then((blob) => {
      let parsed: ReleaseRecord;
      try {
        parsed = JSON.parse(blob.toString("utf8")) as ReleaseRecord;
      } catch {
        throw this.broken(digest, `its record ${layer.digest} is not JSON`);
      }
      this.records.set(digest, { record: parsed, previous, layer: layer.digest });
      return parsed;
    });
    // The walk awaits every record at its end; this only keeps a failure seen before then (the
    // walk stopped early by another error) from being reported as unhandled.
    record.catch(() => undefined);
    return { record, previous };
  }

  /**
   * A record's JSON: embedded in its manifest (records since 2026-12) when the bytes there match the
   * layer's digest and size, else the layer blob (older records).
   */
  private async recordBytes(digest: string, layer: Descriptor): Promise<Buffer> {
    if (layer.data === undefined) return this.client.getBlob(this.repository, layer.digest);
    const bytes = Buffer.from(layer.data, "base64");
    if (bytes.length !== layer.size || sha256Digest(bytes) !== layer.digest)
      throw this.broken(digest, `its embedded record does not match the layer ${layer.digest}`);
    return bytes;
  }

  /** A record manifest, read once per process: a walk that runs beside another shares its reads. */
  private readManifest(digest: string): Promise<RecordManifest> {
    let read = this.manifests.get(digest);
    if (!read) {
      read = this.client.getManifest(this.repository, digest, [OCI_MANIFEST]).then(({ bytes }) => {
        const parsed = parseRecordManifest(bytes);
        if (!parsed) throw this.broken(digest, "the manifest is not JSON");
        return parsed;
      });
      this.manifests.set(digest, read);
      read.catch(() => this.manifests.delete(digest)); // a failed read is tried again next time
    }
    return read;
  }

  /** Whether `target` is among the few records before `from` (another writer chained onto ours). */
  private async chainReaches(from: string, target: string, depth = 32): Promise<boolean> {
    let current: string | undefined = from;
    for (let i = 0; current && i < depth; i++) {
      if (current === target) return true;
      current = (await this.readManifest(current)).annotations?.[PREVIOUS_ANNOTATION];
    }
    return false;
  }

  private broken(digest: string, problem: string): GreenlightError {
    return new GreenlightError(
      `ledger ${this.client.registry}/${this.repository}:${this.tag}: record ${digest}: ${problem}`,
      {
        hint: "the ledger tag or a record was overwritten by something other than greenlight; inspect it with crane",
      },
    );
  }
}
