/**
 * ductape-events: declare Ductape webhook events as code, and build a validated manifest and
 * payload types from them.
 */
export { defineConfig, defineEvent } from "./define.js";
export type {
  DuctapeConfig,
  EventDefinition,
  EventSchemas,
  EventTagString,
  JsonSchemaDefinition,
  WebhookSample,
} from "./define.js";
export { build, createBuildCache } from "./build.js";
export type { BuildCache, BuildCounts, BuildOptions, BuildResult } from "./build.js";
export { ChangeLog } from "./cache/change-log.js";
export type { ResolvedConfig } from "./config/index.js";
export type { Diagnostic, Position, RelatedLocation, Severity, Span } from "./diagnostics/diagnostic.js";
export type {
  FileStatus,
  Manifest,
  ManifestEvent,
  ManifestWebhook,
  WebhookManifest,
  WrittenFile,
} from "./emit/index.js";
export type { InferredSchema, ObjectSchema } from "./infer/index.js";
export type { JsonObject, JsonValue } from "./util/json.js";
export { formatDiagnostic, formatDiagnostics } from "./diagnostics/format.js";
export type { WebhookEventInput, WebhookEventPatch, WebhookEventsApi } from "./sync/index.js";
export type { Refinement, JsonLiteral } from "./define.js";
