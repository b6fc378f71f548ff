/**
 * Schemas a user declares for a payload part (`schema` on defineEvent): their references
 * resolved into bundles (references.ts, with packages.ts and pointer.ts), the dialects they are
 * written in and the one internal form they are read in (dialect.ts), and samples checked
 * against them (check-samples.ts). Bundles are plain data (bundle.ts).
 */
export {
  bundleRef,
  forEachRef,
  refKey,
  toSchemaDocument,
  type BundledSchema,
  type SchemaBundle,
  type SchemaProblem,
} from "./bundle.js";
export { describeErrors, SampleChecker, sampleRejected, type SampleFailure } from "./check-samples.js";
export {
  DEFAULT_DIALECT,
  dialectOfUri,
  documentDialect,
  INTERNAL_SCHEMA_URI,
  normaliseSchema,
  SUBSCHEMA_KEYWORDS,
  type Dialect,
} from "./dialect.js";
export { resolvePackageFile, type PackageResolution } from "./packages.js";
export {
  SchemaResolver,
  type DeclaredSchema,
  type DocumentSchema,
  type InlineSchema,
  type ResolverOptions,
} from "./references.js";
