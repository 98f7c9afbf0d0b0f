import type { OptionKind, OptionTable } from "./option-spec.js";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What an option accepts, for the warning: `"light" | "dark" | "auto"`, `boolean`, `object`… */
const describe = (kind: OptionKind): string =>
  Array.isArray(kind)
    ? kind.map((value) => `"${value}"`).join(" | ")
    : typeof kind === "string"
      ? kind
      : "[]" in kind
        ? "array"
        : "object";

function matches(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case "length":
    case "number-or-string":
      return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "element-or-selector":
      return typeof value === "string" || (isPlainObject(value) && "nodeType" in value);
    case "string":
    case "boolean":
    case "function":
      return typeof value === kind;
    case "object":
      return isPlainObject(value);
    default:
      if (Array.isArray(kind)) return kind.includes(value as string);
      return "[]" in kind ? Array.isArray(value) : isPlainObject(value);
  }
}

/**
 * Checks options against a table. Returns a copy without the unknown or mistyped options, and
 * warns on the console once per problem, naming the option by its full path. Never throws.
 */
export function validateOptions(
  value: Record<string, unknown>,
  table: OptionTable,
  path = "",
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(value)) {
    const fullName = path + name;
    const kind = table[name];
    if (kind === undefined || kind === true || name === "$boolean") {
      console.warn(`[nexus-chat] Unknown option "${fullName}" is ignored.`);
      continue;
    }
    if (option === undefined) continue;
    if (typeof option === "boolean" && isPlainObject(kind) && kind.$boolean) {
      result[name] = option;
      continue;
    }
    if (!matches(kind, option)) {
      console.warn(`[nexus-chat] Option "${fullName}" must be ${describe(kind)}; it is ignored.`);
      continue;
    }
    if (typeof kind !== "object" || Array.isArray(kind)) {
      result[name] = option;
      continue;
    }
    const nested = kind as OptionTable;
    const items = nested["[]"];
    const values = nested["*"];
    if (items !== undefined && items !== true) {
      result[name] = (option as unknown[]).flatMap((item, index) =>
        isPlainObject(item)
          ? [validateOptions(item, items as OptionTable, `${fullName}[${index}].`)]
          : [],
      );
    } else if (values !== undefined && values !== true) {
      const record: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(option as Record<string, unknown>)) {
        if (matches(values, entry)) record[key] = entry;
        else
          console.warn(
            `[nexus-chat] Option "${fullName}.${key}" must be ${describe(values)}; it is ignored.`,
          );
      }
      result[name] = record;
    } else {
      result[name] = validateOptions(option as Record<string, unknown>, nested, `${fullName}.`);
    }
  }
  return result;
}
