/**
 * Paths into a payload, as users write them in `refine` keys and `selector`:
 * `body.customer.email`, `body.items[].sku` (`[]` stands for every element of an array),
 * `headers["x-signature"]`. The first step is always one of the sample's four parts.
 */
export type PathStep = { readonly key: string } | { readonly each: true };

export const PAYLOAD_PARTS = ["headers", "query", "body", "params"] as const;

export type ParsedPath =
  { readonly ok: true; readonly steps: readonly PathStep[] } | { readonly ok: false; readonly problem: string };

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;

export function parsePayloadPath(text: string): ParsedPath {
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
  const first = steps[0];
  if (first === undefined || !("key" in first) || !(PAYLOAD_PARTS as readonly string[]).includes(first.key)) {
    return { ok: false, problem: "must start with headers, query, body or params" };
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
