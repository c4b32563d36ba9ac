import type { CacheStore } from "../image/cache";

/**
 * The Actions cache service behind the engine's CacheStore, when the runner has one. Imported on
 * demand: @actions/cache brings the Azure storage client, which only builds need.
 */
export async function actionsCache(): Promise<CacheStore | undefined> {
  const cache = await import("@actions/cache");
  if (!cache.isFeatureAvailable()) return undefined;
  // The engine never imports @actions/*: it sees this adapter only.
  return {
    restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
    save: (paths, key) => cache.saveCache(paths, key),
  };
}
