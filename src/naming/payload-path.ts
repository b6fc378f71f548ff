/**
 * Paths into a payload, as users write them in `refine` keys and `selector`:
 * `body.customer.email`, `body.items[].sku` (`[]` stands for every element of an array),
 * `headers["x-signature"]`. The first step is always one of the sample's four parts.
 *
 * A selector may also be written as the platform writes it, `$Event{data.object}`: a path into
 * the body (`body.data.object`), parsed to the same steps.
 */
export type PathStep = { readonly key: string } | { readonly each: true };

export const PAYLOAD_PARTS = ["headers", "query", "body", "params"] as const;

export type ParsedPath =
  { readonly ok: true; readonly steps: readonly PathStep[] } | { readonly ok: false; readonly problem: string };

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;

/** The platform's notation for a path into the body: `$Event{event}` is `body.event`. */
const PLATFORM_OPEN = "$Event{";
const PLATFORM_CLOSE = "}";

/** A payload path, as `refine` keys are written (a selector may be written either way: see parseSelector). */
export function parsePayloadPath(text: string): ParsedPath {
  if (text.startsWith(PLATFORM_OPEN)) {
    // Only `selector` takes the platform's notation; the same field as a path is the fix.
    const selector = parseSelector(text);
    const path = selector.ok ? formatPayloadPath(selector.steps) : "the same field as a path, such as body.event";
    return {
      ok: false,
      problem: `is in the platform's $Event{...} notation, which only selector takes: write ${path}`,
    };
  }
  const parsed = parseSteps(text);
  if (!parsed.ok) return parsed;
  const first = parsed.steps[0];
  if (first === undefined || !("key" in first) || !(PAYLOAD_PARTS as readonly string[]).includes(first.key)) {
    return { ok: false, problem: "must start with headers, query, body or params" };
  }
  return parsed;
}

/**
 * A selector in either notation: a payload path (`body.event`, `headers["x-github-event"]`) or
 * the platform's `$Event{data.object}`, whose inside is the body's keys joined by dots, as the
 * platform reads it (`$Event{event-type}` is `body["event-type"]`). Both give the same steps,
 * from the payload's part on.
 */
export function parseSelector(text: string): ParsedPath {
  if (!text.startsWith(PLATFORM_OPEN)) {
    // `$event{...}`, `$Events{...}`: meant as the platform's notation, so not read as a path.
    const spelled = /^\$[A-Za-z]*\{/.exec(text)?.[0];
    if (spelled === undefined) return parsePayloadPath(text);
    return { ok: false, problem: `starts with "${spelled}"; the platform's notation is $Event{...}` };
  }
  if (!text.endsWith(PLATFORM_CLOSE)) {
    const problem = text.includes(PLATFORM_CLOSE)
      ? "has text after the } of $Event{...}"
      : "has no closing } after $Event{";
    return { ok: false, problem };
  }
  const keys = platformKeys(text.slice(PLATFORM_OPEN.length, -PLATFORM_CLOSE.length));
  if (!keys.ok) return keys;
  return { ok: true, steps: [{ key: "body" }, ...keys.keys.map((key) => ({ key }))] };
}

/**
 * The body keys inside `$Event{...}`: split at dots, each trimmed (the platform ignores spaces
 * around them), none empty. Brackets are refused rather than read as keys: `$Event{data["x"]}`
 * is meant as a path, and `body.data.x` says it unambiguously.
 */
function platformKeys(inside: string): { ok: true; keys: string[] } | { ok: false; problem: string } {
  if (inside.trim() === "") return { ok: false, problem: "names no field: $Event{} is empty" };
  const keys = inside.split(".").map((key) => key.trim());
  if (keys.some((key) => key === "")) return { ok: false, problem: "has an empty key between dots inside $Event{...}" };
  const bracketed = keys.find((key) => /[[\]{}]/.test(key));
  if (bracketed !== undefined) {
    return {
      ok: false,
      problem: `has the key "${bracketed}" inside $Event{...}, which takes keys joined by dots: write the path form, body.<path>`,
    };
  }
  return { ok: true, keys };
}

/** Whether a selector is written in the platform's notation, `$Event{...}`. */
export function isPlatformNotation(text: string): boolean {
  return text.startsWith(PLATFORM_OPEN);
}

/** A selector as the platform takes it: its text and the body keys it reads. */
export type PlatformSelector =
  | { readonly ok: true; readonly selector: string; readonly keys: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/**
 * A selector (in either notation) as the platform writes it: `body.data.object` and
 * `$Event{data.object}` both give `$Event{data.object}`; or why the platform's notation cannot
 * say it (a header, a query parameter, `[]`, a key holding a dot or a brace).
 */
export function toPlatformSelector(text: string): PlatformSelector {
  const parsed = parseSelector(text);
  if (!parsed.ok) return { ok: false, problem: `is not a path into the payload (it ${parsed.problem})` };
  const [part, ...inside] = parsed.steps;
  const partName = part !== undefined && "key" in part ? part.key : "";
  if (partName !== "body")
    return { ok: false, problem: `selects in ${partName}, and the platform selects in the body only` };
  if (inside.length === 0) return { ok: false, problem: "selects the whole body rather than a field of it" };
  const keys: string[] = [];
  for (const step of inside) {
    if (!("key" in step)) return { ok: false, problem: "goes through the elements of an array ([])" };
    if (/[.{}[\]]/.test(step.key) || step.key.trim() !== step.key || step.key === "") {
      return { ok: false, problem: `has the key ${JSON.stringify(step.key)}, which $Event{...} cannot write` };
    }
    keys.push(step.key);
  }
  return { ok: true, selector: `${PLATFORM_OPEN}${keys.join(".")}${PLATFORM_CLOSE}`, keys };
}

/** The steps of a path, whatever its first step names. */
function parseSteps(text: string): ParsedPath {
  const steps: PathStep[] = [];
  let rest = text;
  while (rest !== "") {
    if (rest.startsWith("[]")) {
      if (steps.length === 0) return { ok: false, problem: "starts with []" };
      steps.push({ each: true });
      rest = rest.slice(2);
    } else if (rest.startsWith("[")) {
      const quoted = readQuoted(rest.slice(1));
      if (quoted === undefined || !quoted.rest.startsWith("]")) {
        return { ok: false, problem: `has an unclosed or unquoted [ at "${rest.slice(0, 12)}"` };
      }
      steps.push({ key: quoted.value });
      rest = quoted.rest.slice(1);
    } else {
      if (steps.length > 0) {
        if (!rest.startsWith(".")) return { ok: false, problem: `expects "." or "[" at "${rest.slice(0, 12)}"` };
        rest = rest.slice(1);
      }
      const name = IDENTIFIER.exec(rest)?.[0];
      if (name === undefined) return { ok: false, problem: `expects a field name at "${rest.slice(0, 12)}"` };
      steps.push({ key: name });
      rest = rest.slice(name.length);
    }
  }
  return { ok: true, steps };
}

/** Reads a JSON string literal (double quotes) or a single-quoted one at the start of `text`. */
function readQuoted(text: string): { value: string; rest: string } | undefined {
  const match = /^"(?:[^"\\]|\\.)*"|^'(?:[^'\\]|\\.)*'/.exec(text);
  if (match === null) return undefined;
  const raw = match[0];
  try {
    const json = raw.startsWith("'") ? `"${raw.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : raw;
    return { value: JSON.parse(json) as string, rest: text.slice(raw.length) };
  } catch {
    return undefined;
  }
}

const PLAIN = /^[A-Za-z_$][\w$]*$/;

/** Writes steps back as a path: `body.items[].sku`, `headers["x-sig"]`. */
export function formatPayloadPath(steps: readonly PathStep[]): string {
  let out = "";
  for (const step of steps) {
    if ("each" in step) out += "[]";
    else if (PLAIN.test(step.key)) out += out === "" ? step.key : `.${step.key}`;
    else out += `[${JSON.stringify(step.key)}]`;
  }
  return out;
}
