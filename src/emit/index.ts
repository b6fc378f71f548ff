import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorCode, isWithin, relativePosix } from "../util/files.js";
import type { InferredEvent } from "../infer/index.js";
import { DEFINITIONS_FILE, INDEX_FILES, isWebhookFileName, WEBHOOK_FILES_DIR, webhookFiles } from "./layout.js";
import type { DefinitionTable } from "../infer/schema.js";
import {
  listedWebhookFiles,
  manifestEvents as manifestEventsWith,
  renderManifestIndex,
  renderWebhookManifest,
  type ManifestEventMemo,
  sameDefinitions,
  type FragmentCache,
  type ManifestDefinitions,
  type ManifestEvent,
} from "./manifest.js";
import { renderTypes } from "./render-types.js";
import { nameDefinitions } from "./definitions.js";
import { reservedNames } from "./type-names.js";
import { createTypesCache, sameTags, type TaggedEvents, type TypesCache } from "./types-cache.js";
import { obsoleteFiles, OutputWriter, type FileStamp, type WriteMemory, type WrittenFile } from "./writer.js";
import { messageOf } from "../util/errors.js";
import type { DocsSettings, OutputFormat, ReceiveSettings } from "../config/index.js";
import {
  createReceiveCache,
  pruneReceiveFolder,
  putReceive,
  receiveCandidates,
  receiveFolder,
  receiveObsoleteReason,
  RECEIVE_FILE,
  type ReceiveCache,
} from "../receive/index.js";
import { docsCandidates, docsEvent, docsFolders, docsTargets, putDocs } from "./docs/index.js";
import { otherDocsFolder } from "../config/docs-folder.js";
import {
  formatCandidates,
  formatFolders,
  formatTargets,
  obsoleteReason as formatObsoleteReason,
  pruneSchemaFolders,
  putFormats,
} from "./formats.js";
import type { PiecesCache } from "./contract.js";

export type { Manifest, ManifestEvent, ManifestWebhook, WebhookManifest } from "./manifest.js";
export type { FileStamp, FileStatus, PlannedFile, WrittenFile } from "./writer.js";
export { readManifestEvents } from "./manifest.js";
export { withoutEolVariants, writtenFile } from "./writer.js";
export { isOutput, isWebhookFileName, WEBHOOK_FILES_DIR } from "./layout.js";
export { readTemplate } from "./templates.js";
export { isDocsOutput } from "./docs/index.js";

/** Why a file of `formats` or of `receive` would be deleted, for `build --check`; undefined for other files. */
export function obsoleteReason(path: string, outDir: string): string | undefined {
  return formatObsoleteReason(path, outDir) ?? receiveObsoleteReason(path, outDir);
}

/**
 * The events as the manifest records them: each schema self-contained, the shared definitions it
 * reaches under `$defs`, named as the types name them.
 */
export function manifestEvents(
  events: readonly InferredEvent[],
  rootDir: string,
  definitions?: DefinitionTable,
): ManifestEvent[] {
  if (definitions === undefined || definitions.size === 0) return manifestEventsWith(events, rootDir);
  const names = nameDefinitions(definitions, reservedNames(events));
  return manifestEventsWith(events, rootDir, { table: definitions, names });
}

export interface EmitInput {
  readonly events: readonly InferredEvent[];
  readonly rootDir: string;
  readonly outDir: string;
  /** Keeps rendered text for the next call (watch mode); see `createEmitCache`. */
  readonly cache?: EmitCache | undefined;
  /** The shared definitions the events' schemas reach by `$ref` (see infer/schema.ts). */
  readonly definitions?: DefinitionTable | undefined;
  /** The standard documents to write too (the config's `formats`). Default: none. */
  readonly formats?: readonly OutputFormat[] | undefined;
  /** The config's `receive`: `receive.ts` and `receive/` when set. Default: off. */
  readonly receive?: ReceiveSettings | undefined;
  /** The event docs site to write too (the config's `docs`). Default: none. */
  readonly docs?: DocsSettings | undefined;
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
  /** Each event's pieces of the formats' documents. */
  readonly formats: PiecesCache;
  /** The receive modules' events and webhook modules. */
  readonly receive: ReceiveCache;
}

interface KeptManifest {
  readonly events: readonly InferredEvent[];
  readonly rootDir: string;
  readonly definitions: ManifestDefinitions | undefined;
  readonly text: string;
}

export function createEmitCache(): EmitCache {
  return {
    manifest: new WeakMap(),
    types: createTypesCache(),
    webhookManifests: new Map(),
    manifestIndex: undefined,
    written: new Map(),
    formats: new WeakMap(),
    receive: createReceiveCache(),
  };
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
  /** The same for every folder whose listing a build's deletions depend on, `webhooks/` first. */
  readonly folders: readonly { readonly path: string; readonly mtimeMs: number | undefined }[];
}

export interface EmitOptions extends EmitInput {
  /** `false` only reports which files are stale or obsolete. */
  readonly write: boolean;
}

/**
 * Renders the outputs and writes those that changed: per webhook (in the order of their first
 * tags) its manifest and module, each written beside its target as soon as it is rendered so the
 * outputs are never all in memory; then `index.ts` and `manifest.json`, which refer to them. Only
 * when all are on disk are they renamed into place, in that order, so a reader never meets a
 * reference to a missing file; then stale webhook files of ours are deleted. A target we did not
 * generate stops all writing, and a failure leaves the outputs as they were unless a rename fails
 * midway (reported). `write: false` only reports. Files are listed in the order above.
 */
export function emitOutputs(options: EmitOptions): WriteOutcome {
  const { events, rootDir, outDir, cache, write, definitions } = options;
  const formats = options.formats ?? [];
  const display = (path: string): string => relativePosix(rootDir, path);
  const folderPath = join(outDir, WEBHOOK_FILES_DIR);
  const stamp = (path: string) => ({ path, mtimeMs: statSync(path, { throwIfNoEntry: false })?.mtimeMs });
  const folder = () => stamp(folderPath);
  const docsDir = options.docs?.outDir;
  const folders = () => [
    folder(),
    ...formatFolders(outDir).map(stamp),
    stamp(receiveFolder(outDir)),
    ...(docsDir === undefined ? [] : docsFolders(docsDir).map(stamp)),
  ];
  const failed = (diagnostics: Diagnostic[]): WriteOutcome => ({
    files: [],
    diagnostics,
    stamps: new Map(),
    folder: folder(),
    folders: folders(),
  });
  const notOurs = (paths: readonly string[]) =>
    failed(
      paths.map((path) =>
        docsDir !== undefined && isWithin(path, docsDir)
          ? diagnostic(Codes.DocsFileNotOurs, { path: display(path), other: otherDocsFolder(rootDir, docsDir) })
          : diagnostic(Codes.OutputNotOurs, { path: display(path) }),
      ),
    );
  const indexPath = join(outDir, INDEX_FILES.types);
  const manifestPath = join(outDir, INDEX_FILES.manifest);
  const definitionsPath = join(outDir, DEFINITIONS_FILE);
  const writer = new OutputWriter({ write, memory: write ? cache?.written : undefined });
  const receiveTargets = options.receive === undefined ? [] : [join(outDir, RECEIVE_FILE)];
  const targets = [
    ...formatTargets(outDir, formats),
    ...receiveTargets,
    ...(docsDir === undefined ? [] : docsTargets(docsDir)),
  ];
  if (!writer.inspect([indexPath, manifestPath, ...targets])) return notOurs(writer.foreign);
  try {
    const manifests = new Map<string, KeptManifest>();
    // The records the manifests are written from, kept for the docs site (only when it is on).
    const records: ManifestEventMemo | undefined = docsDir === undefined ? undefined : new Map();
    // The manifests' `$defs` name definitions as the types do: given before the first module.
    let shared: ManifestDefinitions | undefined;
    const types = renderTypes(
      events,
      cache?.types,
      (webhook, members, module) => {
        const kept = cache?.webhookManifests.get(webhook);
        const same =
          kept !== undefined &&
          kept.rootDir === rootDir &&
          sameDefinitions(kept.definitions, shared) &&
          kept.events.length === members.length &&
          kept.events.every((e, i) => e === members[i]);
        const text = same
          ? kept.text
          : renderWebhookManifest(webhook, members, rootDir, cache?.manifest, shared, records);
        if (cache !== undefined) manifests.set(webhook, { events: members, rootDir, definitions: shared, text });
        const [manifestFile, typesFile] = webhookFilePaths(outDir, webhook);
        writer.put(manifestFile, text);
        writer.put(typesFile, module);
      },
      definitions,
      (text, names) => {
        shared = { table: definitions!, names };
        writer.put(definitionsPath, text);
      },
    );
    const formatPaths = putFormats(
      events,
      { outDir, formats, definitions, definitionNames: shared?.names, cache: cache?.formats },
      (path, text) => writer.put(path, text),
    );
    const received = putReceive(
      events,
      { outDir, settings: options.receive, definitions: shared, cache: cache?.receive },
      (path, text) => writer.put(path, text),
    );
    if (received.diagnostics.length > 0) {
      writer.discard();
      return failed(received.diagnostics);
    }
    const docs = options.docs;
    const docsPaths =
      docs === undefined
        ? []
        : putDocs(
            // As the manifest records them, with the payload type names the types above declare.
            manifestEventsWith(events, rootDir, shared, records).map((e, i) => docsEvent(e, events[i]!.typeName)),
            { docsDir: docs.outDir, rootDir, outDir, title: docs.title },
            (path, text) => writer.put(path, text),
          );
    const kept = cache?.manifestIndex;
    const same = kept !== undefined && sameTags(kept, events) ? kept : undefined;
    const manifest = same?.text ?? renderManifestIndex(types.groups);
    if (cache !== undefined) {
      cache.webhookManifests = manifests;
      cache.manifestIndex = { events, tags: same?.tags ?? events.map((e) => e.tag), text: manifest };
    }
    writer.put(indexPath, types.index);
    writer.put(manifestPath, manifest);
    if (writer.foreign.length > 0) {
      writer.discard();
      return notOurs(writer.foreign);
    }
    const paths = [
      ...(types.definitions === undefined ? [] : [definitionsPath]),
      ...[...types.groups.keys()].flatMap((webhook) => webhookFilePaths(outDir, webhook)),
      ...formatPaths,
      ...received.paths,
      ...docsPaths,
      indexPath,
      manifestPath,
    ];
    const planned = new Set(paths);
    // Still before anything is written: manifest.json is as the last build left it.
    const obsolete = obsoleteFiles(
      [
        ...deletable(outDir, folderPath, planned),
        definitionsPath,
        ...formatCandidates(outDir, planned),
        ...receiveCandidates(outDir, planned),
        ...(docsDir === undefined ? [] : docsCandidates(docsDir, planned)),
      ],
      planned,
    );
    const order = new Map(paths.map((path, i) => [path, i]));
    const inOrder = (files: WrittenFile[]) =>
      files.sort((a, b) => (order.get(a.path) ?? paths.length) - (order.get(b.path) ?? paths.length));
    if (!write) {
      const files = inOrder(writer.planned(obsolete));
      return { files, diagnostics: [], stamps: writer.stamps, folder: folder(), folders: folders() };
    }
    const files = inOrder(writer.commit(obsolete));
    const removed = files.filter((file) => file.status === "removed").map((file) => file.path);
    pruneSchemaFolders(outDir, removed);
    pruneReceiveFolder(outDir, removed);
    return { files, diagnostics: [], stamps: writer.stamps, folder: folder(), folders: folders() };
  } catch (error) {
    // A failure to write (commit has taken away what it could); anything else is a bug.
    writer.discard();
    if (writer.failure === undefined && !isFileSystemError(error)) throw error;
    const reason = messageOf(error);
    const params = { path: display(outDir), reason, partial: writer.renamed > 0 };
    return failed([diagnostic(Codes.WriteFailed, params, { cause: error })]);
  }
}

/**
 * The files a build may delete: webhook files (named as a webhook's are, in `folder`) that it
 * does not plan and that the last build's manifest.json listed, so a copy of one of ours under
 * another name is never taken. Without that manifest (deleted by hand) every such file may go:
 * left behind, a renamed webhook's old module would no longer compile against index.ts. The
 * manifest is read only when there is something to decide, not on every rebuild of watch mode:
 * it grows with the project.
 */
function deletable(outDir: string, folder: string, planned: ReadonlySet<string>): string[] {
  let unplanned: string[];
  try {
    unplanned = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && isWebhookFileName(entry.name))
      .map((entry) => join(folder, entry.name))
      .filter((path) => !planned.has(path));
  } catch {
    return [];
  }
  if (unplanned.length === 0) return [];
  const listed = listedWebhookFiles(outDir);
  if (listed === undefined) return unplanned;
  const named = new Set(listed);
  return unplanned.filter((path) => named.has(path));
}

/** Whether an error came from the file system (it has a `code` such as `EACCES`), not from a bug. */
function isFileSystemError(error: unknown): boolean {
  return errorCode(error) !== undefined;
}

/** Absolute paths of a webhook's manifest and module. */
function webhookFilePaths(outDir: string, webhook: string): [string, string] {
  const files = webhookFiles(webhook);
  return [join(outDir, files.manifest), join(outDir, files.types)];
}
