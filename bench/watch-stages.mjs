/**
 * Per-stage time of one watch-mode rebuild after an edit of one event file, in-process, without
 * and with the watcher's change hint (the stages as `build` runs them, timed one by one), and the
 * wall time of `build()` itself both ways. Uses the built package (`npm run build` first).
 *
 * Usage: node bench/watch-stages.mjs <projectDir> [rounds] [which]   (a project of bench/generate.mjs)
 * `which`: stages-plain, stages-hinted, build-plain or build-hinted (default: all four). Run one per
 * process at 10,000 events: two sets of caches in one heap make the collector the measure.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const DIST = new URL("../dist/", import.meta.url);
const { build, createBuildCache } = await import(new URL("build.js", DIST).href);
const { ChangeLog, ChangedPaths } = await import(new URL("cache/change-log.js", DIST).href);
const { loadConfig } = await import(new URL("config/index.js", DIST).href);
const { discover, sameFileList } = await import(new URL("discover/index.js", DIST).href);
const { extract, createExtractCache } = await import(new URL("extract/index.js", DIST).href);
const { validate, createValidateCache } = await import(new URL("validate/index.js", DIST).href);
const { infer, createInferCache } = await import(new URL("infer/index.js", DIST).href);
const { createEmitCache, emitOutputs } = await import(new URL("emit/index.js", DIST).href);

const [dirArg, roundsArg = "11", which] = process.argv.slice(2);
if (dirArg === undefined) throw new Error("usage: node bench/watch-stages.mjs <projectDir> [rounds]");
const dir = resolve(dirArg);
const rounds = Number(roundsArg);

function eventFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .filter((name) => String(name).endsWith(".event.ts"))
    .map((name) => join(folder, String(name)))
    .sort();
}
const files = eventFiles(join(dir, "events"));
const originals = new Map();

/** Round k edits one event file's description, as bench/run.mjs does. */
function edit(k) {
  const file = files[(k * 7919 + 13) % files.length];
  const original = originals.get(file) ?? readFileSync(file, "utf8");
  originals.set(file, original);
  const marker = `Edited by the stage benchmark, round ${k + 1}.`;
  const edited = original.replace(/^ {2}description: .*,$/m, `  description: ${JSON.stringify(marker)},`);
  if (edited === original) throw new Error(`no description line in ${file}`);
  writeFileSync(file, edited);
  return file;
}

/** The stages of `build` for a watch rebuild, each timed; `hint` as build uses it. */
function stageRunner(hinted) {
  const caches = {
    extract: createExtractCache(),
    validate: createValidateCache(),
    infer: createInferCache(),
    emit: createEmitCache(),
  };
  let previous;
  return async (changedFile) => {
    const t = {};
    let at = performance.now();
    const lap = (name) => {
      const now = performance.now();
      t[name] = now - at;
      at = now;
    };
    const changed =
      hinted && previous !== undefined ? new ChangedPaths(changedFile === undefined ? [] : [changedFile]) : undefined;
    const configChanged = changed === undefined || previous.loaded.inputs.some((path) => changed.has(path));
    const loaded = configChanged ? await loadConfig({ cwd: dir }) : previous.loaded;
    lap("config");
    const config = loaded.config;
    const same = changed !== undefined && !configChanged && sameFileList(previous.listed, changed, config);
    const list = same ? previous.files : await discover(config);
    lap("discover");
    const extracted = extract({
      files: list,
      cache: caches.extract,
      ...(changed === undefined ? {} : { changed: (path) => changed.has(path) }),
    });
    lap("extract");
    const validated = validate(extracted.events, caches.validate);
    lap("validate");
    const inferred = infer(validated.events, caches.infer);
    lap("infer");
    const written = emitOutputs({
      events: inferred.events,
      rootDir: config.rootDir,
      outDir: config.outDir,
      write: true,
      cache: caches.emit,
    });
    lap("emit");
    if (written.diagnostics.length > 0) throw new Error("write failed");
    previous = { loaded, files: list, listed: same ? previous.listed : new Set(list) };
    return t;
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measureStages(hinted) {
  const run = stageRunner(hinted);
  await run(undefined); // the first build: everything
  const laps = [];
  for (let k = 0; k < rounds; k++) laps.push(await run(edit(k)));
  const result = {};
  for (const name of Object.keys(laps[0])) result[name] = median(laps.map((l) => l[name]));
  result.total = median(laps.map((l) => Object.values(l).reduce((a, b) => a + b, 0)));
  return result;
}

async function measureBuild(hinted) {
  const cache = createBuildCache();
  const changes = new ChangeLog();
  const options = { cwd: dir, cache, diskCache: false, ...(hinted ? { changes } : {}) };
  await build(options);
  const ms = [];
  for (let k = 0; k < rounds; k++) {
    changes.note(edit(k), "change");
    const result = await build(options);
    if (result.diagnostics.some((d) => d.severity === "error")) throw new Error("build failed");
    ms.push(result.durationMs);
  }
  return median(ms);
}

const fmt = (stages) =>
  Object.entries(stages)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(", ");
try {
  console.log(`${files.length} event files, ${rounds} edits each way; medians in ms`);
  const wanted = (name) => which === undefined || which === name;
  if (wanted("stages-plain")) console.log(`stages, no hint: ${fmt(await measureStages(false))}`);
  if (wanted("stages-hinted")) console.log(`stages, hinted:  ${fmt(await measureStages(true))}`);
  if (wanted("build-plain")) console.log(`build(), no hint: ${(await measureBuild(false)).toFixed(1)}`);
  if (wanted("build-hinted")) console.log(`build(), hinted:  ${(await measureBuild(true)).toFixed(1)}`);
} finally {
  for (const [file, text] of originals) writeFileSync(file, text);
}
