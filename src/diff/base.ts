/**
 * The two sides of a diff as recorded events: now (the pipeline run in memory, writing nothing)
 * and the base, either a folder of an earlier build's outputs or a git ref (built the same way
 * from a copy of the ref's files, see git.ts).
 */
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { build, type BuildResult } from "../build.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { readManifestEvents, type ManifestEvent } from "../emit/index.js";
import { isRecord } from "../util/json.js";
import { messageOf } from "../util/errors.js";
import { isCommit, materialise, repositoryRoot, resolveCommit } from "./git.js";

/** Which project to build: the folder it runs in and its config file (relative to it), as for `build`. */
export interface ProjectAt {
  readonly cwd: string;
  readonly config?: string | undefined;
}

/** The events now: a build that writes nothing and never reads or records the disk cache. */
export function buildNow(project: ProjectAt): Promise<BuildResult> {
  return build({ cwd: project.cwd, config: project.config, write: false, diskCache: false });
}

/** What the base is, as found. */
export interface BaseSource {
  readonly kind: "folder" | "ref";
  /** As given on the command line. */
  readonly name: string;
  /** The commit a ref names. */
  readonly commit?: string;
}

export type BaseEvents =
  | {
      readonly ok: true;
      readonly source: BaseSource;
      readonly events: readonly ManifestEvent[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The base's events. A name that is an existing folder (relative to cwd) is a folder of outputs,
 * even when a ref has the same name (DT8243 says so); anything else is a git ref.
 */
export async function baseEvents(base: string, project: ProjectAt): Promise<BaseEvents> {
  const given = resolve(project.cwd, base);
  const stat = statSync(given, { throwIfNoEntry: false });
  // The manifest itself names its folder.
  const folder = stat?.isFile() === true && basename(given) === "manifest.json" ? dirname(given) : given;
  if (stat?.isDirectory() === true || folder !== given) {
    const read = readFolder(folder, base);
    if (!read.ok) return read;
    const warnings = isCommit(project.cwd, base) ? [diagnostic(Codes.DiffAmbiguousBase, { base })] : [];
    return { ok: true, source: { kind: "folder", name: base }, events: read.events, diagnostics: warnings };
  }
  return refEvents(base, project);
}

function readFolder(
  folder: string,
  name: string,
): { ok: true; events: readonly ManifestEvent[] } | { ok: false; diagnostics: Diagnostic[] } {
  const fail = (problem: string) => ({
    ok: false as const,
    diagnostics: [diagnostic(Codes.DiffNoManifest, { folder: name, problem })],
  });
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
  } catch (error) {
    return fail(`has no readable manifest.json (${messageOf(error)})`);
  }
  if (!isRecord(manifest) || manifest["version"] !== 2 || !Array.isArray(manifest["webhooks"])) {
    return fail("has a manifest.json of another format (not version 2 of ductape-events)");
  }
  try {
    return { ok: true, events: readManifestEvents(folder) };
  } catch (error) {
    return fail(`has webhook manifests that cannot be read (${messageOf(error)})`);
  }
}

async function refEvents(ref: string, project: ProjectAt): Promise<BaseEvents> {
  const root = repositoryRoot(project.cwd);
  if (!root.ok) {
    const d =
      root.problem === "no-repository"
        ? diagnostic(Codes.DiffNoRepository, { base: ref, reason: root.reason })
        : diagnostic(Codes.DiffGitFailed, { reason: root.reason });
    return { ok: false, diagnostics: [d] };
  }
  const commit = resolveCommit(root.value, ref);
  if (!commit.ok) {
    return {
      ok: false,
      diagnostics: [diagnostic(Codes.DiffBaseNotFound, { base: ref, shallow: commit.shallow === true })],
    };
  }
  const copy = materialise(root.value, commit.value, project.cwd);
  if (!copy.ok) return { ok: false, diagnostics: [diagnostic(Codes.DiffGitFailed, { reason: copy.reason })] };
  try {
    const result = await buildNow({ cwd: copy.value.cwd, config: project.config });
    // A base's acknowledgements are never read: one that names nothing (DT8207, an error of the
    // file, which may be what this very change fixes) does not keep it from being compared.
    const errors = result.diagnostics.filter(
      (d) => d.severity === "error" && d.code !== Codes.AcknowledgementInvalid.code,
    );
    if (errors.length > 0) {
      const first = `${errors[0]!.code} ${errors[0]!.message}`;
      return {
        ok: false,
        diagnostics: [diagnostic(Codes.DiffBaseInvalid, { base: ref, count: errors.length, first })],
      };
    }
    // Read now: the copy is deleted below, and a cached result would read its manifest lazily.
    const events = [...result.events];
    return { ok: true, source: { kind: "ref", name: ref, commit: commit.value }, events, diagnostics: [] };
  } finally {
    copy.value.remove();
  }
}
