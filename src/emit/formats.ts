import { closeSync, openSync, readdirSync, readSync, rmdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { OutputFormat } from "../config/index.js";
import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable } from "../infer/schema.js";
import { renderAsyncApi } from "./asyncapi.js";
import { planContract, type PiecesCache } from "./contract.js";
import { renderJsonSchema, schemaId } from "./json-schema.js";
import { FORMAT_FILES, SCHEMA_FILES_DIR, schemaFile, schemaFileTag } from "./layout.js";
import { renderOpenApi } from "./openapi.js";

/**
 * The documents of the config's `formats`, beside the build's own outputs: each rendered by its
 * module (openapi.ts, asyncapi.ts, json-schema.ts) from one plan of the components, and handed
 * to `put` (the writer) as it is made. Returns their paths, in the order put.
 */
export function putFormats(
  events: readonly InferredEvent[],
  options: {
    readonly outDir: string;
    readonly formats: readonly OutputFormat[];
    readonly definitions?: DefinitionTable | undefined;
    /** The shared definitions' TypeScript names, by key: their components are named alike. */
    readonly definitionNames?: ReadonlyMap<string, string> | undefined;
    /** Each event's pieces of the documents, kept for the next call (watch mode). */
    readonly cache?: PiecesCache | undefined;
  },
  put: (path: string, text: string) => void,
): string[] {
  const { outDir, formats } = options;
  if (formats.length === 0) return [];
  const plan = planContract(events, options.definitions, options.definitionNames, options.cache);
  const paths: string[] = [];
  const emit = (relative: string, text: string) => {
    const path = join(outDir, ...relative.split("/"));
    put(path, text);
    paths.push(path);
  };
  if (formats.includes("json-schema")) {
    for (const planned of plan.events) {
      const { event } = planned;
      emit(
        schemaFile(event.webhook, event.event),
        plan.piece(planned, "document", () => renderJsonSchema(event, plan.definitions).text),
      );
    }
  }
  if (formats.includes("openapi")) emit(FORMAT_FILES.openapi, renderOpenApi(plan));
  if (formats.includes("asyncapi")) emit(FORMAT_FILES.asyncapi, renderAsyncApi(plan));
  return paths;
}

/** openapi.json and asyncapi.json when the formats ask for them: looked at before anything is rendered. */
export function formatTargets(outDir: string, formats: readonly OutputFormat[]): string[] {
  return (["openapi", "asyncapi"] as const)
    .filter((f) => formats.includes(f))
    .map((f) => join(outDir, FORMAT_FILES[f]));
}

/**
 * Files of formats a build may delete when it does not plan them: openapi.json and asyncapi.json,
 * and files under `schemas/` named as an event's schema whose `$id` names that very event, so
 * that a copy of one under another name is never taken. (The writer then deletes only those
 * that begin as ours.)
 */
export function formatCandidates(outDir: string, planned: ReadonlySet<string>): string[] {
  const candidates = Object.values(FORMAT_FILES).map((name) => join(outDir, name));
  const root = join(outDir, SCHEMA_FILES_DIR);
  for (const folder of listFolders(root)) {
    for (const entry of list(join(root, folder))) {
      if (!entry.isFile()) continue;
      const tag = schemaFileTag(folder, entry.name);
      const path = join(root, folder, entry.name);
      // A planned file is not deleted: its head need not be read.
      if (tag !== undefined && !planned.has(path) && idOf(path) === schemaId(tag)) candidates.push(path);
    }
  }
  return candidates;
}

/**
 * The folders whose listing a recorded build depends on (the disk cache compares their mtimes):
 * outDir, where openapi.json and asyncapi.json go, and `schemas/` and each folder in it, since a
 * build deletes files of ours there that it does not plan.
 */
export function formatFolders(outDir: string): string[] {
  const root = join(outDir, SCHEMA_FILES_DIR);
  return [outDir, root, ...listFolders(root).map((folder) => join(root, folder))];
}

/** After deletions: a webhook's folder under `schemas/` left empty goes, and `schemas/` too if empty. */
export function pruneSchemaFolders(outDir: string, removed: readonly string[]): void {
  const root = join(outDir, SCHEMA_FILES_DIR);
  const folders = new Set(removed.map(dirname).filter((folder) => dirname(folder) === root));
  for (const folder of [...folders, ...(folders.size > 0 ? [root] : [])]) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty (the user's files, or files of ours still planned): it stays.
    }
  }
}

/** Why a format's file would be deleted, for `build --check`; undefined for other files. */
export function obsoleteReason(path: string, outDir: string): string | undefined {
  if (dirname(path) === outDir) {
    const format = (Object.keys(FORMAT_FILES) as (keyof typeof FORMAT_FILES)[]).find(
      (f) => FORMAT_FILES[f] === basename(path),
    );
    return format === undefined ? undefined : `"formats" does not list "${format}"`;
  }
  if (dirname(dirname(path)) === join(outDir, SCHEMA_FILES_DIR)) {
    return `its event is gone, or "formats" does not list "json-schema"`;
  }
  return undefined;
}

function list(folder: string) {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Sub-folders, sorted: the order of a listing is the file system's. */
function listFolders(folder: string): string[] {
  return list(folder)
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The `$id` on the second line of a schema document as we write them (see the writer's beginsAsOurs). */
function idOf(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(1024);
    const read = readSync(fd, head, 0, head.length, 0);
    const match = /^\uFEFF?\{\r?\n\s*"\$schema": "[^"\\\r\n]*",\r?\n\s*"\$id": "([^"\\\r\n]*)",/.exec(
      head.subarray(0, read).toString("utf8"),
    );
    return match?.[1];
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
