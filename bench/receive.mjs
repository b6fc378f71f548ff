/**
 * `node bench/receive.mjs`: how fast and how large are the validators of receive.ts? (issue
 * "Receive deliveries")
 *
 * It builds a project with `receive: true` under .bench/receive/ (the repository's own events,
 * and the webhooks of test/fixtures/receive that have declared schemas with shared and recursive
 * definitions) with the real CLI, then, in this one process and over the same payloads (every
 * sample and example of the manifests, each delivery as Node would hand it over):
 *   - deliveries per second of the generated validators (receive.ts bundled by esbuild):
 *     `parseEvent` (issues and unknown keys collected) and `isEvent` (an answer only);
 *   - of ajv 8 compiled at run time from the manifest's schemas (Ajv2020, strict off,
 *     ajv-formats: the build's configuration), compilation not counted;
 *   - of zod 4 built for the same schemas by its own `z.fromJSONSchema`, `safeParse`;
 *   each the median of several rounds, the contenders interleaved within a round so that noise
 *   on this machine hits all alike; a round runs every payload through a contender for a fixed time;
 *   - the size of each webhook's module (receive/<webhook>.ts) as an application bundles it
 *     alone (esbuild, its runtime helpers included): raw, minified, and minified and gzipped.
 * Results are printed as a table and written to .bench/receive-results.json.
 *
 * Options: --rounds N (default 15)  --ms M (time per contender per round, default 150)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";

const REPO = resolve(import.meta.dirname, "..");
const PROJECT = join(REPO, ".bench", "receive");
const require = createRequire(import.meta.url);

const { values: options } = parseArgs({
  options: { rounds: { type: "string", default: "15" }, ms: { type: "string", default: "150" } },
});
const ROUNDS = Number(options.rounds);
const MS = Number(options.ms);

function setUp() {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  cpSync(join(REPO, "events"), join(PROJECT, "events"), { recursive: true });
  const fixture = join(REPO, "test", "fixtures", "receive");
  for (const webhook of ["github", "shop"]) {
    cpSync(join(fixture, "events", webhook), join(PROJECT, "events", webhook), { recursive: true });
  }
  cpSync(join(fixture, "schemas"), join(PROJECT, "schemas"), { recursive: true });
  writeFileSync(
    join(PROJECT, "ductape.config.ts"),
    'import { defineConfig } from "ductape-events";\n\nexport default defineConfig({ outDir: "generated", receive: true });\n',
  );
  const built = spawnSync(process.execPath, [join(REPO, "dist", "cli", "main.js"), "build"], {
    cwd: PROJECT,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`);
}

async function bundle(entry, minify) {
  const result = await esbuild({
    stdin: { contents: entry, resolveDir: PROJECT, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    minify,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

function manifestEvents() {
  const index = JSON.parse(readFileSync(join(PROJECT, "generated", "manifest.json"), "utf8"));
  return index.webhooks.flatMap((w) => JSON.parse(readFileSync(join(PROJECT, "generated", w.manifest), "utf8")).events);
}

/** Deliveries per second of `validate` over `payloads`, for about MS milliseconds. */
function throughput(validate, payloads) {
  let count = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MS) {
    for (const [tag, payload] of payloads) if (validate(tag, payload)) sink++;
    count += payloads.length;
    elapsed = performance.now() - start;
  }
  if (sink !== count) throw new Error(`a contender rejected a valid payload (${count - sink} of ${count})`);
  return (count / elapsed) * 1000;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

setUp();
const events = manifestEvents();
const payloads = events.flatMap((e) => [e.sample, ...(e.examples ?? [])].map((p) => [e.tag, p]));

// The generated module, bundled as an application would ship it, and imported.
const bundled = join(PROJECT, "receive.bundle.mjs");
writeFileSync(bundled, await bundle('export * from "./generated/receive.ts";', false));
const generated = await import(pathToFileURL(bundled).href);

const { Ajv2020 } = require("ajv/dist/2020.js");
const addFormats = require("ajv-formats");
const ajv = new Ajv2020({ strict: false, logger: false });
addFormats(ajv);
let started = performance.now();
const ajvValidators = new Map(events.map((e) => [e.tag, ajv.compile(e.schema)]));
const ajvCompileMs = performance.now() - started;

const { z } = require("zod");
started = performance.now();
const zodSchemas = new Map(events.map((e) => [e.tag, z.fromJSONSchema(e.schema)]));
const zodBuildMs = performance.now() - started;

const contenders = {
  "generated parseEvent": (tag, p) => generated.parseEvent(tag, p).ok,
  "generated isEvent": (tag, p) => generated.isEvent(tag, p),
  "ajv (compiled at run time)": (tag, p) => ajvValidators.get(tag)(p),
  "zod 4 (z.fromJSONSchema)": (tag, p) => zodSchemas.get(tag).safeParse(p).success,
};
const rounds = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
// A warm-up round, not counted: every contender's code is optimised before it is timed.
for (const validate of Object.values(contenders)) throughput(validate, payloads);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, validate] of Object.entries(contenders)) rounds[name].push(throughput(validate, payloads));
}

const sizes = [];
for (const webhook of [...new Set(events.map((e) => e.webhook))].sort()) {
  const entry = `export * from "./generated/receive/${webhook}.ts";`;
  const raw = await bundle(entry, false);
  const minified = await bundle(entry, true);
  sizes.push({
    webhook,
    events: events.filter((e) => e.webhook === webhook).length,
    source: readFileSync(join(PROJECT, "generated", "receive", `${webhook}.ts`)).length,
    raw: Buffer.byteLength(raw),
    minified: Buffer.byteLength(minified),
    gzip: gzipSync(minified).length,
  });
}

const results = {
  node: process.version,
  payloads: payloads.length,
  events: events.length,
  rounds: ROUNDS,
  msPerRound: MS,
  throughput: Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, Math.round(median(values))])),
  // Each round's rate over ajv's in the same round, then the median: the machine's speed drifts
  // between rounds, and a ratio taken within one round cancels the drift.
  ratioToAjv: Object.fromEntries(
    Object.entries(rounds).map(([name, values]) => [
      name,
      Number(median(values.map((v, i) => v / rounds["ajv (compiled at run time)"][i])).toFixed(2)),
    ]),
  ),
  ajvCompileMs: Math.round(ajvCompileMs),
  zodBuildMs: Math.round(zodBuildMs),
  sizes,
};
writeFileSync(join(REPO, ".bench", "receive-results.json"), `${JSON.stringify(results, null, 2)}\n`);

const fmt = (n) => n.toLocaleString("en-US");
console.log(`${results.events} events, ${results.payloads} payloads, Node ${results.node}, median of ${ROUNDS} rounds`);
console.log("\n| validator | deliveries per second | vs ajv, same round |");
console.log("|---|---:|---:|");
for (const [name, rate] of Object.entries(results.throughput)) {
  console.log(`| ${name} | ${fmt(rate)} | ${results.ratioToAjv[name].toFixed(2)}x |`);
}
console.log(
  `\najv compiled the ${results.events} schemas in ${results.ajvCompileMs} ms; zod built them in ${results.zodBuildMs} ms.`,
);
console.log("\n| webhook | events | receive/<webhook>.ts | bundled | minified | minified + gzip |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const s of sizes) {
  console.log(
    `| ${s.webhook} | ${s.events} | ${fmt(s.source)} B | ${fmt(s.raw)} B | ${fmt(s.minified)} B | ${fmt(s.gzip)} B |`,
  );
}
