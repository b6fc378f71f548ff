import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, copyFixture, removeProjects } from "../helpers/project.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { buildAjv, loadReceive, openObjects, type LoadedModule } from "./load.js";

/**
 * The generated validators on real manifests (projects built by the CLI: inferred schemas,
 * declared ones with shared and recursive definitions, hostile keys): every sample and example
 * is accepted, by them and by ajv on the manifest's schema; every mutated sample (a key removed,
 * a value of another type, a key added) gets the same answer from both, in both unknownKeys
 * modes, and most mutations are rejected by both.
 */

interface Event {
  readonly tag: string;
  readonly webhook: string;
  readonly sample: JsonObject;
  readonly examples?: JsonObject[];
  readonly schema: JsonObject;
}

const PROJECTS = ["receive", "selectors", "loop-shop", "corpus", "schemas", "hostile"];

type Step = string | number;
type Mutation = { kind: "remove" | "retype" | "add"; path: Step[] };

/** Every place in a value: each object key and array index, depth first. */
function places(value: JsonValue, path: Step[] = []): Step[][] {
  if (value === null || typeof value !== "object") return [];
  const keys: Step[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [
    [...path, key],
    ...places((value as Record<string, JsonValue>)[key as string]!, [...path, key]),
  ]);
}

/** A value of another JSON type than `value`. */
function retyped(value: JsonValue): JsonValue {
  if (typeof value === "string") return value.length;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : 0;
  if (value === null) return {};
  return Array.isArray(value) ? { length: value.length } : [value];
}

function mutate(sample: JsonObject, { kind, path }: Mutation): JsonValue {
  const copy = structuredClone(sample) as JsonValue;
  const parentPath = kind === "add" ? path : path.slice(0, -1);
  let parent: JsonValue = copy;
  for (const step of parentPath) parent = (parent as Record<string, JsonValue>)[step as string]!;
  if (kind === "add") {
    if (parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
      Object.defineProperty(parent, "x_unknown_key", {
        value: 1,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  const key = path[path.length - 1]!;
  const holder = parent as Record<string, JsonValue> & JsonValue[];
  if (kind === "remove") {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete holder[key as string];
  } else holder[key as string] = retyped(holder[key as string]!);
  return copy;
}

let events: Event[] = [];

/**
 * ajv 8.20 takes a key `__proto__` declared under `properties` for an additional one (its
 * `additionalProperties: false` check rejects the very sample the schema was inferred from):
 * where a schema declares one, ajv is no reference, and only the generated validators' own
 * acceptance of the samples is checked.
 */
const ajvMisreads = (event: Event): boolean => JSON.stringify(event.schema).includes('"__proto__":');
let accept: Map<string, LoadedModule>;
let reject: Map<string, LoadedModule>;

beforeAll(async () => {
  assertCliBuilt();
  for (const name of PROJECTS) {
    const project = copyFixture(name, { prefix: `receive-manifest-${name}` });
    const built = await project.run("build");
    expect(built.code, `${name}: ${built.stderr}`).toBe(0);
    const index = JSON.parse(project.read("generated/manifest.json")) as { webhooks: { manifest: string }[] };
    for (const webhook of index.webhooks) {
      const text = readFileSync(join(project.dir, "generated", webhook.manifest), "utf8");
      // One tag namespace across projects: the project's name goes in front of the webhook.
      for (const event of (JSON.parse(text) as { events: Event[] }).events) {
        const prefix = name.replace(/[^a-z]/g, "");
        events.push({ ...event, webhook: `${prefix}-${event.webhook}`, tag: `${prefix}-${event.tag}` });
      }
    }
  }
  const receiveEvents = events.map((e) => ({ tag: e.tag, webhook: e.webhook, schema: e.schema, selector: undefined }));
  const scratch = copyFixture("empty", { prefix: "receive-manifest-modules" }).dir;
  accept = (await loadReceive(join(scratch, "accept"), receiveEvents, false)).modules;
  reject = (await loadReceive(join(scratch, "reject"), receiveEvents, true)).modules;
}, 240_000);

afterAll(() => removeProjects());

describe("generated validators on the manifests of real projects", () => {
  const ajv = buildAjv();

  it("accept every sample and example, as ajv does", () => {
    expect(events.length).toBeGreaterThan(40);
    for (const event of events) {
      const validate = ajv.compile(event.schema);
      for (const payload of [event.sample, ...(event.examples ?? [])]) {
        if (!ajvMisreads(event)) expect(validate(payload), event.tag).toBe(true);
        const strict = reject.get(event.webhook)!.parseEvent(event.tag, payload);
        expect(strict, event.tag).toMatchObject({ ok: true, extra: [] });
        expect(accept.get(event.webhook)!.parseEvent(event.tag, payload), event.tag).toMatchObject({ ok: true });
      }
    }
  });

  it("agree with ajv on mutated samples (a key removed, a value retyped, a key added), most of which both reject", () => {
    let rejected = 0;
    let total = 0;
    for (const event of events) {
      const strict = ajv.compile(event.schema);
      const open = ajv.compile(openObjects(event.schema) as object);
      const all = places(event.sample);
      if (all.length === 0 || ajvMisreads(event)) continue;
      const mutation = fc.record({
        kind: fc.constantFrom<Mutation["kind"]>("remove", "retype", "add"),
        path: fc.constantFrom(...all),
      });
      fc.assert(
        fc.property(mutation, (m) => {
          const payload = mutate(event.sample, m);
          const expected = strict(payload);
          const ours = reject.get(event.webhook)!.parseEvent(event.tag, payload);
          const shown = () => `${event.tag} ${JSON.stringify(m)}: ajv ${expected}, ours ${JSON.stringify(ours)}`;
          if (ours.ok !== expected) throw new Error(shown());
          const loose = accept.get(event.webhook)!.parseEvent(event.tag, payload);
          if (loose.ok !== open(payload)) throw new Error(`accept: ${shown()}`);
          total++;
          if (!expected) rejected++;
        }),
        { numRuns: 40, seed: 18 },
      );
    }
    // The mutations bite: most of them make a payload that both reject.
    expect(rejected / total).toBeGreaterThan(0.5);
  });

  it("report an added key as extra when accepting, as an issue when rejecting", () => {
    let checked = 0;
    for (const event of events) {
      const payload = mutate(event.sample, { kind: "add", path: ["body"] });
      if (typeof event.sample["body"] !== "object" || Array.isArray(event.sample["body"])) continue;
      const closed = (event.schema["properties"] as JsonObject | undefined)?.["body"];
      if (!(closed !== null && typeof closed === "object" && (closed as JsonObject)["additionalProperties"] === false))
        continue;
      expect(accept.get(event.webhook)!.parseEvent(event.tag, payload), event.tag).toMatchObject({
        ok: true,
        extra: [["body", "x_unknown_key"]],
      });
      expect(reject.get(event.webhook)!.parseEvent(event.tag, payload), event.tag).toMatchObject({
        ok: false,
        issues: [{ path: ["body", "x_unknown_key"], message: "unknown key (not declared for this event)" }],
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});
