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

/**
 * Annotation of a record copy (a layer after layers[0]): the id (manifest digest) of the record it
 * copies. The copy's own PREVIOUS_ANNOTATION names the record before that one.
 */
export const RECORD_ANNOTATION = "dev.greenlight.record";
/**
 * How many of the newest records before it a record manifest copies: 16 records a manifest, so the
 * 200-record walk is 13 manifest GETs and a 10-record summary one. A record's JSON weighs 0.4–1 KB
 * (gates, timeline), a copy about 1.3 KB in the manifest (base64 and three digests): 21 KB measured
 * (bench/README.md, insight).
 */
export const RECORD_COPIES = 15;
/** And at most this many bytes of their JSON (big records get fewer copies): manifests stay far below registries' 4 MiB. */
export const COPY_BYTES = 64 * 1024;

/** One record of the chain as a record manifest carries it (its own, or a copy). */
export interface RecordLink {
  /** The digest of the record's own manifest. */
  id: string;
  /** The id of the record before it; undefined for the first record. */
  previous: string | undefined;
  /** Its JSON's layer; `data` holds the JSON when this process has its bytes. */
  layer: Descriptor;
  /** The record, once its bytes were read and checked. */
  record?: ReleaseRecord;
}

/**
 * The manifest of one ledger record: layers[0] is the record, then copies of the newest records
 * before it (`before`: the known chain from `previous` back, newest first), as many as
 * RECORD_COPIES and COPY_BYTES allow and only a gapless run of records whose bytes are known. Pure.
 */
export function recordManifest(
  layer: Descriptor,
  previous: string | undefined,
  record: ReleaseRecord,
  before: readonly RecordLink[] = [],
): Buffer {
  const annotations: Record<string, string> = {
    ...(previous ? { [PREVIOUS_ANNOTATION]: previous } : {}),
    "dev.greenlight.release": record.release,
    "dev.greenlight.environment": record.environment,
    "dev.greenlight.digest": record.digest,
    "dev.greenlight.outcome": record.outcome,
    "org.opencontainers.image.created": record.time,
  };
  const copies: Descriptor[] = [];
  let expected = previous;
  let bytes = 0;
  for (const link of before) {
    bytes += link.layer.size;
    if (copies.length === RECORD_COPIES || link.id !== expected || !link.layer.data || bytes > COPY_BYTES)
      break;
    const { mediaType, digest, size, data } = link.layer;
    copies.push({
      mediaType,
      digest,
      size,
      data,
      annotations: {
        [RECORD_ANNOTATION]: link.id,
        ...(link.previous ? { [PREVIOUS_ANNOTATION]: link.previous } : {}),
      },
    });
    expected = link.previous;
  }
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: RELEASE_ARTIFACT_TYPE,
      config: EMPTY_CONFIG,
      layers: [layer, ...copies],
      annotations,
    }),
  );
}

export interface RecordManifest {
  artifactType?: string;
  layers?: Descriptor[];
  annotations?: Record<string, string>;
}

/**
 * The records manifest `id` carries, newest first: its own (layers[0]), then its copies (the layers
 * that name a record with RECORD_ANNOTATION, in order); the walk goes on from the last one's
 * `previous`. Every embedded JSON must be its layer's bytes, and every copy must be the record the
 * chain names before the one ahead of it (the first: the manifest's PREVIOUS_ANNOTATION), else the
 * problem is returned. A layers[0] without `data` (records before 2026-12) has no `record`: it is
 * read from its blob. Pure.
 */
export function recordLinks(
  id: string,
  manifest: RecordManifest,
): { links: RecordLink[] } | { problem: string } {
  const [own, ...rest] = manifest.layers ?? [];
  if (manifest.artifactType !== RELEASE_ARTIFACT_TYPE || !own) return { problem: "not a release record" };
  const links: RecordLink[] = [{ id, previous: manifest.annotations?.[PREVIOUS_ANNOTATION], layer: own }];
  if (own.data !== undefined) {
    const record = embeddedRecord(own);
    if (typeof record === "string") return { problem: `its ${record}` };
    (links[0] as RecordLink).record = record;
  }
  for (const layer of rest) {
    const copied = layer.annotations?.[RECORD_ANNOTATION];
    if (copied === undefined) break; // not a copy: a layer this version does not know
    const ahead = links.at(-1) as RecordLink;
    if (copied !== ahead.previous) {
      return {
        problem: `its copy of record ${copied} stands where the chain names ${ahead.previous ?? "no record"} (before ${ahead.id})`,
      };
    }
    const record = layer.data === undefined ? "embedded record is missing" : embeddedRecord(layer);
    if (typeof record === "string") return { problem: `its copy of record ${copied}: ${record}` };
    links.push({ id: copied, previous: layer.annotations?.[PREVIOUS_ANNOTATION], layer, record });
  }
  return { links };
}

/** The record embedded in a layer descriptor, or what is wrong with it. Pure. */
function embeddedRecord(layer: Descriptor): ReleaseRecord | string {
  const bytes = Buffer.from(layer.data ?? "", "base64");
  if (bytes.length !== layer.size || sha256Digest(bytes) !== layer.digest)
    return `embedded record does not match the layer ${layer.digest}`;
  return parseRecord(bytes) ?? `record ${layer.digest} is not JSON`;
}

function parseRecord(bytes: Buffer): ReleaseRecord | undefined {
  try {
    return JSON.parse(bytes.toString("utf8")) as ReleaseRecord;
  } catch {
    return undefined;
  }
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
 * survives the loss of the host that deployed. Each manifest also carries copies of the records
 * before it (`recordManifest`), so a walk reads one manifest per RECORD_COPIES + 1 records. The
 * copies are part of the manifest bytes the chain names, as trustworthy as the chain itself; still
 * every copy must be the record the chain names at its place and its bytes its layer's, or the
 * ledger is refused (`recordLinks`).
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
  /**
   * Records by id (manifest digest), from their own manifest or a copy in a later one:
   * content-addressed and immutable, so read once per process; an append copies the newest from here.
   */
  private readonly records = new Map<string, RecordLink>();
  /** Record manifests by digest (content-addressed), read or being read. */
  private readonly manifests = new Map<string, Promise<RecordManifest>>();
  readonly tag: string;

  /**
   * `settleMs`: how long to wait before checking that an append stayed on the chain (default 50).
   * `maxRecords`: how far back `history` walks (default 200). Every decision needs only recent
   * records (what is live, the newest healthy release), and the walk costs a manifest GET per 16
   * records (one per record for records written before 2026-12, whose manifests carry no copies).
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
    // blob and also embedded in the layer descriptor (`data`, OCI 1.1), and each manifest carries
    // copies of the records before it (from the head manifest just read and the records this
    // process walked: no request): a walk reads one manifest per RECORD_COPIES + 1 records.
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
      let before = head ? await this.knownChain(head) : [];
      for (const [i, layer] of layers.entries()) {
        const bytes = recordManifest(layer, previous, records[i] as ReleaseRecord, before);
        const digest = sha256Digest(bytes);
        before = [{ id: digest, previous, layer }, ...before];
        previous = digest;
        manifests.push({ digest, bytes });
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

  /**
   * The newest records from `head` back whose bytes this process holds, newest first, without a
   * request: the head's manifest (read whole by `head()`) and what a walk read before.
   */
  private async knownChain(head: string): Promise<RecordLink[]> {
    if (!this.records.has(head) && this.manifests.has(head))
      await this.linksFrom(head).catch(() => undefined); // a broken head gets no copies, the walk refuses it
    const chain: RecordLink[] = [];
    for (let id: string | undefined = head; id && chain.length < RECORD_COPIES; ) {
      const link = this.records.get(id);
      if (!link?.layer.data) break;
      chain.push(link);
      id = link.previous;
    }
    return chain;
  }

  /** `registry/repository:tag` of the ledger, for people. */
  get location(): string {
    return `${this.client.registry}/${this.repository}:${this.tag}`;
  }

  /** The digest of a record's JSON blob (known without a request when this process read the record). */
  private async layerOf(digest: string): Promise<string | undefined> {
    return this.records.get(digest)?.layer.digest ?? (await this.readManifest(digest)).layers?.[0]?.digest;
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
    let next = await this.head();
    while (next && records.length < this.maxRecords) {
      // the records of one manifest (its own and its copies); a record without embedded bytes is
      // read from its blob while the walk reads the next manifest
      for (const link of await this.linksFrom(next)) {
        if (seen.has(link.id)) throw this.broken(link.id, "the chain loops");
        seen.add(link.id);
        records.push(this.recordOf(link));
        next = link.previous;
        if (records.length === this.maxRecords) break;
      }
    }
    return { records: (await Promise.all(records)).reverse(), truncated: next !== undefined };
  }

  /**
   * The records read at `id`, newest first: one known record, or those its manifest carries (see
   * `recordLinks`), then known. A copy of a record this process already knows must agree with it.
   */
  private async linksFrom(id: string): Promise<RecordLink[]> {
    const known = this.records.get(id);
    if (known) return [known];
    const decoded = recordLinks(id, await this.readManifest(id));
    if ("problem" in decoded) throw this.broken(id, decoded.problem);
    return decoded.links.map((link) => {
      const other = this.records.get(link.id);
      if (!other) {
        this.records.set(link.id, link);
        return link;
      }
      if (other.previous !== link.previous || other.layer.digest !== link.layer.digest)
        throw this.broken(id, `its copy of record ${link.id} disagrees with that record as read before`);
      return other;
    });
  }

  /** A link's record: embedded, or read from its layer blob (records before 2026-12), then kept. */
  private recordOf(link: RecordLink): Promise<ReleaseRecord> {
    if (link.record) return Promise.resolve(link.record);
    const read = this.client.getBlob(this.repository, link.layer.digest).then((bytes) => {
      const record = parseRecord(bytes);
      if (!record) throw this.broken(link.id, `its record ${link.layer.digest} is not JSON`);
      link.record = record;
      // getBlob checked the digest: the bytes can be copied into later manifests
      if (bytes.length === link.layer.size) link.layer = { ...link.layer, data: bytes.toString("base64") };
      return record;
    });
    // The walk awaits every record at its end; this only keeps a failure seen before then (the
    // walk stopped early by another error) from being reported as unhandled.
    read.catch(() => undefined);
    return read;
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
