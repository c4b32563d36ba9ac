import * as cache from "@actions/cache";
import type { CacheStore } from "../image/cache";

/** The Actions cache service behind the engine's CacheStore, when the runner has one. */
export function actionsCache(): CacheStore | undefined {
  return cache.isFeatureAvailable() ? store : undefined;
}

// The engine never imports @actions/*: it sees this adapter only.
const store: CacheStore = {
  restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
  save: (paths, key) => cache.saveCache(paths, key),
};
