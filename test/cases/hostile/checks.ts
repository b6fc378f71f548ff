import { expect } from "vitest";
import { type CaseChecks } from "../../helpers/cases.js";
import { manifestOf, topLevelDeclarations, typesOf } from "../../helpers/outputs.js";

/** Assertions on the case hostile beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "comment ends, quotes, backticks, newlines, __proto__ and unicode keys survive as data": (entry) => {
    const { project, result } = entry;
    // The case writes the docs site too (`docs: {}`): expected/event-docs/ holds its bytes.
    expect(result.stderr).toBe("Event docs: open event-docs/index.html in a browser.\n");
    expect(result.code).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 2 events in 2 webhooks -> generated/, event-docs/ (11 of 11 files written) in <time>.\n",
    );
    const manifest = manifestOf(project);
    const weird = manifest.events.find((e) => e["tag"] === "weird:everything");
    expect(weird?.["name"]).toBe('Weird */ `name` "quoted"\nsecond line');
    expect(weird?.["description"]).toBe(
      "*/ export const pwned = 1; /* `tick` \"double\" 'single' ${notATemplate} \\ backslash",
    );
    const sample = weird?.["sample"] as Record<string, Record<string, unknown>>;
    const body = sample["body"]!;
    // JSON.parse keeps "__proto__" as an own key, so these are data, not prototypes.
    expect(Object.keys(body).sort()).toEqual(
      [
        "0",
        "",
        '"',
        "*/",
        "__proto__",
        "`${x}`",
        "a\nb",
        "ansi",
        "constructor",
        "emoji 🎉",
        "hasOwnProperty",
        "toString",
        "valueOf",
        "with space",
        "ключ",
        "日本語",
      ].sort(),
    );
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(sample["query"], "__proto__")?.value).toBe("p");
    expect(Object.getOwnPropertyDescriptor(sample["params"], "__proto__")?.value).toBe("a computed key is data too");
    expect(body["ansi"]).toBe("\u001b[31mred\u001b[0m and \u001b]8;;https://example.com\u0007link\u001b]8;;\u0007");

    // "*/ export const pwned = 1; /*" in the description stays inside its comment: parsed, the
    // files declare only the payload types (each event's payload, parts and nested objects) and
    // each webhook's data in its module, and the template's fixed types in index.ts.
    expect(topLevelDeclarations(typesOf(project))).toEqual([
      // webhooks/3d-secure.ts
      "ImportDeclaration",
      "interface Event3DSecureV2ChallengePayload",
      "type Event3DSecureV2ChallengeHeaders",
      "type Event3DSecureV2ChallengeQuery",
      "interface Event3DSecureV2ChallengeBody",
      "interface Event3DSecureV2ChallengeBody3ds",
      "type Event3DSecureV2ChallengeParams",
      "const $3d_secure",
      "ExportAssignment",
      // webhooks/weird.ts
      "ImportDeclaration",
      "interface WeirdEverythingPayload",
      "interface WeirdEverythingHeaders",
      "interface WeirdEverythingQuery",
      "interface WeirdEverythingBody",
      "interface WeirdEverythingBodyProto",
      "interface WeirdEverythingBodyConstructor",
      "interface WeirdEverythingBodyConstructorPrototype",
      "interface WeirdEverythingBodyFieldItem",
      "interface WeirdEverythingParams",
      "const $weird",
      "ExportAssignment",
      // index.ts: per webhook, its types re-exported, its payload types and its data imported
      ...["ExportDeclaration", "ImportDeclaration", "ImportDeclaration"],
      ...["ExportDeclaration", "ImportDeclaration", "ImportDeclaration"],
      "interface EventPayloads",
      "type EventTag",
      "type WebhookTag",
      "type EventPayload",
      "interface WebhookPayloads",
      "interface WebhookEvents",
      "type EventDefinitionOf",
      "type WebhookEventTags",
      "type EventDefinitions",
      "const webhookEvents",
      "function copy",
      "const definitions",
    ]);
    expect(project.read("generated/webhooks/3d-secure.ts")).toContain(
      "export interface Event3DSecureV2ChallengePayload {",
    );
  },
} satisfies CaseChecks;
