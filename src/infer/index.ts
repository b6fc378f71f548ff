import { Incremental, runStage, type ItemwiseStage } from "../cache/incremental.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ValidEvent } from "../validate/index.js";
import { inferEvent } from "./event.js";
import type { DefinitionTable, ObjectSchema } from "./schema.js";

export type {
  AllOfSchema,
  ArraySchema,
  DefinitionTable,
  InferredSchema,
  Keywords,
  Literal,
  NeverSchema,
  NullSchema,
  ObjectSchema,
  OneOfSchema,
  RefSchema,
  ScalarSchema,
  SchemaDefinition,
  SchemaKind,
  StringFormat,
  TypedSchema,
  UnionSchema,
  UnknownSchema,
} from "./schema.js";
export { isTyped, isUnion, isUnknown, kindOfSchema } from "./schema.js";
export { inferValue } from "./sample.js";
export { merge } from "./merge.js";
export { InferenceRun } from "./chunked.js";
export { definitionsOf } from "./definitions.js";
export { loadDeclaredStage } from "./declared-stage.js";

/**
 * An event with the JSON Schema of its payload. The definition's literal tree is left behind: only
 * inference's diagnostics need it, and the trees are a large part of a build's heap.
 */
export interface InferredEvent extends Omit<ValidEvent, "definition" | "declared"> {
  readonly schema: ObjectSchema;
  /** The shared definitions its schema reaches by `$ref` (declared schemas); absent when none. */
  readonly definitions?: DefinitionTable;
}

export interface InferResult {
  readonly events: readonly InferredEvent[];
  readonly diagnostics: readonly Diagnostic[];
}

export { MAX_SAMPLE_DEPTH, MAX_SAMPLE_VALUES } from "./limits.js";

/**
 * Infers each event's payload schema: the sample and examples merged, then refined, then every
 * sample checked against the result. Selector fields become literal types when every event of
 * the webhook has a selector (that is what makes the webhook's union discriminated). With a
 * cache, an event seen before as the same object, in a webhook as discriminated as it was, is
 * not inferred again, and keeps its InferredEvent object, so that later stages recognise it too.
 */
export function infer(events: readonly ValidEvent[], cache?: InferCache): InferResult {
  return cache === undefined ? runStage(INFERENCE, events) : cache.run(events);
}

/** Inference as a step per event (`event.ts`), given whether its webhook is discriminated. */
const INFERENCE: ItemwiseStage<ValidEvent, InferredEvent, boolean> = {
  given: (events) => {
    const discriminated = fullySelectedWebhooks(events);
    return (event) => discriminated.has(event.webhook);
  },
  each: inferEvent,
  across: () => [],
  // What decides whether a webhook is discriminated.
  sameAcross: (a, b) => a.webhook === b.webhook && (a.selector === undefined) === (b.selector === undefined),
  indexOf: (_events, _event, index) => index,
};

/** Inference's results kept between calls (watch mode); see src/cache/incremental.ts. */
export type InferCache = Incremental<ValidEvent, InferredEvent, boolean>;

export function createInferCache(): InferCache {
  return new Incremental(INFERENCE);
}

/** Webhooks all of whose events name a selector. */
function fullySelectedWebhooks(events: readonly ValidEvent[]): Set<string> {
  const webhooks = new Set(events.map((e) => e.webhook));
  for (const event of events) if (event.selector === undefined) webhooks.delete(event.webhook);
  return webhooks;
}
