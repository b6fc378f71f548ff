import { execFileSync } from "node:child_process";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { type CaseChecks } from "../../helpers/cases.js";
import { TSC, USAGE_TSCONFIG } from "../../helpers/strict.js";

interface ManifestEvent {
  readonly tag: string;
  readonly sample: Record<string, unknown>;
  readonly schema: object;
}

/** Assertions on the case schemas beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a definition that several events reach is one exported type, imported where it is used": ({ project }) => {
    const definitions = project.read("generated/definitions.ts");
    for (const name of ["Customer", "Money", "Order", "Repository", "User"]) {
      expect(definitions.match(new RegExp(`^export interface ${name} \\{`, "gm")), name).toHaveLength(1);
    }
    const shop = project.read("generated/webhooks/shop.ts");
    expect(shop).toContain('import type { Customer, Money, Order } from "../definitions.js";');
    expect(shop).not.toMatch(/^export interface (Customer|Money) /m);
    // The body declared by $ref is the definition itself; refining one (payment) makes the event's own copy.
    expect(shop).toContain("export type ShopOrderCreatedBody = Order;");
    expect(shop).toMatch(/export interface ShopPaymentReceivedBody \{[^}]*How the customer paid\.[^}]*\}/);
    expect(project.read("generated/index.ts")).toContain("definitions.js");
  },
  "each manifest schema is self-contained: ajv accepts the sample and refuses what the declared schema refuses": ({
    project,
  }) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const events = ["shop", "github"].flatMap(
      (webhook) =>
        (JSON.parse(project.read(`generated/webhooks/${webhook}.json`)) as { events: ManifestEvent[] }).events,
    );
    expect(events.map((e) => e.tag).sort()).toEqual([
      "github:team-created",
      "github:team-deleted",
      "shop:order-created",
      "shop:payment-received",
    ]);
    for (const event of events) {
      const validate = ajv.compile(event.schema);
      expect(validate(event.sample), `${event.tag}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const order = events.find((e) => e.tag === "shop:order-created")!;
    const body = order.sample["body"] as Record<string, unknown>;
    const validate = ajv.compile(order.schema);
    expect(validate({ ...order.sample, body: { ...body, status: "cancelled" } })).toBe(false);
    expect(validate({ ...order.sample, body: { ...body, id: "not-an-order-id" } })).toBe(false);
    expect(validate({ ...order.sample, body: { ...body, extra: 1 } })).toBe(false);
  },
  "tsc (the promised flags) accepts the samples as their payload types and refuses what the schemas refuse": ({
    project,
  }) => {
    const usage = [
      'import type { EventPayloads } from "./generated/index.js";',
      'import type { Order } from "./generated/definitions.js";',
      'declare const order: EventPayloads["shop:order-created"]["body"];',
      "export const created: Order = order;",
      'export const status: "pending" | "paid" | "shipped" = order.status;',
      "export const note: string | null | undefined = order.note;",
      "// @ts-expect-error status is one of the enum's values",
      'export const cancelled: Order = { ...order, status: "cancelled" };',
      "// @ts-expect-error the order is closed (additionalProperties: false)",
      "export const extra: Order = { ...order, extra: 1 };",
      'declare const team: EventPayloads["github:team-created"]["body"];',
      'export const action: "created" = team.action;',
      "export const login: string = team.sender.login;",
      "",
    ].join("\n");
    project.write("usage.ts", usage);
    project.write("tsconfig.json", `${JSON.stringify(USAGE_TSCONFIG, null, 2)}\n`);
    let output = "";
    try {
      execFileSync(process.execPath, [TSC, "-p", "tsconfig.json", "--pretty", "false"], { cwd: project.dir });
    } catch (error) {
      output = String((error as { stdout?: unknown }).stdout);
    }
    expect(output).toBe("");
  },
} satisfies CaseChecks;
