import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log";

/**
 * The Actions cache, injected by the action layer (the engine never imports @actions/*): the same
 * shape as @actions/cache `restoreCache` / `saveCache`.
 */
export interface CacheStore {
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<unknown>;
}

/** What the builder passes as `--cache-from`/`--cache-to`, and one line on what happens to the cache. */
export interface CachePlan {
  from: string[];
  to: string[];
  note: string;
  /** A local cache directory kept in the Actions cache between runs (buildx outside type=gha). */
  local?: { dir: string; key: string; restoreKeys: string[] };
}

export interface CacheInput {
  builder: "buildx" | "classic";
  /** buildx's builder driver; `docker` cannot export a cache. */
  driver?: string;
  /** `registry/repository`: the gha scope and the Actions cache key prefix. */
  repository: string;
  sha?: string;
  cacheFrom: readonly string[];
  cacheTo: readonly string[];
  env: Record<string, string | undefined>;
  /** Where a local cache directory would live (a temp directory of the run). */
  workDir: string;
  /** Whether an Actions cache store was injected. */
  haveStore: boolean;
}

/**
 * Whether `planCache` looks at buildx's driver: only in Actions without cache settings (the docker
 * driver cannot export the gha cache there). Elsewhere the driver changes only the note's words.
 */
export function cacheNeedsDriver(input: Pick<CacheInput, "cacheFrom" | "cacheTo" | "env">): boolean {
  return input.env.GITHUB_ACTIONS === "true" && !input.cacheFrom.length && !input.cacheTo.length;
}

/** Decides the cache: the user's settings win; in Actions, gha when its service is reachable, else local. */
export function planCache(input: CacheInput): CachePlan {
  const { builder, cacheFrom, cacheTo, env } = input;
  if (builder === "classic") {
    const from = cacheFrom.map(classicCacheFrom).filter((ref): ref is string => Boolean(ref));
    return {
      from,
      to: [],
      note: `no cache export: the classic builder cannot export a cache (dockerd's layer cache only${
        from.length ? `; cache-from images ${from.join(", ")}` : ""
      })${cacheTo.length ? "; cache-to ignored, it needs buildx" : ""}`,
    };
  }
  if (cacheFrom.length || cacheTo.length) {
    return { from: [...cacheFrom], to: [...cacheTo], note: `as given: from [${cacheFrom}] to [${cacheTo}]` };
  }
  if (input.driver === "docker") {
    return {
      from: [],
      to: [],
      note: "no cache export: buildx's docker driver cannot export a cache (set 'buildx-builder' to a docker-container or remote builder)",
    };
  }
  if (env.GITHUB_ACTIONS !== "true") {
    return {
      from: [],
      to: [],
      note: "no cache export outside GitHub Actions (the builder's own cache only)",
    };
  }
  const scope = input.repository.replace(/[^A-Za-z0-9._-]/g, "-");
  if ((env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) && env.ACTIONS_RUNTIME_TOKEN) {
    return {
      from: [`type=gha,scope=${scope}`],
      to: [`type=gha,scope=${scope},mode=max`],
      note: `GitHub Actions cache service (type=gha, scope=${scope})`,
    };
  }
  if (!input.haveStore) {
    return { from: [], to: [], note: "no cache export: no Actions cache service or store available" };
  }
  const dir = join(input.workDir, "buildx-cache");
  const prefix = `greenlight-buildx-${scope}-`;
  return {
    from: [`type=local,src=${dir}`],
    to: [`type=local,dest=${dir}-new,mode=max`],
    note: `local cache directory kept in the Actions cache (key ${prefix}${input.sha ?? "nosha"})`,
    local: { dir, key: `${prefix}${input.sha ?? "nosha"}`, restoreKeys: [prefix] },
  };
}

/** `type=registry,ref=X` or a plain reference → X; other cache types mean nothing to the classic builder. */
function classicCacheFrom(entry: string): string | undefined {
  if (!entry.includes("=")) return entry;
  const fields = Object.fromEntries(entry.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  return fields.type === "registry" ? fields.ref : undefined;
}

/** Restores the local cache directory before the build; drops `--cache-from` when nothing was restored. */
export async function restoreLocalCache(plan: CachePlan, store: CacheStore | undefined, log: Logger) {
  if (!plan.local || !store) return plan;
  const hit = await store.restore([plan.local.dir], plan.local.key, plan.local.restoreKeys).catch((error) => {
    log.warn(`cache restore failed, building without it: ${String(error)}`);
    return undefined;
  });
  const restored = hit !== undefined && existsSync(join(plan.local.dir, "index.json"));
  return {
    ...plan,
    from: restored ? plan.from : [],
    note: `${plan.note}; restore: ${restored ? `hit ${hit}` : "miss"}`,
  };
}

/** Replaces the cache directory with the one this build wrote (so it does not grow) and saves it. */
export async function saveLocalCache(plan: CachePlan, store: CacheStore | undefined, log: Logger) {
  if (!plan.local || !store) return plan.note;
  const { dir, key } = plan.local;
  if (!existsSync(`${dir}-new`)) return `${plan.note}; save: nothing written`;
  await rm(dir, { recursive: true, force: true });
  await rename(`${dir}-new`, dir);
  try {
    await store.save([dir], key);
    return `${plan.note}; saved`;
  } catch (error) {
    log.warn(`cache save failed (the build itself succeeded): ${String(error)}`);
    return `${plan.note}; save failed`;
  }
}
