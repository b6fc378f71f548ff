/**
 * `npm run bench`: is ductape-events fast at any size? (issue "Fast at any size")
 *
 * For each size (1,000 and 10,000 events by default) it generates a synthetic project from a
 * fixed seed (bench/generate.mjs) under .bench/<size>/, then measures, in fresh processes of the
 * real CLI (`node dist/cli/main.js ...`, cwd = the project), the median of several runs of:
 *   - cold build: outputs and node_modules/.cache removed first; whole-process wall time and
 *     peak RSS (GNU time's %M, or process.resourceUsage() through bench/rss-hook.mjs);
 *   - warm build and `build --check` with nothing changed (outputs present);
 *   - watch: after "Watching for changes", one event's description is edited, and the time from
 *     the write to the moment the outputs that hold the text (its webhook's manifest and module,
 *     generated/webhooks/<webhook>.json and .ts) both hold the new one is taken, several edits
 *     in one watcher;
 *   - the floor (bench/floor.mjs: read and parse every event file, nothing else), interleaved
 *     with the cold builds so that noise on this machine hits both alike;
 *   - the peer: quicktype generating TypeScript from the same sample bodies.
 * Then, for each large-sample size (1 MB and 10 MB by default), a project of one event whose
 * sample is a captured API document of that size (bench/generate.mjs, imported from JSON) and
 * the median time and peak RSS of its cold build: inference and outputs must stay linear in
 * the sample (MAX_SAMPLE_VALUES in src/infer/limits.ts is set from these figures).
 * It prints a table with each figure next to its target, and writes raw numbers to
 * .bench/results.json. Nothing here is hard-coded but the targets.
 *
 * With --schemas (off by default: the schema-driven builds take much longer), each size is
 * then compared with its schema-driven twin (bench/generate.mjs `schemas: true`: the same events
 * and samples, bodies declared by `$ref` into shared JSON Schema documents under schemas/):
 * cold builds of both alternating (median time and peak RSS), warm no-op builds alternating,
 * and in watch mode one edit of a shared file each: schemas/common.json (a definition's
 * description, which every event reaches) against events/shared/objects.ts (a constant many
 * samples spread), timed from the write to the output that holds the edit being rewritten
 * (the writer renames every changed file at the end of a build). A table prints both side by
 * side with their ratio.
 *
 * Options: --sizes 1000,10000 ("" for none)  --runs N (default 5 up to 1,000 events, else 3)
 *          --schemas (and --schema-sizes 1000, the sizes of that comparison)
 *          --samples 1,10 (large-sample sizes in MB)  --skip-samples
 *          --budget S (fewer runs when a measure would take longer than S seconds; default 180)
 *          --skip-peer
 *          --report (print the table of the last run, from .bench/results.json, and measure nothing)
 *          --help (print this)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateLargeSampleProject, generateProject } from "./generate.mjs";

const REPO = resolve(import.meta.dirname, "..");
const CLI = join(REPO, "dist/cli/main.js");
const SCRATCH = join(REPO, ".bench");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const QUICKTYPE_VERSION = "26.0.0";
const QUICKTYPE_BIN = join(SCRATCH, "tools/node_modules/quicktype/dist/index.js");
const RUN_TIMEOUT_MS = 5 * 60_000;
const WATCH_READY = "Watching for changes";

/** Targets of the issue, by size; sizes without an entry are measured without targets. */
const TARGETS = {
  1000: { coldMs: 1500, coldFloor: 1.5, noopMs: 500, watchMs: 50, rssMB: 200, peer: 2 },
  10000: { coldMs: 4000, coldFloor: 1.5, noopMs: 1000, watchMs: 100, rssMB: 400, peer: 5 },
};
const WEBHOOKS = { 1000: 50, 10000: 200 };

const { values: options } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    samples: { type: "string", default: "1,10" },
    "skip-samples": { type: "boolean", default: false },
    runs: { type: "string" },
    budget: { type: "string", default: "180" },
    "skip-peer": { type: "boolean", default: false },
    report: { type: "boolean", default: false },
    schemas: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
    "schema-sizes": { type: "string", default: "1000" },
  },
});
if (options.help) {
  // The header comment is the manual.
  const header = readFileSync(new URL(import.meta.url), "utf8").split("*/")[0];
  console.log(header.replace(/^\/\*\*\n/, "").replace(/^ \* ?/gm, ""));
  process.exit(0);
}
const listOf = (text) => (text.trim() === "" ? [] : text.split(",").map(Number));
const sizes = listOf(options.sizes);
const sampleSizes = options["skip-samples"] ? [] : listOf(options.samples);
const budgetMs = Number(options.budget) * 1000;
const schemaSizes = options.schemas ? listOf(options["schema-sizes"]) : [];
if (schemaSizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`--schema-sizes: ${options["schema-sizes"]}`);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: ${options.sizes}`);
if (sampleSizes.some((mb) => !(mb > 0))) throw new Error(`--samples: ${options.samples}`);
if (options.runs !== undefined && !(Number(options.runs) >= 1)) throw new Error(`--runs: ${options.runs}`);
if (!(budgetMs >= 0)) throw new Error(`--budget: ${options.budget}`);

// ---------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function median(xs) {
  const s = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs `node <args>` in a fresh process and resolves with its wall time (spawn to exit), peak
 * RSS, exit code and stderr. The child leads its own process group, so a timeout kills it all.
 */
function runNode(args, { cwd, timeoutMs = RUN_TIMEOUT_MS }) {
  const rssFile = join(SCRATCH, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const [command, argv, env] =
    TIME === undefined
      ? [process.execPath, ["--import", join(REPO, "bench/rss-hook.mjs"), ...args], { BENCH_RSS_FILE: rssFile }]
      : [TIME, ["-f", "%M", "-o", rssFile, process.execPath, ...args], {}];
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, argv, {
      cwd,
      env: { ...process.env, ...env, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", fail);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) : NaN;
      done({ ms, rssMB: Number.isFinite(kb) ? kb / 1024 : undefined, code, stderr, timedOut });
    });
  });
}

/** A run that must succeed for the benchmark to mean anything. */
async function mustRun(label, args, cwd) {
  const result = await runNode(args, { cwd });
  if (!existsSync(CLI)) throw new Error("dist/ disappeared during the bench: was `npm run build` running?");
  if (result.timedOut) return { ...result, ms: undefined, rssMB: undefined };
  if (result.code !== 0) throw new Error(`${label} exited with ${result.code}:\n${result.stderr.slice(-3000)}`);
  return result;
}

/**
 * Calls `once` up to `runs` times; stops early when one more run, as long as the average so far,
 * would end past `budgetMs` (always at least one run). A measure whose runs take minutes is far
 * from its target anyway; this keeps the whole bench bounded.
 */
async function repeat(runs, once) {
  const results = [];
  const started = performance.now();
  while (results.length < runs) {
    const spent = performance.now() - started;
    if (results.length > 0 && spent + spent / results.length > budgetMs) break;
    results.push(await once(results.length));
  }
  return results;
}

/** Resolves when `check()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
async function until(check, timeoutMs, everyMs = 1) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error("timed out");
    await sleep(everyMs);
  }
}

function clean(projectDir) {
  rmSync(join(projectDir, "generated"), { recursive: true, force: true });
  rmSync(join(projectDir, "node_modules/.cache"), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts `watch`, waits for its first build, then edits events' descriptions one at a time and
 * times each write until the event's webhook's manifest and module (webhooks/<webhook>.json and
 * .ts, found through manifest.json) both hold the new text: a description is in both, and the
 * writer renames every changed file into place only once all are written, so the later of the
 * two is the moment the edit is on disk. Files are replaced by rename, so a new inode, mtime or
 * size means new content; each is read only then. The files are restored when the watcher has
 * stopped.
 */
async function measureWatch(project, edits) {
  const outDir = join(project.projectDir, "generated");
  /** The outputs that hold the description of the event in `file`. */
  const outputsOf = (file) => {
    const webhook = /\btag: "([a-z0-9-]+):/.exec(readFileSync(file, "utf8"))?.[1];
    const entry = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")).webhooks.find(
      (w) => w.tag === webhook,
    );
    if (entry === undefined) throw new Error(`no webhook's files for ${file} in manifest.json`);
    return [join(outDir, entry.manifest), join(outDir, entry.types)];
  };
  const child = spawn(process.execPath, [CLI, "watch"], {
    cwd: project.projectDir,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let builds = 0;
  let tail = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    const text = tail + chunk;
    builds += text.split(WATCH_READY).length - 1;
    tail = text.slice(-(WATCH_READY.length - 1));
  });
  const originals = new Map();
  const started = performance.now();
  try {
    await until(() => builds >= 1, 2 * RUN_TIMEOUT_MS, 5);
    const startupMs = performance.now() - started;
    const ms = await repeat(edits, async (k) => {
      const file = project.files[(k * 7919 + 13) % project.files.length];
      const original = originals.get(file) ?? readFileSync(file, "utf8");
      originals.set(file, original);
      const marker = `Edited by the benchmark, round ${k + 1}.`;
      const edited = original.replace(/^ {2}description: .*,$/m, `  description: ${JSON.stringify(marker)},`);
      if (edited === original) throw new Error(`no description line in ${file}`);
      const outputs = outputsOf(file);
      const stamp = (path) => {
        const s = statSync(path, { throwIfNoEntry: false });
        return s === undefined ? "" : `${s.ino}:${s.mtimeMs}:${s.size}`;
      };
      const seen = outputs.map(stamp);
      const updatedAt = outputs.map(() => undefined);
      const buildsBefore = builds;
      const writtenAt = performance.now();
      writeFileSync(file, edited);
      let latency;
      try {
        await until(() => {
          outputs.forEach((path, i) => {
            if (updatedAt[i] !== undefined) return;
            const now = stamp(path);
            if (now === seen[i]) return;
            const at = performance.now();
            seen[i] = now;
            if (readFileSync(path, "utf8").includes(marker)) updatedAt[i] = at;
          });
          if (updatedAt.some((at) => at === undefined)) return false;
          latency = Math.max(...updatedAt) - writtenAt;
          return true;
        }, RUN_TIMEOUT_MS);
        await until(() => builds > buildsBefore, RUN_TIMEOUT_MS, 5);
      } catch {
        return undefined; // timed out
      }
      await sleep(200); // let the watcher settle before the next edit
      return latency;
    });
    return { startupMs, ms };
  } finally {
    const exited = new Promise((done) => child.once("close", done));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
    for (const [file, text] of originals) writeFileSync(file, text);
  }
}

/** Installs quicktype under .bench/tools (not a dependency of the project); undefined if it cannot. */
async function quicktype() {
  const installed = join(SCRATCH, "tools/node_modules/quicktype/package.json");
  const version = () => (existsSync(installed) ? JSON.parse(readFileSync(installed, "utf8")).version : undefined);
  if (version() !== QUICKTYPE_VERSION) {
    console.log(`Installing quicktype@${QUICKTYPE_VERSION} into .bench/tools ...`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const args = ["install", "--prefix", join(SCRATCH, "tools"), `quicktype@${QUICKTYPE_VERSION}`];
    // quicktype 26 runs on Node 20, but its stream-json dependency declares node >= 22; under
    // `npm run`, this project's engine-strict=true reaches npm through the environment.
    const flags = ["--no-save", "--no-audit", "--no-fund", "--engine-strict=false", "--loglevel=error"];
    let stderr = "";
    const code = await new Promise((done) => {
      const child = spawn(npm, [...args, ...flags], { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
      child.on("error", () => done(-1));
      child.on("close", (c) => (clearTimeout(timer), done(c)));
    });
    if (code !== 0 || version() !== QUICKTYPE_VERSION) {
      console.log(`quicktype could not be installed (npm exited with ${code}), so no peer column:`);
      console.log(stderr.trim().split("\n").slice(-5).join("\n"));
      return undefined;
    }
  }
  return { version: QUICKTYPE_VERSION, bin: QUICKTYPE_BIN };
}

async function measurePeer(peer, project, runs) {
  const out = join(project.dir, "quicktype.ts");
  const args = [peer.bin, "--lang", "ts", "--just-types", "--src", project.samplesDir, "-o", out];
  const results = await repeat(runs, async () => {
    const result = await runNode(args, { cwd: project.dir });
    if (!result.timedOut && result.code !== 0) console.log(`  quicktype failed: ${result.stderr.slice(-500)}`);
    return result;
  });
  const ok = results.filter((r) => !r.timedOut && r.code === 0);
  return {
    version: peer.version,
    ms: ok.map((r) => r.ms),
    rssMB: ok.map((r) => r.rssMB),
    timedOut: results.some((r) => r.timedOut),
    failed: results.some((r) => !r.timedOut && r.code !== 0),
    outputBytes: existsSync(out) ? statSync(out).size : undefined,
  };
}

async function measureSize(size, peer) {
  const runs = options.runs === undefined ? (size <= 1000 ? 5 : 3) : Number(options.runs);
  const dir = join(SCRATCH, String(size));
  const t = performance.now();
  const project = {
    dir,
    ...generateProject(dir, { events: size, webhooks: WEBHOOKS[size] ?? Math.max(1, Math.round(size / 20)) }),
  };
  const generateMs = performance.now() - t;
  console.log(
    `\n${size} events in ${project.webhooks} webhooks: ${(project.bytes / 1e6).toFixed(1)} MB of event files ` +
      `(${Math.round(project.bytes / size)} B each on average), generated in ${(generateMs / 1000).toFixed(1)} s`,
  );
  const { projectDir } = project;
  const events = join(projectDir, "events");
  const log = (label, xs, unit = "ms") =>
    console.log(
      `  ${label.padEnd(12)} ${xs.map((x) => (x === undefined ? "timeout" : x.toFixed(0))).join(" ")} ${unit}`,
    );

  const cold = [];
  const floor = [];
  await repeat(runs, async () => {
    clean(projectDir);
    cold.push(await mustRun("cold build", [CLI, "build"], projectDir));
    floor.push(await mustRun("floor", [join(REPO, "bench/floor.mjs"), events], projectDir));
  });
  log(
    "cold build",
    cold.map((r) => r.ms),
  );
  log(
    "floor",
    floor.map((r) => r.ms),
  );
  const warm = await repeat(runs, () => mustRun("warm build", [CLI, "build"], projectDir));
  log(
    "warm build",
    warm.map((r) => r.ms),
  );
  const check = await repeat(runs, () => mustRun("build --check", [CLI, "build", "--check"], projectDir));
  log(
    "--check",
    check.map((r) => r.ms),
  );
  const watch = await measureWatch(project, Math.max(runs, 5));
  log("watch edits", watch.ms);
  const peerResult = peer === undefined ? undefined : await measurePeer(peer, project, runs);
  if (peerResult !== undefined) log("quicktype", peerResult.timedOut ? [...peerResult.ms, undefined] : peerResult.ms);

  return {
    events: size,
    webhooks: project.webhooks,
    eventFileBytes: project.bytes,
    eventsWithUnresolvedNulls: project.warned,
    runsRequested: runs,
    coldBuild: { ms: cold.map((r) => r.ms), rssMB: cold.map((r) => r.rssMB) },
    floor: { ms: floor.map((r) => r.ms), rssMB: floor.map((r) => r.rssMB) },
    warmBuild: { ms: warm.map((r) => r.ms), rssMB: warm.map((r) => r.rssMB) },
    check: { ms: check.map((r) => r.ms) },
    watch: { startupMs: watch.startupMs, editToManifestMs: watch.ms },
    quicktype: peerResult,
  };
}

/** Cold builds of a project whose one event's sample is a captured document of `mb` megabytes. */
async function measureLargeSample(mb) {
  const runs = options.runs === undefined ? 3 : Number(options.runs);
  const dir = join(SCRATCH, `sample-${mb}mb`);
  const project = generateLargeSampleProject(dir, { bytes: Math.round(mb * 1e6) });
  console.log(
    `\nA ${(project.bytes / 1e6).toFixed(1)} MB sample: ${project.values.toLocaleString("en-US")} values ` +
      `(${project.records.toLocaleString("en-US")} records of a captured API page)`,
  );
  const cold = await repeat(runs, () => {
    clean(project.projectDir);
    return mustRun("large-sample build", [CLI, "build"], project.projectDir);
  });
  console.log(
    `  cold build   ${cold.map((r) => (r.ms === undefined ? "timeout" : r.ms.toFixed(0))).join(" ")} ms, ` +
      `peak RSS ${cold.map((r) => (r.rssMB === undefined ? "n/a" : r.rssMB.toFixed(0))).join(" ")} MB`,
  );
  return {
    mb,
    sampleBytes: project.bytes,
    values: project.values,
    coldBuild: { ms: cold.map((r) => r.ms), rssMB: cold.map((r) => r.rssMB) },
  };
}

/** The large samples' table: size, values, and the medians of their cold builds. */
function samplesTable(samples) {
  const header = ["large sample (median)", "values", "cold build", "peak RSS"];
  const body = samples.map((s) => [
    `${(s.sampleBytes / 1e6).toFixed(1)} MB`,
    s.values.toLocaleString("en-US"),
    fmtMs(median(s.coldBuild.ms)),
    fmtMB(median(s.coldBuild.rssMB)),
  ]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((row) => row[c].length)));
  const line = (row) => `| ${row.map((text, c) => text.padEnd(widths[c])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Schema-driven against sample-only.

/**
 * Starts `watch` in `projectDir`, then `edits` times rewrites `file` by `edit(text, marker)` and
 * times the write until `output` (a path under the project) holds the marker and the watcher has
 * finished that build. The file is restored when the watcher has stopped.
 */
async function measureSharedEdit(projectDir, file, edit, output, edits) {
  const child = spawn(process.execPath, [CLI, "watch"], {
    cwd: projectDir,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let builds = 0;
  let tail = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    const text = tail + chunk;
    builds += text.split(WATCH_READY).length - 1;
    tail = text.slice(-(WATCH_READY.length - 1));
  });
  const path = join(projectDir, file);
  const target = join(projectDir, output);
  const original = readFileSync(path, "utf8");
  try {
    await until(() => builds >= 1, 2 * RUN_TIMEOUT_MS, 5);
    return await repeat(edits, async (k) => {
      const marker = `Edited by the benchmark, round ${k + 1}`;
      const edited = edit(original, marker);
      if (edited === original) throw new Error(`nothing to edit in ${path}`);
      const stamp = () => {
        const s = statSync(target, { throwIfNoEntry: false });
        return s === undefined ? "" : `${s.ino}:${s.mtimeMs}:${s.size}`;
      };
      let seen = stamp();
      let updatedAt;
      const buildsBefore = builds;
      const writtenAt = performance.now();
      writeFileSync(path, edited);
      try {
        await until(() => {
          if (updatedAt !== undefined) return true;
          const now = stamp();
          if (now === seen) return false;
          const at = performance.now();
          seen = now;
          if (readFileSync(target, "utf8").includes(marker)) updatedAt = at;
          return updatedAt !== undefined;
        }, RUN_TIMEOUT_MS);
        await until(() => builds > buildsBefore, RUN_TIMEOUT_MS, 5);
      } catch {
        return undefined; // timed out
      }
      await sleep(500);
      return updatedAt - writtenAt;
    });
  } finally {
    const exited = new Promise((done) => child.once("close", done));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
    writeFileSync(path, original);
  }
}

/** The first webhook manifest (generated/webhooks/*.json, by name) holding `text`, relative to the project. */
function manifestHolding(projectDir, text) {
  const dir = join(projectDir, "generated/webhooks");
  const name = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .find((f) => readFileSync(join(dir, f), "utf8").includes(text));
  if (name === undefined) throw new Error(`no webhook manifest holds ${JSON.stringify(text)}`);
  return `generated/webhooks/${name}`;
}

/** The same size, sample-only and schema-driven: cold and warm builds alternating, and one shared edit each in watch. */
async function measureSchemas(size) {
  const runs = options.runs === undefined ? (size <= 1000 ? 5 : 3) : Number(options.runs);
  const webhooks = WEBHOOKS[size] ?? Math.max(1, Math.round(size / 20));
  const plain = generateProject(join(SCRATCH, `${size}`), { events: size, webhooks });
  const declared = generateProject(join(SCRATCH, `${size}-schemas`), { events: size, webhooks, schemas: true });
  const documents = readdirSync(join(declared.projectDir, "schemas"));
  console.log(
    `\n${size} events, sample-only against schema-driven (${documents.length} shared schema documents, ` +
      `${(declared.bytes / 1e6).toFixed(1)} MB of event files)`,
  );
  const both = { plain: plain.projectDir, schemas: declared.projectDir };
  const cold = { plain: [], schemas: [] };
  const warm = { plain: [], schemas: [] };
  await repeat(runs, async () => {
    for (const [key, dir] of Object.entries(both)) {
      clean(dir);
      cold[key].push(await mustRun(`cold build (${key})`, [CLI, "build"], dir));
    }
  });
  await repeat(runs, async () => {
    for (const [key, dir] of Object.entries(both))
      warm[key].push(await mustRun(`warm build (${key})`, [CLI, "build"], dir));
  });
  const line = (label, results) =>
    console.log(
      `  ${label.padEnd(22)} ${results.map((r) => (r.ms === undefined ? "timeout" : r.ms.toFixed(0))).join(" ")} ms, ` +
        `peak RSS ${results.map((r) => (r.rssMB === undefined ? "n/a" : r.rssMB.toFixed(0))).join(" ")} MB`,
    );
  line("cold, sample-only", cold.plain);
  line("cold, schema-driven", cold.schemas);
  line("warm, sample-only", warm.plain);
  line("warm, schema-driven", warm.schemas);
  const edits = Math.min(runs, 3);
  // A constant of many samples (spread into their bodies), against a definition every event reaches.
  const street = readFileSync(join(plain.projectDir, "events/shared/objects.ts"), "utf8").match(/line1: "([^"]+)"/)[1];
  const watchPlain = await measureSharedEdit(
    plain.projectDir,
    "events/shared/objects.ts",
    (text, marker) => text.replace(`line1: "${street}"`, `line1: "${marker}"`),
    manifestHolding(plain.projectDir, street),
    edits,
  );
  const watchSchemas = await measureSharedEdit(
    declared.projectDir,
    "schemas/common.json",
    (text, marker) => text.replace('"description": "ISO 3166-1 alpha-2."', `"description": "${marker}"`),
    "generated/definitions.ts",
    edits,
  );
  console.log(
    `  watch, shared edit      ${[...watchPlain, "|", ...watchSchemas].map((x) => (typeof x === "number" ? x.toFixed(0) : (x ?? "timeout"))).join(" ")} ms`,
  );
  const split = (results) => ({ ms: results.map((r) => r.ms), rssMB: results.map((r) => r.rssMB) });
  return {
    events: size,
    webhooks,
    schemaDocuments: documents.length,
    coldBuild: { plain: split(cold.plain), schemas: split(cold.schemas) },
    warmBuild: { plain: split(warm.plain), schemas: split(warm.schemas) },
    watchSharedEditMs: { plain: watchPlain, schemas: watchSchemas },
  };
}

/** Sample-only and schema-driven side by side, with the ratio schema-driven / sample-only. */
function schemasTable(comparisons) {
  const header = ["schema-driven (median)"];
  const body = [["cold build"], ["peak RSS, cold build"], ["warm no-op build"], ["watch: shared file edit -> outputs"]];
  const ratio = (a, b) => (a === undefined || b === undefined ? "n/a" : fmtX(b / a));
  for (const c of comparisons) {
    const n = c.events.toLocaleString("en-US");
    header.push(`${n}, sample-only`, `${n}, schema-driven`, "ratio");
    const pairs = [
      [median(c.coldBuild.plain.ms), median(c.coldBuild.schemas.ms), fmtMs],
      [median(c.coldBuild.plain.rssMB), median(c.coldBuild.schemas.rssMB), fmtMB],
      [median(c.warmBuild.plain.ms), median(c.warmBuild.schemas.ms), fmtMs],
      [median(c.watchSharedEditMs.plain), median(c.watchSharedEditMs.schemas), fmtMs],
    ];
    pairs.forEach(([a, b, fmt], i) => body[i].push(fmt(a), fmt(b), ratio(a, b)));
  }
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((row) => row[c].length)));
  const line = (row) => `| ${row.map((text, c) => text.padEnd(widths[c])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The table.

const fmtMs = (ms) => (ms === undefined ? "n/a" : ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtX = (x) => (x === undefined ? "n/a" : `${x.toFixed(2)}x`);
const fmtMB = (mb) => (mb === undefined ? "n/a" : `${mb.toFixed(0)} MB`);

/** "figure (target: met/missed)"; the target only when this size has one. */
function cell(value, text, target) {
  if (target === undefined) return text;
  const verdict = value === undefined ? "n/a" : target.ok(value) ? "met" : "MISSED";
  return `${text} (${target.text}: ${verdict})`;
}
const atMost = (limit, text) => ({ ok: (v) => v <= limit, text: `≤ ${text}` });
const atLeast = (limit, text) => ({ ok: (v) => v >= limit, text: `≥ ${text}` });

function rows(r) {
  const t = TARGETS[r.events];
  const cold = median(r.coldBuild.ms);
  const floor = median(r.floor.ms);
  const warm = median(r.warmBuild.ms);
  const check = median(r.check.ms);
  const watch = median(r.watch.editToManifestMs);
  const rss = median(r.coldBuild.rssMB);
  return [
    ["cold build", cell(cold, fmtMs(cold), t && atMost(t.coldMs, fmtMs(t.coldMs)))],
    ["floor: read + parse only", fmtMs(floor)],
    ["cold build / floor", ratioCell(cold, floor, t && atMost(t.coldFloor, fmtX(t.coldFloor)))],
    ["warm no-op build", cell(warm, fmtMs(warm), t && atMost(t.noopMs, fmtMs(t.noopMs)))],
    ["build --check, no-op", cell(check, fmtMs(check), t && atMost(t.noopMs, fmtMs(t.noopMs)))],
    ["watch: one edit -> outputs", cell(watch, fmtMs(watch), t && atMost(t.watchMs, fmtMs(t.watchMs)))],
    ["peak RSS, cold build", cell(rss, fmtMB(rss), t && atMost(t.rssMB, fmtMB(t.rssMB)))],
    ...peerRows(r.quicktype, cold, t),
    [
      "runs: build, floor, watch edits, quicktype",
      [r.coldBuild.ms, r.floor.ms, r.watch.editToManifestMs, r.quicktype?.ms ?? []].map((xs) => xs.length).join(", "),
    ],
  ];
}

function ratioCell(a, b, target) {
  const ratio = a === undefined || b === undefined ? undefined : a / b;
  return cell(ratio, fmtX(ratio), target);
}

/** quicktype's rows; when every run timed out, its time is only known to exceed the timeout. */
function peerRows(qt, cold, t) {
  const label = `quicktype${qt === undefined ? "" : ` ${qt.version}`} --lang ts --just-types`;
  if (qt === undefined) return [label, "quicktype peak RSS", "quicktype / cold build"].map((row) => [row, "not run"]);
  const target = t && atLeast(t.peer, fmtX(t.peer));
  const ms = median(qt.ms);
  if (ms === undefined && qt.timedOut) {
    const atLeastRatio = cold === undefined ? undefined : RUN_TIMEOUT_MS / cold;
    const verdict = atLeastRatio === undefined || !target?.ok(atLeastRatio) ? "unknown" : "met";
    return [
      [label, `> ${fmtMs(RUN_TIMEOUT_MS)} (timed out)`],
      ["quicktype peak RSS", "n/a"],
      [
        "quicktype / cold build",
        atLeastRatio === undefined ? "n/a" : `> ${fmtX(atLeastRatio)}${target ? ` (${target.text}: ${verdict})` : ""}`,
      ],
    ];
  }
  const note = qt.timedOut ? " (a run timed out)" : qt.failed ? " (a run failed)" : "";
  return [
    [label, fmtMs(ms) + note],
    ["quicktype peak RSS", fmtMB(median(qt.rssMB))],
    ["quicktype / cold build", ratioCell(ms, cold, target)],
  ];
}

function table(results) {
  const header = ["measure (median)", ...results.map((r) => `${r.events.toLocaleString("en-US")} events`)];
  const body = rows(results[0]).map((row, i) => [row[0], ...results.map((r) => rows(r)[i][1])]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((row) => row[c].length)));
  const line = (row) => `| ${row.map((text, c) => text.padEnd(widths[c])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------

/** The tables, each only when it has rows. */
function tables(results, samples, schemas = []) {
  return [
    results.length > 0 ? table(results) : "",
    samples.length > 0 ? samplesTable(samples) : "",
    schemas.length > 0 ? schemasTable(schemas) : "",
  ]
    .filter((text) => text !== "")
    .join("\n\n");
}

if (options.report) {
  const last = JSON.parse(readFileSync(join(SCRATCH, "results.json"), "utf8"));
  console.log(tables(last.results, last.samples ?? [], last.schemas ?? []));
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.error("dist/cli/main.js is missing: run `npm run build` first.");
  process.exit(1);
}
mkdirSync(SCRATCH, { recursive: true });
const started = performance.now();
const environment = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? "unknown"}`,
  loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  rss: TIME === undefined ? "process.resourceUsage().maxRSS" : `${TIME} -f %M`,
};
console.log(
  `ductape-events benchmark: node ${environment.node}, ${environment.cpus}, load ${environment.loadAverageAtStart.join(" ")}`,
);
const peer = options["skip-peer"] || sizes.length === 0 ? undefined : await quicktype();
const results = [];
const samples = [];
const schemas = [];
const save = () => {
  const benchMs = performance.now() - started;
  const rounded = (key, value) => (typeof value === "number" ? Math.round(value * 10) / 10 : value);
  writeFileSync(
    join(SCRATCH, "results.json"),
    `${JSON.stringify({ environment, benchMs, results, samples, schemas }, rounded, 2)}\n`,
  );
};
for (const size of sizes) {
  results.push(await measureSize(size, peer));
  save();
}
for (const mb of sampleSizes) {
  samples.push(await measureLargeSample(mb));
  save();
}
for (const size of schemaSizes) {
  schemas.push(await measureSchemas(size));
  save();
}
rmSync(join(SCRATCH, `rss-${process.pid}.txt`), { force: true });
console.log(`\n${tables(results, samples, schemas)}\n`);
console.log(
  `Bench took ${((performance.now() - started) / 60_000).toFixed(1)} min; raw numbers in .bench/results.json.`,
);
