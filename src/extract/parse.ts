import type { SyntaxFile } from "./syntax.js";

export function parseModuleText(_text: string): SyntaxFile | undefined {
  return undefined;
}
