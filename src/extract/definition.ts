import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic } from "../diagnostics/diagnostic.js";
import { nodeInWords } from "./node-in-words.js";
import { skipWrappers } from "./evaluate.js";
import type { Binding, SourceModule } from "./modules.js";
import { nodeSpan } from "./spans.js";
import type * as S from "../syntax/tree.js";

/** The package, and the function in it, that mark an event file's default export. */
const PACKAGE = "ductape-events";
const DEFINE_EVENT = "defineEvent";

/** What a default export turned out to be when it is not a defineEvent call. */
interface Misfit {
  readonly construct: string;
  readonly node: S.Node;
}

/**
 * Finds the `defineEvent(...)` call that an event file exports by default, directly or through
 * consts (`const ev = defineEvent({...}); export default ev`), and returns its argument. Reports
 * DT2002 when there is no default export and DT2003 when it is something else.
 */
export function findDefinition(module: SourceModule, diagnostics: Diagnostic[]): S.Expression | undefined {
  const exported = module.exports.get("default");
  if (exported === undefined) {
    diagnostics.push(diagnostic(Codes.NoDefaultExport, undefined, { span: fileSpan(module.path) }));
    return undefined;
  }
  const call = findDefineEventCall(module, exported);
  if ("construct" in call) {
    const { construct, node } = call;
    diagnostics.push(diagnostic(Codes.NotDefineEvent, { construct }, { span: nodeSpan(node, module) }));
    return undefined;
  }
  const argument = call.arguments[0];
  if (argument === undefined) {
    diagnostics.push(diagnostic(Codes.DefinitionNotObject, { got: "no argument" }, { span: nodeSpan(call, module) }));
  }
  return argument;
}

/** Follows the default export through consts of the file until it reaches a call or something else. */
function findDefineEventCall(module: SourceModule, exported: Binding): S.Call | Misfit {
  const followed = new Set<Binding>([exported]);
  let binding = exported;
  while (binding.kind === "value") {
    const expression = skipWrappers(binding.expression);
    if (expression.kind === "call" && isDefineEvent(expression.callee, module)) return expression;
    const next = expression.kind === "identifier" ? module.bindings.get(expression.name) : undefined;
    if (next === undefined || followed.has(next)) {
      return { construct: nodeInWords(expression, module.text), node: expression };
    }
    followed.add(next);
    binding = next;
  }
  return { construct: bindingInWords(binding), node: binding.declaration };
}

/** True for `defineEvent` (under any local name) or `ns.defineEvent`, imported from the package. */
function isDefineEvent(callee: S.Expression, module: SourceModule): boolean {
  const target = skipWrappers(callee);
  if (target.kind === "identifier") {
    const binding = module.bindings.get(target.name);
    return binding?.kind === "import" && binding.specifier.value === PACKAGE && binding.importedName === DEFINE_EVENT;
  }
  if (target.kind === "property-access" && target.object.kind === "identifier" && target.name.name === DEFINE_EVENT) {
    const binding = module.bindings.get(target.object.name);
    return binding?.kind === "import" && binding.specifier.value === PACKAGE && binding.importedName === undefined;
  }
  return false;
}

function bindingInWords(binding: Exclude<Binding, { kind: "value" }>): string {
  switch (binding.kind) {
    case "enum":
      return `the enum \`${binding.name}\``;
    case "import":
      return `\`${binding.name}\`, imported from "${binding.specifier.value}"`;
    case "unsupported":
      return binding.construct;
  }
}
