import type { Experience } from "@nexus-chat/protocol";

/** Engine option keys that hold credentials: accepted on write, never shown again. */
export const secretEngineOptionKeys = ["apiKey", "secret"] as const;

/** The experience as admin routes show it: secret engine options replaced by a marker. */
export function redactSecrets(experience: Experience): Experience {
  const engineOptions = { ...experience.engineOptions };
  for (const key of secretEngineOptionKeys) {
    if (engineOptions[key] !== undefined) engineOptions[key] = "(set)";
  }
  return { ...experience, engineOptions };
}

/**
 * Applies a PATCH's engine options shallowly (a `null` value removes a key), so a client can
 * change the model without sending the stored API key again.
 */
export function mergeEngineOptions(
  stored: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
