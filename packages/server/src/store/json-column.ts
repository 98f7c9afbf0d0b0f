/** Reads a JSON text column, falling back when it is empty or damaged. */
export function readJson<Value>(text: string | null | undefined, fallback: Value): Value {
  if (text === null || text === undefined || text === "") return fallback;
  try {
    return JSON.parse(text) as Value;
  } catch {
    return fallback;
  }
}
