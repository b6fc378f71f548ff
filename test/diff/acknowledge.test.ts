import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { diff, type DiffResult } from "../../src/diff/index.js";
import { emptyProject, removeProjects, type Project } from "../helpers/project.js";

/** An event file of webhook `shop`, with what its definition adds after the sample. */
function event(tag: string, body: string, extra = ""): string {
  return `import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "An event",
  tag: "${tag}",
  description: "Something happened.",
  sample: { headers: {}, query: {}, body: ${body}, params: {} },${extra}
});
`;
}

const ORDER = `{ id: 1, order: { id: 1, total: 2 }, orders: [1], legacy_id: "L" }`;
let base: Project;

beforeAll(async () => {
  base = emptyProject("diff-ack-base");
  base.write("events/order.event.ts", event("shop:order-created", ORDER));
  base.write("events/cancel.event.ts", event("shop:order-cancelled", `{ reason: "x" }`));
  base.write("events/refund.event.ts", event("shop:refund", `{ amount: 1 }`));
  const built = await build({ cwd: base.dir, diskCache: false });
  expect(built.diagnostics).toEqual([]);
});
afterAll(() => removeProjects());

/** `diff` of a project holding `files` against the base's outputs. */
async function against(files: Record<string, string>): Promise<DiffResult> {
  const now = emptyProject("diff-ack-now");
  for (const [path, text] of Object.entries(files)) now.write(path, text);
  return diff({ cwd: now.dir, base: base.path("generated") });
}

const summary = (result: DiffResult) =>
  result.changes.map((c) => `${c.tag} ${c.path} ${c.kind}${c.acknowledged ? " acknowledged" : ""}`);

describe("acknowledge", () => {
  it("covers a path and everything under it, but no sibling that shares its prefix", async () => {
    const result = await against({
      "events/order.event.ts": event(
        "shop:order-created",
        `{ id: 1, order: { id: "1", total: "2" }, orders: ["1"] }`,
        `\n  acknowledge: ["body.order", "body[\\"legacy_id\\"]"],`,
      ),
      "events/cancel.event.ts": event("shop:order-cancelled", `{ reason: "x" }`),
      "events/refund.event.ts": event("shop:refund", `{ amount: 1 }`),
    });
    expect(summary(result)).toEqual([
      "shop:order-created body.legacy_id field-removed acknowledged",
      "shop:order-created body.order.id type-changed acknowledged",
      "shop:order-created body.order.total type-changed acknowledged",
      "shop:order-created body.orders[] item-type-changed",
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('takes "tag" for a rename, a removed event\'s tag from any event file, and reports stale entries', async () => {
    const result = await against({
      "events/order.event.ts": event(
        "shop:order-created",
        ORDER,
        `\n  acknowledge: ["shop:order-cancelled", "body.nothing", "query"],`,
      ),
      "events/refund.event.ts": event("shop:refund-issued", `{ amount: 1 }`, `\n  acknowledge: ["tag"],`),
    });
    expect(summary(result)).toEqual([
      "shop:order-cancelled tag tag-removed acknowledged",
      "shop:refund-issued tag tag-renamed acknowledged",
    ]);
    // The removed event's change is placed at the entry that acknowledges it.
    expect(result.changes[0]!.span?.file).toMatch(/order\.event\.ts$/);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT8242 The acknowledgement "body.nothing" of shop:order-created matches no change against "' +
        base.path("generated") +
        '".',
      'DT8242 The acknowledgement "query" of shop:order-created matches no change against "' +
        base.path("generated") +
        '".',
    ]);
  });

  it("an entry that names nothing is an error of the build, at the entry, before any diff", async () => {
    const project = emptyProject("diff-ack-bad");
    const extra = `\n  acknowledge: ["tag", "headers.x-y.", "$Event{id}"],`;
    project.write("events/refund.event.ts", event("shop:refund-issued", `{ amount: 1 }`, extra));
    const built = await build({ cwd: project.dir, write: false, diskCache: false });
    const problems = built.diagnostics.map((d) => [d.code, d.severity, d.span?.start.line, d.message]);
    expect(problems).toEqual([
      ["DT8207", "error", 8, expect.stringMatching(/^The acknowledgement "headers\.x-y\." is not a payload path/)],
      ["DT8207", "error", 8, expect.stringMatching(/^The acknowledgement "\$Event\{id\}" is not a payload path/)],
    ]);
    expect(built.diagnostics.map((d) => d.span?.start.column)).toEqual([24, 40]);
    // diff compares nothing then, and says why.
    const result = await diff({ cwd: project.dir, base: base.path("generated") });
    expect(result.changes).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["DT8206", "DT8207", "DT8207"]);
  });

  it("is part of defineEvent's accepted shape: a list of strings, nothing else", async () => {
    const project = emptyProject("diff-ack-shape");
    project.write("events/a.event.ts", event("shop:a", "{ id: 1 }", `\n  acknowledge: ["body.id"],`));
    project.write("events/b.event.ts", event("shop:b", "{ id: 1 }", `\n  acknowledge: "body.id",`));
    project.write("events/c.event.ts", event("shop:c", "{ id: 1 }", `\n  acknowledge: [""],`));
    const result = await build({ cwd: project.dir, write: false, diskCache: false });
    const problems = result.diagnostics.map((d) => `${d.span?.file.split("/").pop()} ${d.code}`);
    expect(problems.filter((p) => p.startsWith("a."))).toEqual([]);
    expect(problems.some((p) => p.startsWith("b."))).toBe(true);
    expect(problems.some((p) => p.startsWith("c."))).toBe(true);
  });
});
