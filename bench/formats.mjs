/**
 * `node bench/formats.mjs [--events 1000] [--runs 9]`: what `formats` costs a cold build.
 *
 * Generates one synthetic project (bench/generate.mjs, fixed seed) under .bench/formats/, copies
 * it with `formats: ["openapi", "asyncapi", "json-schema"]` added to its config, and runs cold
 * builds of both (outputs and node_modules/.cache removed first) in fresh processes of the real
 * CLI, alternating, so that noise on a shared machine hits both alike. Prints the runs and the
 * medians of wall time, CPU time (user + system) and peak RSS (both from GNU time, when there is
 * /usr/bin/time), their ratios, and the size of each project's outputs.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateProject } from "./generate.mjs";

const REPO = resolve(import.meta.dirname, "..");
const CLI = join(REPO, "dist/cli/main.js");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const ALL = '["openapi", "asyncapi", "json-schema"]';

const { values } = parseArgs({
  options: { events: { type: "string", default: "1000" }, runs: { type: "string", default: "9" } },
});
const events = Number(values.events);
const runs = Number(values.runs);
if (!existsSync(CLI)) throw new Error("Run `npm run build` first.");

const base = join(REPO, ".bench/formats");
const plain = generateProject(join(base, "plain"), {
  events,
  webhooks: Math.max(1, Math.round(events / 20)),
}).projectDir;
const withFormats = join(base, "with-formats");
rmSync(withFormats, { recursive: true, force: true });
cpSync(plain, withFormats, { recursive: true });
const config = join(withFormats, "ductape.config.ts");
const text = readFileSync(config, "utf8");
const edited = text.replace('outDir: "generated",', `outDir: "generated",\n  formats: ${ALL},`);
if (edited === text) throw new Error(`no outDir line to add formats after in ${config}`);
writeFileSync(config, edited);

/** One cold build: wall ms, CPU ms and peak RSS in MB (undefined without GNU time). */
function coldBuild(dir) {
  rmSync(join(dir, "generated"), { recursive: true, force: true });
  rmSync(join(dir, "node_modules/.cache"), { recursive: true, force: true });
  const command =
    TIME === undefined
      ? [process.execPath, CLI, "build"]
      : [TIME, "-f", "TIME %U %S %M", process.execPath, CLI, "build"];
  const started = performance.now();
  const run = spawnSync(command[0], command.slice(1), { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  const wall = performance.now() - started;
  if (run.status !== 0) throw new Error(`build failed in ${dir}:\n${run.stderr}`);
  const line = run.stderr
    .toString()
    .split("\n")
    .find((l) => l.startsWith("TIME "));
  if (line === undefined) return { wall, cpu: undefined, rss: undefined };
  const [, user, system, kb] = line.split(" ").map(Number);
  return { wall, cpu: (user + system) * 1000, rss: kb / 1024 };
}

function bytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const results = { plain: [], formats: [] };
for (let i = 0; i < runs; i++) {
  results.plain.push(coldBuild(plain));
  results.formats.push(coldBuild(withFormats));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${events} events, ${runs} cold builds each, alternating`);
for (const [key, unit] of [
  ["wall", "ms"],
  ["cpu", "ms"],
  ["rss", "MB"],
]) {
  if (results.plain[0][key] === undefined) continue;
  const a = results.plain.map((r) => r[key]);
  const b = results.formats.map((r) => r[key]);
  console.log(
    `  ${key.padEnd(5)} without ${a.map((x) => x.toFixed(0)).join(" ")} | with ${b.map((x) => x.toFixed(0)).join(" ")}` +
      ` | medians ${median(a).toFixed(0)} / ${median(b).toFixed(0)} ${unit}, ratio ${(median(b) / median(a)).toFixed(2)}`,
  );
}
const size = (dir) => `${(bytes(join(dir, "generated")) / 1e6).toFixed(1)} MB`;
console.log(`  outputs without ${size(plain)}, with ${size(withFormats)}`);
