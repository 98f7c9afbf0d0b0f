import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The configuration reference is written by hand so it can explain each option; this test keeps it
// honest by comparing it with the option paths the types declare.

const configSourcePath = fileURLToPath(new URL("./widget-config.ts", import.meta.url));
const docsPath = fileURLToPath(new URL("../../../../docs/configuration.md", import.meta.url));
const optionSpecPath = fileURLToPath(
  new URL("../../../widget/src/config/option-spec.ts", import.meta.url),
);

/** The option paths of `WidgetConfig`, as `required` (must be documented) and `valid` (may be). */
interface ConfigPaths {
  /**
   * Every path, except the fields of an interface reached a second time (e.g.
   * `button.typography.fontFamily`): a reused shape is documented once, where it first appears.
   */
  required: Set<string>;
  /** Every path the types allow, reused shapes expanded everywhere. */
  valid: Set<string>;
}

function collectConfigPaths(): ConfigPaths {
  const sourceFile = ts.createSourceFile(
    configSourcePath,
    readFileSync(configSourcePath, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const statement of sourceFile.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
  }

  const required = new Set<string>();
  const valid = new Set<string>();
  const expanded = new Set<string>();

  /** The members of a nested object type written in this file, or none for a leaf type. */
  function nestedMembers(
    typeNode: ts.TypeNode,
  ): Array<{ suffix: string; members: ts.NodeArray<ts.TypeElement>; name?: string }> {
    if (ts.isParenthesizedTypeNode(typeNode)) return nestedMembers(typeNode.type);
    if (ts.isUnionTypeNode(typeNode)) return typeNode.types.flatMap(nestedMembers);
    if (ts.isArrayTypeNode(typeNode)) {
      return nestedMembers(typeNode.elementType).map((nested) => ({
        ...nested,
        suffix: `[]${nested.suffix}`,
      }));
    }
    if (ts.isTypeLiteralNode(typeNode)) return [{ suffix: "", members: typeNode.members }];
    if (ts.isTypeReferenceNode(typeNode) && ts.isIdentifier(typeNode.typeName)) {
      const declaration = interfaces.get(typeNode.typeName.text);
      if (declaration === undefined) return []; // a type from elsewhere (ActionsBlock, HTMLElement): a leaf
      if (declaration.heritageClauses !== undefined) {
        throw new Error(
          `${declaration.name.text} extends another type: teach this walker about it`,
        );
      }
      return [{ suffix: "", members: declaration.members, name: declaration.name.text }];
    }
    return [];
  }

  function walk(members: ts.NodeArray<ts.TypeElement>, prefix: string, isRequired: boolean): void {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || member.type === undefined) continue;
      const path = `${prefix}${member.name.getText(sourceFile)}`;
      valid.add(path);
      if (isRequired) required.add(path);
      for (const nested of nestedMembers(member.type)) {
        const firstVisit = nested.name === undefined || !expanded.has(nested.name);
        if (nested.name !== undefined) expanded.add(nested.name);
        walk(nested.members, `${path}${nested.suffix}.`, isRequired && firstVisit);
      }
    }
  }

  const root = interfaces.get("WidgetConfig");
  if (root === undefined) throw new Error("WidgetConfig not found in widget-config.ts");
  expanded.add("WidgetConfig");
  walk(root.members, "", true);
  return { required, valid };
}

/**
 * Option paths documented in docs/configuration.md: the first cell of a table row, when it is one
 * code span that looks like an option path (`window.sizing.modes[].name`).
 */
function collectDocumentedPaths(markdown: string): Set<string> {
  const documented = new Set<string>();
  for (const line of markdown.split("\n")) {
    const match = /^\|\s*`([A-Za-z][\w]*(?:(?:\[\])?\.[A-Za-z]\w*)*)`\s*\|/.exec(line);
    if (match?.[1] !== undefined) documented.add(match[1]);
  }
  return documented;
}

/**
 * The option paths of the widget's runtime table (`optionSpec` in option-spec.ts): nested tables
 * are objects, `{ "[]": table }` is an array of objects, `{ "*": kind }` a record, and `$boolean`
 * marks a table that also accepts `true`/`false`.
 */
function pathsOfOptionSpec(table: unknown, prefix = "", paths = new Set<string>()): Set<string> {
  if (table === null || typeof table !== "object" || Array.isArray(table)) return paths;
  for (const [key, kind] of Object.entries(table)) {
    if (key === "$boolean" || key === "*") continue;
    if (key === "[]") {
      pathsOfOptionSpec(kind, `${prefix.slice(0, -1)}[].`, paths);
      continue;
    }
    paths.add(`${prefix}${key}`);
    pathsOfOptionSpec(kind, `${prefix}${key}.`, paths);
  }
  return paths;
}

describe("docs/configuration.md", () => {
  const configPaths = collectConfigPaths();
  const documented = collectDocumentedPaths(readFileSync(docsPath, "utf8"));

  it("finds the option paths of WidgetConfig", () => {
    // Guards the walker itself: nested, union (`boolean | VoiceFeatureConfig`) and array options.
    for (const path of [
      "experienceId",
      "window.sizing.modes",
      "window.sizing.modes[].width",
      "features.voice.autoSend",
      "advanced.interceptorTimeout",
    ]) {
      expect(configPaths.required).toContain(path);
    }
    expect(configPaths.valid).toContain("button.typography.fontFamily");
    expect(configPaths.required).not.toContain("button.typography.fontFamily");
  });

  it("documents every option of WidgetConfig", () => {
    const missing = [...configPaths.required].filter((path) => !documented.has(path));
    expect(missing, "options missing from docs/configuration.md").toEqual([]);
  });

  it("documents no option that WidgetConfig lacks", () => {
    const unknown = [...documented].filter((path) => !configPaths.valid.has(path));
    expect(unknown, "options in docs/configuration.md that WidgetConfig does not declare").toEqual(
      [],
    );
  });

  it.runIf(existsSync(optionSpecPath))(
    "documents only options the widget's runtime option table knows",
    async () => {
      const { optionSpec } = (await import(pathToFileURL(optionSpecPath).href)) as {
        optionSpec: unknown;
      };
      const known = pathsOfOptionSpec(optionSpec);
      expect(known).toContain("window.sizing.modes[].name");
      const unknownAtRuntime = [...documented].filter((path) => !known.has(path));
      expect(unknownAtRuntime, "documented options missing from option-spec.ts").toEqual([]);
    },
  );
});
