import * as cache from "@actions/cache";
import type { CacheStore } from "../image/cache";

/** The Actions cache service behind the engine's CacheStore; the engine never imports @actions/*. */
export const actionsCache: CacheStore = {
  restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
  save: (paths, key) => cache.saveCache(paths, key),
};
