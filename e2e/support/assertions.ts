// Checks shared by the browser tests.
import { expect } from "vitest";

/** Every widget event carries an ISO 8601 `timestamp` and a `sessionId` (string or null). */
export function expectEventBase(payload: unknown, sessionId?: string | null): void {
  const record = payload as { timestamp?: unknown; sessionId?: unknown };
  expect(typeof record.timestamp, "timestamp is a string").toBe("string");
  const timestamp = record.timestamp as string;
  expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  expect(Number.isNaN(Date.parse(timestamp))).toBe(false);
  expect(Math.abs(Date.now() - Date.parse(timestamp))).toBeLessThan(10 * 60_000);
  expect(record, "sessionId is present").toHaveProperty("sessionId");
  if (sessionId !== undefined) expect(record.sessionId).toBe(sessionId);
  else expect(record.sessionId === null || typeof record.sessionId === "string").toBe(true);
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
