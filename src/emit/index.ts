import { statSync } from "node:fs";
import { join, relative } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { toPosix } from "../discover/index.js";
import type { InferredEvent } from "../infer/index.js";
import { isShardName, SHARD_DIR, shardFiles } from "./layout.js";
import { renderManifestIndex, renderWebhookManifest, type FragmentCache } from "./manifest.js";
import { createTypesCache, renderTypes, sameTags, type TaggedEvents, type TypesCache } from "./typescript.js";
import {
  checkFiles,
  obsoleteFiles,
  writeFiles,
  type FileStamp,
  type PlannedFile,
  type WriteMemory,
  type WrittenFile,
} from "./writer.js";

export type { Manifest, ManifestEvent, ManifestWebhook, WebhookManifest } from "./manifest.js";
export type { FileStamp, FileStatus, PlannedFile, WrittenFile } from "./writer.js";
export { manifestEvents, readManifestEvents } from "./manifest.js";
export { SHARD_DIR } from "./layout.js";

export interface EmitInput {
  readonly events: readonly InferredEvent[];
  readonly rootDir: string;
  readonly outDir: string;
  /** Keeps rendered text for the next call (watch mode); see `createEmitCache`. */
  readonly cache?: EmitCache | undefined;
}

/**
 * The outputs' parts, kept between calls: each event's, keyed by the InferredEvent object
 * (inference hands an unchanged event over as the same object, so only new or changed events
 * are rendered again); each webhook's files, reused while made of the same events' parts; the
 * index files, reused while the tags are the same; and what the writer last wrote, so that
 * unchanged files are only `stat`ed. The outputs are byte for byte those of a call without a cache.
 */
export interface EmitCache {
  readonly manifest: FragmentCache;
  readonly types: TypesCache;
  /** Each webhook's manifest as last rendered, with the events and folder it was made of. */
  webhookManifests: ReadonlyMap<string, KeptManifest>;
  manifestIndex: (TaggedEvents & { readonly text: string }) | undefined;
  readonly written: WriteMemory;
}

interface KeptManifest {
  readonly events: readonly InferredEvent[];
  readonly rootDir: string;
  readonly text: string;
}

export function createEmitCache(): EmitCache {
  return {
    manifest: new WeakMap(),
    types: createTypesCache(),
    webhookManifests: new Map(),
    manifestIndex: undefined,
    written: new Map(),
  };
}

/**
 * Renders every output in memory; nothing touches the disk here. Per webhook, its manifest and
 * module under `webhooks/`; then `index.ts` and `manifest.json`, which refer to them (the writer
 * renames files into place in this order, so a reader never meets a reference to a file not
 * there yet).
 */
export function planOutputs(input: EmitInput): PlannedFile[] {
  const { events, rootDir, outDir, cache } = input;
  const types = renderTypes(events, cache?.types);
  const groups = types.groups;
  const files: PlannedFile[] = [];
  const manifests = new Map<string, KeptManifest>();
  for (const [webhook, members] of groups) {
    const kept = cache?.webhookManifests.get(webhook);
    const same =
      kept !== undefined &&
      kept.rootDir === rootDir &&
      kept.events.length === members.length &&
      kept.events.every((e, i) => e === members[i]);
    const text = same ? kept.text : renderWebhookManifest(webhook, members, rootDir, cache?.manifest);
    manifests.set(webhook, { events: members, rootDir, text });
    const paths = shardFiles(webhook);
    files.push({ path: join(outDir, paths.manifest), contents: text });
    files.push({ path: join(outDir, paths.types), contents: types.webhooks.get(webhook) ?? "" });
  }
  const kept = cache?.manifestIndex;
  const same = kept !== undefined && sameTags(kept, events) ? kept : undefined;
  const manifest = same?.text ?? renderManifestIndex(groups);
  if (cache !== undefined) {
    cache.webhookManifests = manifests;
    cache.manifestIndex = { events, tags: same?.tags ?? events.map((e) => e.tag), text: manifest };
  }
  files.push({ path: join(outDir, "index.ts"), contents: types.index });
  files.push({ path: join(outDir, "manifest.json"), contents: manifest });
  return files;
}

export interface WriteOutcome {
  readonly files: readonly WrittenFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** Size and mtime of each output as this call read or wrote it, for outputs now as planned. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
  /**
   * The `webhooks/` folder and its mtime once written (undefined: there is none), which moves
   * whenever a file is added to it or taken away: the disk cache needs it, since a build deletes
   * files of ours there that it does not plan, so a file put back there changes what a build does.
   */
  readonly folder: { readonly path: string; readonly mtimeMs: number | undefined };
}

export interface WriteOptions {
  readonly rootDir: string;
  /** The folder the files are planned into: its `webhooks/` is searched for files no longer planned. */
  readonly outDir: string;
  readonly write: boolean;
  /** What this process wrote before (watch mode: `EmitCache.written`), to skip reading unchanged files. */
  readonly memory?: WriteMemory | undefined;
}

/**
 * Writes planned files that changed and deletes the files of webhooks that no longer exist (only
 * files that carry our banner), unless one of the targets is a file we did not generate (then
 * nothing is written). With `write: false`, only reports which files are stale or obsolete.
 */
export function writeOutputs(files: readonly PlannedFile[], options: WriteOptions): WriteOutcome {
  const display = (path: string): string => toPosix(relative(options.rootDir, path));
  const folderPath = join(options.outDir, SHARD_DIR);
  const folder = () => ({ path: folderPath, mtimeMs: statSync(folderPath, { throwIfNoEntry: false })?.mtimeMs });
  const checked = checkFiles(files, options.write ? options.memory : undefined);
  const foreign = checked.filter((c) => c.existing === "foreign").map((c) => c.file);
  if (foreign.length > 0) {
    return {
      files: [],
      diagnostics: foreign.map((file) => diagnostic(Codes.OutputNotOurs, { path: display(file.path) })),
      stamps: new Map(),
      folder: folder(),
    };
  }
  const obsolete = obsoleteFiles(folderPath, files, isShardName);
  if (!options.write) {
    const stamps = new Map<string, FileStamp>();
    for (const c of checked) if (c.stamp !== undefined && !c.stale) stamps.set(c.file.path, c.stamp);
    return {
      files: [
        ...checked.map((c): WrittenFile => ({ ...c.file, status: c.stale ? "stale" : "unchanged" })),
        ...obsolete.map((path): WrittenFile => ({ path, contents: "", status: "obsolete" })),
      ],
      diagnostics: [],
      stamps,
      folder: folder(),
    };
  }
  const memory = options.memory;
  try {
    const written = writeFiles(checked, obsolete);
    if (memory !== undefined) {
      memory.clear();
      for (const file of files) {
        const stamp = written.stamps.get(file.path);
        if (stamp !== undefined) memory.set(file.path, { text: file.contents, stamp });
      }
    }
    return { ...written, diagnostics: [], folder: folder() };
  } catch (error) {
    memory?.clear();
    const reason = error instanceof Error ? error.message : String(error);
    const path = display(options.outDir);
    return {
      files: [],
      diagnostics: [diagnostic(Codes.WriteFailed, { path, reason }, { cause: error })],
      stamps: new Map(),
      folder: folder(),
    };
  }
}
