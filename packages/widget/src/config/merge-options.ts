const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merges `override` over `base`: plain objects merge key by key, anything else (arrays, functions,
 * elements) is replaced; `undefined` never replaces a value. Neither input is changed.
 */
export function mergeOptions<Value extends object>(base: Value, override: object): Value {
  // Plain objects all the way down: the casts only widen the caller's option types.
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] =
      isPlainObject(current) && isPlainObject(value)
        ? mergeOptions(current as object, value)
        : value;
  }
  return result as Value;
}
