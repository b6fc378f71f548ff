/**
 * Reads a project as it was at a git ref, from git's objects only (`rev-parse`, `ls-tree`,
 * `cat-file --batch`): the work tree and the index are never read for it nor touched. The
 * ref's files are written into a temporary folder outside the work tree, where the same build
 * runs in memory; see docs/diff.md for what is copied and how packages resolve there.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

/** Files copied from the ref: what a config, an event file and what they import or reference can be. */
const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|json|ya?ml)$/i;

/** Larger files are left out: no event file, config or schema a build reads is that large. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type GitAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly problem: "no-repository" | "no-ref" | "git-failed";
      readonly reason: string;
      readonly shallow?: boolean;
    };

function git(
  cwd: string,
  args: readonly string[],
  input?: string,
): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync("git", [...args], {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    // Never a pager, a prompt or a locale that changes messages.
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", LC_ALL: "C" },
  });
  if (result.error !== undefined) return { status: null, stdout: Buffer.alloc(0), stderr: result.error.message };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString("utf8").trim() };
}

/** The top folder of the repository that holds `cwd`. */
export function repositoryRoot(cwd: string): GitAnswer<string> {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (top.status === null) return { ok: false, problem: "git-failed", reason: `git could not be run: ${top.stderr}` };
  if (top.status !== 0) return { ok: false, problem: "no-repository", reason: top.stderr };
  return { ok: true, value: realpathSync(top.stdout.toString("utf8").trim()) };
}

/** The commit a ref names, or why there is none (with whether the clone is shallow, the likely cause). */
export function resolveCommit(root: string, ref: string): GitAnswer<string> {
  // `--end-of-options`: a ref that starts with `-` is a ref, never an option.
  const found = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  if (found.status === 0) return { ok: true, value: found.stdout.toString("utf8").trim() };
  const shallow = git(root, ["rev-parse", "--is-shallow-repository"]).stdout.toString("utf8").trim() === "true";
  return { ok: false, problem: "no-ref", reason: found.stderr, shallow };
}

/** Whether `ref` names a commit of the repository holding `cwd` (for telling a folder from a ref). */
export function isCommit(cwd: string, ref: string): boolean {
  const root = repositoryRoot(cwd);
  return root.ok && resolveCommit(root.value, ref).ok;
}

/** A project written out as it was at a commit; `remove()` deletes it. */
export interface Materialised {
  /** Where the work tree's `cwd` is in the copy. */
  readonly cwd: string;
  readonly remove: () => void;
}

/**
 * Writes the commit's source files (see SOURCE_EXTENSIONS) into a new temporary folder, at the
 * same paths relative to the repository's root, so that relative paths of the config and of
 * imports hold. The work tree's `node_modules` folders on the way from `cwd` up are linked in at
 * the same places: packages (`ductape-events` itself, a package's JSON schema) resolve as they
 * are installed now.
 */
export function materialise(root: string, commit: string, cwd: string): GitAnswer<Materialised> {
  const listed = git(root, ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]);
  if (listed.status !== 0) return { ok: false, problem: "git-failed", reason: listed.stderr };
  const files: { path: string; object: string }[] = [];
  for (const line of listed.stdout.toString("utf8").split("\0")) {
    // `<mode> <type> <object> <size>\t<path>`; only regular files (no links, no submodules).
    const match = /^(100644|100755) blob ([0-9a-f]+) +(\d+)\t(.*)$/s.exec(line);
    if (match === null) continue;
    const [, , object, size, path] = match;
    if (!SOURCE_EXTENSIONS.test(path!) || Number(size) > MAX_FILE_BYTES) continue;
    if (path!.split("/").includes("node_modules")) continue;
    files.push({ path: path!, object: object! });
  }
  const read = git(root, ["cat-file", "--batch"], files.map((f) => `${f.object}\n`).join(""));
  if (read.status !== 0) return { ok: false, problem: "git-failed", reason: read.stderr };
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "ductape-events-diff-")));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    writeObjects(dir, files, read.stdout);
    linkPackages(root, cwd, dir);
  } catch (error) {
    remove();
    throw error;
  }
  return { ok: true, value: { cwd: join(dir, relative(root, realpathSync(cwd))), remove } };
}

/** `cat-file --batch` output: `<object> blob <size>\n<bytes>\n` per object, in the order asked. */
function writeObjects(dir: string, files: readonly { path: string; object: string }[], out: Buffer): void {
  let at = 0;
  for (const file of files) {
    const end = out.indexOf(0x0a, at);
    const header = out.subarray(at, end).toString("utf8").split(" ");
    const size = Number(header[2]);
    const bytes = out.subarray(end + 1, end + 1 + size);
    at = end + 1 + size + 1;
    const target = join(dir, ...file.path.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

/**
 * Links each `node_modules` of the work tree from `cwd` up to the repository's root into the
 * copy at the same place, and the nearest one above the root (a repository inside an installed
 * project) at the copy's top.
 */
function linkPackages(root: string, cwd: string, dir: string): void {
  let folder = realpathSync(cwd);
  let aboveRootLinked = false;
  for (;;) {
    const modules = join(folder, "node_modules");
    if (existsSync(modules)) {
      const inside = folder === root || folder.startsWith(root + sep);
      if (inside || !aboveRootLinked) {
        const at = join(dir, inside ? relative(root, folder) : "", "node_modules");
        if (!existsSync(at)) {
          mkdirSync(dirname(at), { recursive: true });
          // A junction on Windows needs no privilege; elsewhere the type is ignored.
          symlinkSync(modules, at, "junction");
        }
        if (!inside) aboveRootLinked = true;
      }
    }
    const parent = dirname(folder);
    if (parent === folder || aboveRootLinked) break;
    folder = parent;
  }
}
