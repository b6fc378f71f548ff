/**
 * Where a cold build spends its time: runs `node --cpu-prof dist/cli/main.js build` in a project
 * (outputs removed first) and prints the top functions by self time, and self time summed by
 * module (file under dist/, or package under node_modules/), from the .cpuprofile it writes.
 * Self time is what a function ran itself, excluding its callees, so the rows add up to the total.
 * A third table charges library time to the stage (dist/ folder) of ours that called it.
 *
 * Usage: node bench/profile.mjs [projectDir] [--top N] [--keep]  (default: .bench/1000/project)
 *        node bench/profile.mjs --file some.cpuprofile            (summarise an existing profile)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, file: { type: "string" }, keep: { type: "boolean" } },
});
const repo = resolve(import.meta.dirname, "..");
const top = Number(values.top);

let profilePath = values.file;
if (profilePath === undefined) {
  const project = resolve(positionals[0] ?? join(repo, ".bench/1000/project"));
  rmSync(join(project, "generated"), { recursive: true, force: true });
  rmSync(join(project, "node_modules/.cache"), { recursive: true, force: true });
  const dir = mkdtempSync(join(tmpdir(), "ductape-prof-"));
  execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, join(repo, "dist/cli/main.js"), "build"], {
    cwd: project,
    stdio: "ignore",
  });
  profilePath = join(dir, readdirSync(dir)[0]);
}

/** @type {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} */
const profile = JSON.parse(readFileSync(profilePath, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** A readable module name: the package under node_modules, the file under the repo, or a V8 category. */
function moduleOf(url) {
  if (url === "") return "(native / V8)";
  const path = decodeURIComponent(url.replace(/^file:\/\//, ""));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (pkg !== null) return `${pkg[1]}/${pkg[2].replace(/^dist\//, "")}`;
  if (path.startsWith("node:")) return path;
  return path.startsWith(repo) ? path.slice(repo.length + 1) : path;
}

const functions = new Map();
const modules = new Map();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const mod = moduleOf(url);
  const fn = `${functionName || "(anonymous)"}  ${mod}${url === "" ? "" : `:${lineNumber + 1}`}`;
  functions.set(fn, (functions.get(fn) ?? 0) + us);
  modules.set(mod, (modules.get(mod) ?? 0) + us);
}

// Each sample also counts for the innermost of our own files (dist/) on its stack, grouped by
// stage folder (dist/extract, dist/infer, ...): that charges library time (ajv, TypeScript) to the
// stage that called it. Samples with none of our files on the stack are module loading, GC, idle.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const byStage = new Map();
for (const [id, us] of selfUs) {
  let stage = "(no dist/ frame: module loading, GC, idle)";
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const path = moduleOf(byId.get(at).callFrame.url);
    if (path.startsWith("dist/")) {
      stage = path.split("/").length > 2 ? path.split("/").slice(0, 2).join("/") + "/" : path;
      break;
    }
  }
  byStage.set(stage, (byStage.get(stage) ?? 0) + us);
}

const print = (heading, map) => {
  console.log(`\n${heading}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`profile: ${profilePath}\nsampled time: ${(totalUs / 1000).toFixed(0)} ms`);
print("Top functions by self time:", functions);
print("Self time by module:", modules);
print("Time by stage (innermost dist/ folder on the stack; library time charged to its caller):", byStage);
if (values.file === undefined && !values.keep) rmSync(resolve(profilePath, ".."), { recursive: true, force: true });
