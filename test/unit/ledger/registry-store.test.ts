// The record manifest format: which copies a writer puts in, and what a reader takes out. Pure.
import { describe, expect, it } from "vitest";
import type { ReleaseRecord } from "../../../src/ledger/record";
import {
  COPY_BYTES,
  PREVIOUS_ANNOTATION,
  RECORD_ANNOTATION,
  RECORD_COPIES,
  RELEASE_ARTIFACT_TYPE,
  type RecordLink,
  type RecordManifest,
  recordLinks,
  recordManifest,
} from "../../../src/ledger/registry-store";
import { type Descriptor, sha256Digest } from "../../../src/registry/media";

const id = (n: number) => `sha256:${String(n).padStart(64, "0")}`;

function rec(n: number, padding = 0): ReleaseRecord {
  return {
    release: `r${n}`,
    app: "app",
    environment: "prod",
    action: "deploy",
    outcome: "promoted",
    repository: "127.0.0.1:5000/acme/app",
    digest: id(n),
    color: "blue",
    gates: [],
    actor: "octocat",
    time: "2026-12-05T12:00:00.000Z",
    ...(padding ? { reason: "x".repeat(padding) } : {}),
  };
}

function layerOf(record: ReleaseRecord, embedded = true): Descriptor {
  const bytes = Buffer.from(JSON.stringify(record));
  return {
    mediaType: RELEASE_ARTIFACT_TYPE,
    digest: sha256Digest(bytes),
    size: bytes.length,
    ...(embedded ? { data: bytes.toString("base64") } : {}),
  };
}

/** The known chain before record `newest + 1`: records newest..1, newest first. */
function chain(newest: number, options: { padding?: number; plainAt?: number } = {}): RecordLink[] {
  return Array.from({ length: newest }, (_, i) => {
    const n = newest - i;
    return {
      id: id(n),
      previous: n > 1 ? id(n - 1) : undefined,
      layer: layerOf(rec(n, options.padding), n !== options.plainAt),
    };
  });
}

/** A written manifest, its parts present. */
type Written = { artifactType: string; layers: Descriptor[]; annotations: Record<string, string> };
const parse = (bytes: Buffer) => JSON.parse(bytes.toString("utf8")) as Written;
const layer = (m: Written, i: number) => m.layers[i] as Descriptor;
const copied = (m: RecordManifest) =>
  (m.layers ?? []).slice(1).map((l) => l.annotations?.[RECORD_ANNOTATION]);

describe("recordManifest: the copies a record manifest carries", () => {
  it.each([
    { name: "the first record: none", before: [], previous: undefined, copies: [] },
    { name: "three records before: all three", before: chain(3), previous: id(3), copies: [3, 2, 1] },
    {
      name: "many before: the RECORD_COPIES newest",
      before: chain(40),
      previous: id(40),
      copies: Array.from({ length: RECORD_COPIES }, (_, i) => 40 - i),
    },
    { name: "a chain that does not start at previous: none", before: chain(5), previous: id(9), copies: [] },
    {
      name: "a gap in the chain: up to it",
      before: [...chain(5).slice(0, 2), ...chain(2)],
      previous: id(5),
      copies: [5, 4],
    },
    {
      name: "a record whose bytes are unknown: up to it",
      before: chain(6, { plainAt: 3 }),
      previous: id(6),
      copies: [6, 5, 4],
    },
    {
      name: "big records: as many as COPY_BYTES holds",
      before: chain(5, { padding: Math.floor(COPY_BYTES / 3) }),
      previous: id(5),
      copies: [5, 4],
    },
  ])("$name", ({ before, previous, copies }) => {
    const manifest = parse(recordManifest(layerOf(rec(99)), previous, rec(99), before));
    expect(copied(manifest)).toEqual(copies.map(id));
    expect(manifest.layers?.[0]).toEqual(layerOf(rec(99)));
    expect(manifest.annotations?.[PREVIOUS_ANNOTATION]).toBe(previous);
  });

  it("stays far below registries' 4 MiB with the biggest copies", () => {
    const bytes = recordManifest(layerOf(rec(99)), id(40), rec(99), chain(40, { padding: COPY_BYTES }));
    expect(bytes.length).toBeLessThan(4096);
    const full = recordManifest(
      layerOf(rec(99)),
      id(40),
      rec(99),
      chain(40, { padding: COPY_BYTES / 16 - 400 }),
    );
    expect(copied(parse(full))).toHaveLength(RECORD_COPIES);
    expect(full.length).toBeLessThan(200 * 1024);
  });
});

describe("recordLinks: the records a manifest carries, checked", () => {
  const own = id(99);
  const written = () => parse(recordManifest(layerOf(rec(99)), id(20), rec(99), chain(20)));

  it("its own record, then the copies, each with its previous: the walk goes on from the last", () => {
    const decoded = recordLinks(own, written());
    if ("problem" in decoded) throw new Error(decoded.problem);
    expect(decoded.links.map((l) => [l.id, l.previous])).toEqual([
      [own, id(20)],
      ...Array.from({ length: RECORD_COPIES }, (_, i) => [id(20 - i), id(19 - i)]),
    ]);
    expect(decoded.links.map((l) => l.record?.release)).toEqual([
      "r99",
      ...Array.from({ length: 15 }, (_, i) => `r${20 - i}`),
    ]);
  });

  it("an older record: layers[0] without data, no record (read from the blob), no copies", () => {
    const old = parse(recordManifest(layerOf(rec(99), false), id(20), rec(99)));
    expect(recordLinks(own, old)).toEqual({
      links: [{ id: own, previous: id(20), layer: layerOf(rec(99), false) }],
    });
  });

  it("a layer that is not a copy ends the copies (a later version's layer)", () => {
    const m = written();
    m.layers.splice(3, 0, { mediaType: "application/octet-stream", digest: id(7), size: 1 });
    const decoded = recordLinks(own, m);
    expect("links" in decoded && decoded.links.map((l) => l.id)).toEqual([own, id(20), id(19)]);
  });

  it.each<{ name: string; forge: (m: Written) => void; problem: RegExp }>([
    {
      name: "not a release record",
      forge: (m) => {
        m.artifactType = "x";
      },
      problem: /not a release record/,
    },
    {
      name: "no layers",
      forge: (m) => {
        m.layers = [];
      },
      problem: /not a release record/,
    },
    {
      name: "its own record changed",
      forge: (m) => {
        layer(m, 0).data = Buffer.from("{}").toString("base64");
      },
      problem: /^its embedded record does not match the layer/,
    },
    {
      name: "a copy's record changed",
      forge: (m) => {
        layer(m, 4).data = layer(m, 5).data;
      },
      problem: /^its copy of record sha256:\w+: embedded record does not match the layer/,
    },
    {
      name: "the manifest's previous is not the first copy",
      forge: (m) => {
        m.annotations[PREVIOUS_ANNOTATION] = id(19);
      },
      problem: /^its copy of record sha256:\w+ stands where the chain names sha256:\w+ \(before sha256:\w+\)/,
    },
    {
      name: "a first record with copies",
      forge: (m) => {
        delete m.annotations[PREVIOUS_ANNOTATION];
      },
      problem: /stands where the chain names no record/,
    },
    {
      name: "a copy left out",
      forge: (m) => {
        m.layers.splice(2, 1);
      },
      problem: /stands where the chain names/,
    },
    {
      name: "a copy without data",
      forge: (m) => {
        delete layer(m, 1).data;
      },
      problem: /embedded record is missing/,
    },
  ])("refused: $name", ({ forge, problem }) => {
    const m = written();
    forge(m);
    const decoded = recordLinks(own, m);
    expect("problem" in decoded && decoded.problem).toMatch(problem);
  });
});
