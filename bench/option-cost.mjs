/**
 * What one config option costs a cold build, the measure behind bench/formats.mjs and
 * bench/docs.mjs: one synthetic project (bench/generate.mjs, fixed seed) under .bench/<name>/,
 * a copy with the option added to its config, and cold builds of both (outputs, the option's
 * folders and node_modules/.cache removed first) in fresh processes of the real CLI,
 * alternating, each round in the other order than the last, so that noise on a shared machine,
 * and whatever a build leaves the next one, hits both alike. Prints the runs and the
 * medians of wall time, CPU time (user + system) and peak RSS (both from GNU time, when there is
 * /usr/bin/time), their ratios, and the median of each round's ratio (the two builds of a round
 * run back to back). One run of a script is the measure. With `--instructions` it counts each
 * build's machine instructions instead (see measureInstructions; `--runs 3` is plenty), and
 * `--predictable` (only with it) counts them under V8's `--predictable` (see countCold).
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { generateProject } from "./generate.mjs";

const REPO = resolve(import.meta.dirname, "..");
const CLI = join(REPO, "dist/cli/main.js");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/**
 * Measures `option` (a config line such as `docs: {},`) on `--events` events over `--runs`
 * rounds; `folders` are what the option writes beside `generated/`, removed before each build.
 * Returns the two projects' folders, for the caller's own figures.
 */
export async function measureOptionCost({ name, option, folders = [], target }) {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000" },
      runs: { type: "string", default: "9" },
      instructions: { type: "boolean", default: false },
      predictable: { type: "boolean", default: false },
    },
  });
  if (values.predictable && !values.instructions) throw new Error("--predictable goes with --instructions");
  const events = Number(values.events);
  const runs = Number(values.runs);
  if (!existsSync(CLI)) throw new Error("Run `npm run build` first.");

  const base = join(REPO, `.bench/${name}`);
  const plain = generateProject(join(base, "plain"), {
    events,
    webhooks: Math.max(1, Math.round(events / 20)),
  }).projectDir;
  const withOption = join(base, `with-${name}`);
  rmSync(withOption, { recursive: true, force: true });
  cpSync(plain, withOption, { recursive: true });
  const config = join(withOption, "ductape.config.ts");
  const text = readFileSync(config, "utf8");
  const edited = text.replace('outDir: "generated",', `outDir: "generated",\n  ${option}`);
  if (edited === text) throw new Error(`no outDir line to add ${name} after in ${config}`);
  writeFileSync(config, edited);

  if (values.instructions) {
    await measureInstructions(plain, withOption, folders, { events, runs, target, predictable: values.predictable });
    return { plain, withOption };
  }
  const results = { plain: [], option: [] };
  // The machine's load (one minute) at the start and end: the option's share of a build grows
  // when other work takes the second core (docs/benchmark.md), and a reader of one run should know.
  const loadAtStart = loadavg()[0];
  for (let i = 0; i < runs; i++) {
    // Each round in the other order (ABBA): a build that suffers from following another (the
    // kernel still writing the last one's files out) is each project's in turn.
    if (i % 2 === 0) {
      results.plain.push(coldBuild(plain, folders));
      results.option.push(coldBuild(withOption, folders));
    } else {
      results.option.push(coldBuild(withOption, folders));
      results.plain.push(coldBuild(plain, folders));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${events} events, ${runs} cold builds each, alternating; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  );
  for (const [key, unit] of [
    ["wall", "ms"],
    ["cpu", "ms"],
    ["rss", "MB"],
  ]) {
    if (results.plain[0][key] === undefined) continue;
    const a = results.plain.map((r) => r[key]);
    const b = results.option.map((r) => r[key]);
    console.log(
      `  ${key.padEnd(5)} without ${a.map((x) => x.toFixed(0)).join(" ")} | with ${b.map((x) => x.toFixed(0)).join(" ")}` +
        ` | medians ${median(a).toFixed(0)} / ${median(b).toFixed(0)} ${unit}, ratio ${(median(b) / median(a)).toFixed(2)}`,
    );
  }
  // Each round's ratio of its two builds, run back to back: slower and faster stretches of a
  // shared machine hit both builds of a round alike.
  const ratios = (key) => results.option.map((r, i) => r[key] / results.plain[i][key]);
  const paired = (key) => {
    const interval = medianInterval(ratios(key));
    const within = interval === undefined ? "" : ` (95% interval ${interval.map((x) => x.toFixed(3)).join(" to ")})`;
    return `${key} ${median(ratios(key)).toFixed(3)}${within}`;
  };
  console.log(
    `  median of the rounds' ratios: ${paired("wall")}` +
      (results.plain[0].cpu === undefined ? "" : `, ${paired("cpu")}`) +
      (target === undefined ? "" : ` (target: under ${target})`),
  );
  if (target !== undefined) console.log(`  ${verdict(medianInterval(ratios("wall")), Number(target))}`);
  return { plain, withOption };
}

/**
 * A 95% interval for the median of `xs` that assumes nothing of their spread (the sign test's):
 * from the k-th smallest to the k-th largest, k the largest with P(Binomial(n, 1/2) < k) at most
 * 2.5%. For 15 rounds, the 4th to the 12th; for fewer than 6, none. On a shared machine one
 * round's ratio swings widely, so a run's median alone does not say how far to trust it.
 */
export function medianInterval(xs) {
  const n = xs.length;
  let k = 0;
  let below = 0;
  let ways = 1;
  for (let j = 0; j < n; j++) {
    below += ways / 2 ** n;
    if (below > 0.025) break;
    k = j + 1;
    ways = (ways * (n - j)) / (j + 1);
  }
  if (k === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  return [sorted[k - 1], sorted[n - k]];
}

/** What one run says of the target, by where the wall ratio's interval lies. */
function verdict(interval, target) {
  if (interval === undefined) return "too few rounds to say whether the target is met (--runs 6 or more)";
  if (interval[1] < target) return `the target is met: the wall ratio's 95% interval lies below ${target}`;
  if (interval[0] >= target) return `the target is missed: the wall ratio's 95% interval lies at or above ${target}`;
  return `this run does not settle the target: the wall ratio's 95% interval includes ${target} (more --runs narrow it)`;
}

/**
 * `--instructions`: the work of each cold build counted in machine instructions executed, on
 * every thread (valgrind's cachegrind without its cache model). Wall and CPU time on a shared
 * machine swing by a third from one build to the next; a build's count by a few percent, and
 * the median of three rounds by about 2%. The two builds of a round run side by side (each
 * about 50 times slower under valgrind); if one fails, the other is stopped.
 */
async function measureInstructions(plain, withOption, folders, { events, runs, target, predictable }) {
  if (spawnSync("valgrind", ["--version"]).status !== 0) throw new Error("--instructions needs valgrind");
  const counts = { plain: [], option: [] };
  for (let i = 0; i < runs; i++) {
    const children = [];
    const settled = await Promise.allSettled(
      [plain, withOption].map((dir) => countCold(dir, folders, children, predictable)),
    );
    const failed = settled.find((result) => result.status === "rejected");
    if (failed !== undefined) {
      for (const child of children) child.kill();
      throw failed.reason;
    }
    counts.plain.push(settled[0].value);
    counts.option.push(settled[1].value);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const billions = (n) => (n / 1e9).toFixed(3);
  const how = predictable ? "node --predictable, " : "";
  console.log(
    `${events} events, instructions of ${runs} cold builds each, the two of a round side by side (${how}valgrind)`,
  );
  console.log(
    `  without ${counts.plain.map(billions).join(" ")} | with ${counts.option.map(billions).join(" ")} (billions)` +
      ` | medians ${billions(median(counts.plain))} / ${billions(median(counts.option))}, ratio ${(median(counts.option) / median(counts.plain)).toFixed(3)}` +
      (target === undefined ? "" : ` (target: under ${target})`),
  );
}

/**
 * The instructions of one cold build under valgrind; its process is added to `children`. With
 * `predictable`, node runs with V8's `--predictable`: V8 does all its work on the main thread
 * (the optimising compiler while the build waits, the garbage collector without helpers, no
 * memory reducer) and draws fixed random numbers. Valgrind runs one thread at a time, so
 * otherwise how long a build runs unoptimised code depends on when the compiler's thread gets
 * its turn: the same build's count varies by 2-3%. Predictable, it repeats to 0.1% (one run is
 * enough), though any change to the code can move it by about 1% (the collector runs at other
 * moments). Such counts compare with each other, not with counts taken without the flag.
 */
async function countCold(dir, folders, children, predictable) {
  for (const folder of ["generated", ...folders, "node_modules/.cache"])
    rmSync(join(dir, folder), { recursive: true, force: true });
  const args = [
    "--tool=cachegrind",
    "--cache-sim=no",
    "--cachegrind-out-file=/dev/null",
    process.execPath,
    ...(predictable ? ["--predictable"] : []),
    CLI,
    "build",
  ];
  const child = spawn("valgrind", args, { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.resume();
  const status = await new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  const line = stderr.split("\n").find((l) => /I\s+refs:/.test(l));
  if (status !== 0 || line === undefined) throw new Error(`build failed in ${dir}:\n${stderr.slice(-2000)}`);
  return Number(line.split(":")[1].replace(/[,\s]/g, ""));
}

/** One cold build: wall ms, CPU ms and peak RSS in MB (undefined without GNU time). */
function coldBuild(dir, folders) {
  for (const folder of ["generated", ...folders, "node_modules/.cache"])
    rmSync(join(dir, folder), { recursive: true, force: true });
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

/** The size of a file, or of everything under a folder, in bytes. */
export function bytes(path) {
  if (statSync(path).isFile()) return statSync(path).size;
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}
