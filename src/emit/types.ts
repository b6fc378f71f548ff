import { compile, type JSONSchema } from "json-schema-to-typescript";
import { isTyped, isUnion, type InferredEvent, type InferredSchema } from "../infer/index.js";
import { getOwn, setOwn } from "../json.js";
import { BANNER, fill, readTemplate } from "./templates.js";

const INDEX_TEMPLATE = readTemplate("index.ts.tpl");

/**
 * Rendered payload interfaces by everything that determines their text. Rendering is the
 * costliest step of a build, so watch mode keeps one of these between rebuilds.
 */
export type TypesCache = Map<string, string>;

export interface RenderOptions {
  readonly cache?: TypesCache | undefined;
  /** Called after each payload interface, for progress reports on large projects. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Renders `index.ts`: one payload interface per event, then the maps that tie tags to them. */
export async function renderTypes(events: readonly InferredEvent[], options: RenderOptions = {}): Promise<string> {
  const keys = new KeyCodec(events);
  const payloads: string[] = [];
  const used: TypesCache = new Map();
  for (const event of events) {
    // The key holds the codec's prefix too: the same schema renders differently under another.
    const key = JSON.stringify([keys.prefix, event.typeName, event.tag, event.name, event.description, event.schema]);
    const code = options.cache?.get(key) ?? (await renderPayload(event, keys));
    used.set(key, code);
    payloads.push(code);
    options.onProgress?.(payloads.length, events.length);
  }
  if (options.cache !== undefined) {
    // Keep only what this build used, so a long watch session does not grow without bound.
    options.cache.clear();
    for (const [key, code] of used) options.cache.set(key, code);
  }
  const webhooks = [...new Set(events.map((e) => e.webhook))].sort();
  return fill(INDEX_TEMPLATE, {
    banner: BANNER,
    payloads: payloads.join("\n\n"),
    payloadMap: events.map((e) => `  ${JSON.stringify(e.tag)}: ${e.typeName};`).join("\n"),
    webhookTags: webhooks.length === 0 ? "never" : webhooks.map((w) => JSON.stringify(w)).join(" | "),
    exampleTag: events[0]?.tag ?? "webhook-tag:event-tag",
  });
}

async function renderPayload(event: InferredEvent, keys: KeyCodec): Promise<string> {
  const comment = `${event.description === "" ? event.name : `${event.name}: ${event.description}`}\n\nTag \`${event.tag}\`.`;
  const schema = keys.encode({ ...event.schema, description: comment }) as JSONSchema;
  const code = await compile(schema, event.typeName, {
    bannerComment: "",
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    declareExternallyReferenced: true,
    format: true,
  });
  if (!new RegExp(`^export interface ${event.typeName} \\{`, "m").test(code)) {
    throw new Error(`json-schema-to-typescript did not emit interface ${event.typeName}`);
  }
  return keys.decode(code).trim();
}

/**
 * json-schema-to-typescript walks schemas as plain objects and breaks on property names such
 * as `hasOwnProperty` or `__proto__`. So it never sees user keys: each is swapped for a
 * placeholder identifier, and the placeholders are swapped back (quoted when needed) in its
 * output. Descriptions are made safe for JSDoc on the way in.
 */
class KeyCodec {
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  readonly prefix: string;

  constructor(events: readonly InferredEvent[]) {
    // The prefix must not occur in any user text, or decoding could touch it.
    const text = JSON.stringify(events.map((e) => [e.sample, e.name, e.description]));
    let prefix = "__dtkey";
    while (text.includes(prefix)) prefix += "_";
    this.prefix = prefix;
  }

  encode(schema: InferredSchema): unknown {
    if (isUnion(schema)) return { anyOf: schema.anyOf.map((s) => this.encode(s)) };
    if (!isTyped(schema)) return schema;
    if (schema.type === "object") {
      // `{}` in TypeScript accepts any non-null value; an empty closed object accepts none.
      const empty = Object.keys(schema.properties).length === 0 && schema.additionalProperties === false;
      const properties: Record<string, unknown> = {};
      for (const key of Object.keys(schema.properties)) {
        setOwn(properties, this.placeholder(key), this.encode(getOwn(schema.properties, key)!));
      }
      return {
        ...schema,
        ...(schema.description === undefined ? {} : { description: safeComment(schema.description) }),
        properties,
        required: schema.required.map((key) => this.placeholder(key)),
        additionalProperties: schema.additionalProperties === false ? false : this.encode(schema.additionalProperties),
        ...(empty ? { tsType: "Record<string, never>" } : {}),
      };
    }
    if (schema.type === "array") return { type: "array", items: this.encode(schema.items) };
    return schema;
  }

  decode(code: string): string {
    return code.replace(new RegExp(`${this.prefix}(\\d+)__`, "g"), (_, n: string) =>
      propertyName(this.keys[Number(n)]!),
    );
  }

  private placeholder(key: string): string {
    let n = this.index.get(key);
    if (n === undefined) {
      n = this.keys.push(key) - 1;
      this.index.set(key, n);
    }
    return `${this.prefix}${n}__`;
  }
}

/** A property name as TypeScript source: bare when it is a plain identifier, else quoted. */
export function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) && key !== "__proto__" ? key : JSON.stringify(key);
}

/** Text that cannot end a JSDoc comment early. */
export function safeComment(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}
