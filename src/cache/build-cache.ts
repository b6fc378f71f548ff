import type { StageCaches } from "../analyse.js";
import type { Discovered } from "../build.js";
import type { LoadConfigResult } from "../config/index.js";
import { createEmitCache, type EmitCache } from "../emit/index.js";
import type { ChangeLog } from "./change-log.js";

declare const buildCacheBrand: unique symbol;

/**
 * Work kept between builds of one process (watch mode); create one with `createBuildCache()`
 * and pass it to every `build`. Opaque: what it holds is the build's own business.
 */
export interface BuildCache {
  readonly [buildCacheBrand]: true;
}

/**
 * What a BuildCache holds. Each stage keeps its per-event results, and hands an unchanged event to
 * the next stage as the same object, so after an edit only the edited events go through the
 * pipeline again.
 */
export interface BuildCacheState {
  /** The stages' caches, created by the first build that runs them: creating one loads no compiler. */
  stages: StageCaches | undefined;
  readonly emit: EmitCache;
  /** What the last build given a `ChangeLog` loaded and listed; set by the build's caching only. */
  baseline: Baseline | undefined;
}

/**
 * The state a build given `changes` leaves for the next one: the config it loaded, the files it
 * listed, and the log's mark when it started. The stages' caches hold what was read after that
 * mark, so the paths noted after it are all that may read differently now.
 */
export interface Baseline {
  readonly log: ChangeLog;
  readonly mark: number;
  /** The cwd, config option and docs `--out` it ran with: another place is another project. */
  readonly where: string;
  readonly loaded: LoadConfigResult & { readonly ok: true };
  readonly discovered: Discovered;
  readonly listed: ReadonlySet<string>;
}

const cacheStates = new WeakMap<BuildCache, BuildCacheState>();

export function createBuildCache(): BuildCache {
  const cache = Object.freeze({}) as BuildCache;
  cacheStates.set(cache, { stages: undefined, emit: createEmitCache(), baseline: undefined });
  return cache;
}

/** The state behind a cache; a value that createBuildCache did not make is no cache. */
export function stateOf(cache: BuildCache | undefined): BuildCacheState | undefined {
  return cache === undefined ? undefined : cacheStates.get(cache);
}
