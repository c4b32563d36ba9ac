import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GreenlightError, InputError } from "../errors";
import type { GitState } from "../git";
import type { Logger } from "../log";
import { dockerConfigDir } from "../registry/credentials";
import { sha256Digest } from "../registry/media";
import { BuildxBuilder, buildxAvailable, buildxDriver } from "./buildx";
import { type CacheStore, cacheNeedsDriver, planCache, restoreLocalCache, saveLocalCache } from "./cache";
import { ClassicBuilder } from "./classic";
import { computeLabels, parseKeyValues } from "./labels";
import { type ImageReference, pinned, repositoryName } from "./reference";
import { computeTags } from "./tags";

/** The build inputs (build-push-action's names), read once by the front-end. */
export interface BuildOptions {
  /** The repository to push to; a tag or digest on it is ignored. */
  image: ImageReference;
  context: string;
  file?: string;
  /** Extra tags: bare (`v1`) or full references in the same repository. */
  tags: string[];
  /** `key=value`, overriding greenlight's OCI labels. */
  labels: string[];
  /** `key=value` */
  buildArgs: string[];
  platforms: string[];
  push: boolean;
  builder: "auto" | "buildx" | "classic";
  /** `docker buildx --builder` name; the current builder when unset. */
  buildxBuilder?: string;
  cacheFrom: string[];
  cacheTo: string[];
  /** A DOCKER_CONFIG directory holding the registry credentials; the user's own config when unset. */
  dockerConfigDir?: string;
  git: GitState;
  env: Record<string, string | undefined>;
  /** Tag `latest` too when HEAD has a release semver tag. */
  latest?: boolean;
}

/** The part of the registry client the build needs. */
export interface ManifestSource {
  getManifest(
    repository: string,
    reference: string,
  ): Promise<{ bytes: Uint8Array; mediaType: string; digest: string }>;
  /** A HEAD of a manifest: sent while the build runs, to answer the registry's auth challenge early. */
  manifestDescriptor?(repository: string, reference: string): Promise<unknown>;
}

export interface BuildDeps {
  log: Logger;
  registryClientFor(registry: string): ManifestSource;
  /** The Actions cache (the action layer passes @actions/cache); without it no local cache is kept. */
  cacheStore?: CacheStore;
}

export interface BuildResult {
  /** `registry/repository@sha256:…`; undefined when push is false. */
  image?: string;
  /** The registry's manifest (or index) digest, recomputed from the bytes it serves; undefined without push. */
  digest?: string;
  /** Full references that were tagged (and pushed). */
  tags: string[];
  imageId?: string;
  labels: Record<string, string>;
  metadata: Record<string, unknown>;
  /** config + layers of the pushed manifest; for an index, per platform (`linux/amd64`: n). */
  sizeBytes?: number | Record<string, number>;
  /** Platforms the pushed index lists (empty for a single manifest). */
  platforms: string[];
  /** buildx pushes inside the build: its pushMs is 0 and buildMs includes the push. */
  durations: { buildMs: number; pushMs: number };
  builder: "buildx" | "classic";
  /** One line: what happened to the build cache. */
  cache: string;
}

/** Everything a builder needs, all decisions made. */
export interface BuildPlan {
  context: string;
  file?: string;
  /** Full references `registry/repository:tag`. */
  refs: string[];
  labels: Record<string, string>;
  buildArgs: Array<[string, string]>;
  platforms: string[];
  push: boolean;
  cacheFrom: string[];
  cacheTo: string[];
  /** Environment for docker (DOCKER_CONFIG, SOURCE_DATE_EPOCH). */
  env: Record<string, string | undefined>;
}

export interface BuilderOutput {
  digest?: string;
  imageId?: string;
  metadata: Record<string, unknown>;
  buildMs: number;
  pushMs: number;
}

/** One way to build: buildx or the classic builder, chosen once by `chooseBuilder`. */
export interface Builder {
  readonly kind: "buildx" | "classic";
  /** buildx's builder driver, when known. */
  readonly driver?: string;
  build(plan: BuildPlan, log: Logger): Promise<BuilderOutput>;
}

/**
 * buildx when forced or when buildx works; the classic builder otherwise. One `docker buildx inspect`
 * answers both whether buildx works and the builder's driver; only when it fails does
 * `docker buildx version` decide (a builder that does not exist yet is buildx's error to report).
 */
export async function chooseBuilder(
  opts: Pick<BuildOptions, "builder" | "buildxBuilder" | "env"> & {
    /** Whether the cache plan needs the driver (cache.ts); `builder: buildx` without it asks nothing. */
    needDriver?: boolean;
  },
): Promise<Builder> {
  if (opts.builder === "classic") return new ClassicBuilder();
  if (opts.builder === "buildx" && opts.needDriver === false) return new BuildxBuilder(opts.buildxBuilder);
  const driver = await buildxDriver(opts.buildxBuilder, opts.env);
  if (driver || opts.builder === "buildx" || (await buildxAvailable(opts.env))) {
    return new BuildxBuilder(opts.buildxBuilder, driver);
  }
  return new ClassicBuilder();
}

/** Builds, pushes and pins the image by the digest the registry serves. */
export async function buildImage(opts: BuildOptions, deps: BuildDeps): Promise<BuildResult> {
  const { log } = deps;
  if (opts.env.ACTIONS_RUNTIME_TOKEN) log.mask(opts.env.ACTIONS_RUNTIME_TOKEN);
  const repo = repositoryName(opts.image);
  const tags = computeTags(opts.image, opts.git, opts.tags, {
    latest: opts.latest ?? false,
    warn: (message) => log.warn(message),
  });
  if (!tags.length) {
    throw new InputError(
      "tags",
      "is empty and there is no git commit to tag from",
      "at least one tag, e.g. 'latest'",
    );
  }
  const labels = computeLabels(opts.image, opts.git, opts.labels);
  const buildArgs = parseKeyValues("build-args", opts.buildArgs);
  const env = dockerEnv(opts);
  // children get only what is named for them (src/exec.ts), never this process's whole environment
  const builder = await chooseBuilder({ ...opts, env, needDriver: cacheNeedsDriver(opts) });
  log.info(
    `builder: ${builder.kind}${builder.driver ? ` (${builder.driver} driver)` : ""}; tags: ${tags.join(", ")}`,
  );
  if (opts.git.dirty)
    log.warn("the work tree has uncommitted changes: the image is labelled with HEAD but may differ");
  const workDir = await mkdtemp(join(tmpdir(), "greenlight-build-"));
  try {
    let cache = planCache({
      builder: builder.kind,
      ...(builder.driver ? { driver: builder.driver } : {}),
      repository: repo,
      cacheFrom: opts.cacheFrom,
      cacheTo: opts.cacheTo,
      env: opts.env,
      workDir,
      haveStore: Boolean(deps.cacheStore),
      ...(opts.git.sha ? { sha: opts.git.sha } : {}),
    });
    cache = await restoreLocalCache(cache, deps.cacheStore, log);
    const plan: BuildPlan = {
      context: opts.context,
      refs: tags.map((tag) => `${repo}:${tag}`),
      labels,
      buildArgs,
      platforms: opts.platforms,
      push: opts.push,
      cacheFrom: cache.from,
      cacheTo: cache.to,
      env: { ...env, ...ghaCacheEnv([...cache.from, ...cache.to], opts.env) },
      ...(opts.file ? { file: opts.file } : {}),
    };
    const client = opts.push ? deps.registryClientFor(opts.image.registry) : undefined;
    // the registry's auth challenge (and loading Node's HTTP client) are paid while the build runs,
    // not after it: the digest check below then asks once
    const warmed = client
      ?.manifestDescriptor?.(opts.image.repository, tags[0] as string)
      .catch(() => undefined);
    const out = await log
      .group(`Build ${repo} (${builder.kind})`, () => builder.build(plan, log))
      .finally(() => warmed);
    const cacheNote = await saveLocalCache(cache, deps.cacheStore, log);
    log.info(`cache: ${cacheNote}`);
    const base = {
      tags: plan.refs,
      labels,
      metadata: out.metadata,
      durations: { buildMs: out.buildMs, pushMs: out.pushMs },
      builder: builder.kind,
      cache: cacheNote,
      platforms: [] as string[],
      ...(out.imageId ? { imageId: out.imageId } : {}),
    };
    if (!opts.push) {
      log.info("push is false: built only; there is no digest output, since the digest is the registry's");
      return base;
    }
    const served = await log.group("Verify digest", () =>
      verifyPushed(client as ManifestSource, opts.image, tags[0] as string, out.digest, builder.kind),
    );
    log.info(`pushed ${pinned(opts.image, served.digest)}`);
    return { ...base, ...served, image: pinned(opts.image, served.digest) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** buildx's `type=gha` cache reads the runner's cache service URL and token from its environment. */
const GHA_CACHE_ENV = [
  "ACTIONS_CACHE_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_CACHE_SERVICE_V2",
];

/** The runner's cache-service variables, given explicitly to buildx when a cache entry is `type=gha` (children never inherit ACTIONS_*). */
export function ghaCacheEnv(entries: readonly string[], env: Record<string, string | undefined>) {
  if (!entries.some((e) => /(^|,)type=gha(,|$)/.test(e))) return {};
  return Object.fromEntries(GHA_CACHE_ENV.filter((name) => env[name]).map((name) => [name, env[name]]));
}

function dockerEnv(opts: BuildOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  if (opts.dockerConfigDir) {
    env.DOCKER_CONFIG = opts.dockerConfigDir;
    // buildx keeps its builders under the user's docker config; a credentials-only config must not hide them.
    env.BUILDX_CONFIG = opts.env.BUILDX_CONFIG || join(dockerConfigDir(undefined, opts.env), "buildx");
  }
  // buildx passes SOURCE_DATE_EPOCH to BuildKit, which then stamps the image with the commit time.
  const epoch = opts.git.commitTime ? Math.floor(Date.parse(opts.git.commitTime) / 1000) : Number.NaN;
  if (!opts.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) env.SOURCE_DATE_EPOCH = String(epoch);
  return env;
}

/** Fetches the manifest of `tag`, recomputes its sha256 and requires it to be the digest the builder reported. */
export async function verifyPushed(
  client: ManifestSource,
  image: ImageReference,
  tag: string,
  reported: string | undefined,
  builder: string,
): Promise<{ digest: string; sizeBytes: number | Record<string, number>; platforms: string[] }> {
  const where = `${repositoryName(image)}:${tag}`;
  const manifest = await client.getManifest(image.repository, tag);
  const digest = sha256Digest(Buffer.from(manifest.bytes));
  if (manifest.digest !== digest) {
    throw new GreenlightError(
      `registry client digest ${manifest.digest} for ${where} is not sha256 of its bytes ${digest}`,
    );
  }
  if (reported !== digest) {
    throw new GreenlightError(
      `registry ${image.registry} serves ${where} as ${digest} (sha256 of the manifest bytes), but ${builder} reported ${reported ?? "no digest"}`,
      {
        hint: "another push may have moved the tag meanwhile, or the registry rewrote the manifest; rerun the build",
      },
    );
  }
  const doc = JSON.parse(Buffer.from(manifest.bytes).toString("utf8")) as ManifestDoc;
  if (!doc.manifests) return { digest, sizeBytes: manifestSize(doc), platforms: [] };
  const sizes: Record<string, number> = {};
  for (const entry of doc.manifests) {
    const platform = formatPlatform(entry.platform);
    const child = await client.getManifest(image.repository, entry.digest);
    sizes[platform] = manifestSize(JSON.parse(Buffer.from(child.bytes).toString("utf8")) as ManifestDoc);
  }
  return { digest, sizeBytes: sizes, platforms: doc.manifests.map((m) => formatPlatform(m.platform)) };
}

interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface ManifestDoc {
  config?: { size: number };
  layers?: Array<{ size: number }>;
  manifests?: Array<{ digest: string; platform?: Platform }>;
}

function manifestSize(doc: ManifestDoc): number {
  return (doc.config?.size ?? 0) + (doc.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
}

function formatPlatform(p: Platform | undefined): string {
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join("/") : "unknown/unknown";
}
