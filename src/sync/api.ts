import type { WebhookSample } from "../define.js";
import { isRecord } from "../util/json.js";

/** An event as `app.webhooks.events.create` takes it. */
export interface WebhookEventInput {
  name: string;
  tag: string;
  description: string;
  sample: WebhookSample;
  /**
   * Newer API generation only (`sync.api: "selectors"`), where `create` requires it: the field
   * that identifies the event, as a path into the body written `$Event{data.object}`.
   */
  selector?: string;
  /** Newer API generation only: the sample's value at `selector`, which identifies this event. */
  selectorValue?: string | number;
}

/** The fields `update` may change (`selector` and `selectorValue` on the newer API generation only). */
export type WebhookEventPatch = Partial<
  Pick<WebhookEventInput, "name" | "description" | "sample" | "selector" | "selectorValue">
>;

/**
 * The part of Ductape's SDK that manages webhook events: `ductape.app.webhooks.events`.
 * `remote` in the config returns an object with these four methods; the package never reads
 * or stores credentials itself.
 */
export interface WebhookEventsApi {
  /** Creates an event. */
  create(event: WebhookEventInput): Promise<unknown>;
  /** Changes some fields of the event with this tag (`webhook-tag:event-tag`). */
  update(tag: string, patch: WebhookEventPatch): Promise<unknown>;
  /** All events of one webhook. */
  fetchAll(webhookTag: string): Promise<unknown>;
  /** One event, by tag. */
  fetch(tag: string): Promise<unknown>;
}

/** An event as read back from the platform, reduced to the fields that are synced. */
export interface RemoteEvent {
  readonly tag: string;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly sample: unknown;
  /** What the newer API generation returns; read, and compared, only on that generation. */
  readonly selector?: unknown;
  readonly selectorValue?: unknown;
}

/**
 * Reads what `fetchAll` returned. The SDK's exact response shape is not part of its
 * documentation, so both a plain array and an `{ data: [...] }` envelope are accepted, and a
 * tag given without its webhook part is completed.
 */
export function readRemoteEvents(webhook: string, value: unknown): RemoteEvent[] | { problem: string } {
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value["data"])
      ? value["data"]
      : undefined;
  if (list === undefined)
    return { problem: `fetchAll("${webhook}") returned ${describe(value)}, not a list of events` };
  const events: RemoteEvent[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item["tag"] !== "string") {
      const what = isRecord(item) && "tag" in item ? "whose tag is not a string" : "without a tag";
      return { problem: `fetchAll("${webhook}") returned an item ${what}: ${describe(item)}` };
    }
    const tag = item["tag"].includes(":") ? item["tag"] : `${webhook}:${item["tag"]}`;
    events.push({
      tag,
      name: typeof item["name"] === "string" ? item["name"] : undefined,
      description: typeof item["description"] === "string" ? item["description"] : undefined,
      sample: item["sample"],
      ...("selector" in item ? { selector: item["selector"] } : {}),
      ...("selectorValue" in item ? { selectorValue: item["selectorValue"] } : {}),
    });
  }
  return events;
}

/** Whether an object has the four methods of the API, for a clear error when it does not. */
export function missingMethods(value: unknown): string[] {
  const methods = ["create", "update", "fetchAll", "fetch"];
  if (!isRecord(value)) return methods;
  return methods.filter((m) => typeof value[m] !== "function");
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
