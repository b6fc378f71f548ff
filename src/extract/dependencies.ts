import { isRelativeSpecifier } from "../util/files.js";
import type { ModuleLoader } from "./loader.js";
import type { SourceModule } from "./modules.js";
import type { StringLiteral } from "../syntax/tree.js";

/**
 * Every path whose content could change what extracting `file` gives: the file itself, and each
 * path tried while resolving any relative import or re-export of any file reachable from it that
 * way (missing candidates too, since a file appearing there would change the resolution). Unused
 * imports are followed as well: the superset costs a few reads, while working out what evaluation
 * could use would duplicate its logic, and any mistake there would make a cache stale.
 */
export function dependencyPaths(file: string, loader: ModuleLoader): string[] {
  const paths = new Set([file]);
  const root = loader.load(file);
  const pending = root.kind === "loaded" ? [root.module] : [];
  const visited = new Set(pending);
  for (let module = pending.pop(); module !== undefined; module = pending.pop()) {
    for (const specifier of relativeSpecifiers(module)) {
      const resolution = loader.resolve(module, specifier);
      for (const tried of resolution.tried) paths.add(tried);
      const target = resolution.module;
      if (target !== undefined && !visited.has(target)) {
        visited.add(target);
        pending.push(target);
      }
    }
  }
  return [...paths];
}

/** The relative specifiers of every import and `export ... from` declaration of a module, type-only ones too. */
function relativeSpecifiers(module: SourceModule): StringLiteral[] {
  const specifiers: StringLiteral[] = [];
  for (const statement of module.statements) {
    if (statement.kind !== "import" && statement.kind !== "export") continue;
    const specifier = statement.specifier;
    if (specifier !== undefined && isRelativeSpecifier(specifier.value)) specifiers.push(specifier);
  }
  return specifiers;
}
