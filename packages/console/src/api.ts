import type { ConsoleSession, ErrorEnvelope } from "@nexus-chat/protocol";
import { signal } from "@preact/signals";

/** The signed-in operator and their CSRF token; `null` when signed out, `undefined` while unknown. */
export const session = signal<ConsoleSession | null | undefined>(undefined);

/** An error the API answered with, its message meant for people. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const base = "/api/v2/console";

/**
 * Calls a console endpoint with the session cookie; state-changing calls carry the CSRF token.
 * A 401 means the session ended: the console shows the sign-in page again.
 */
export async function api<Result>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<Result> {
  const headers: Record<string, string> = {};
  if (method !== "GET" && session.value) headers["x-csrf-token"] = session.value.csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: payload ?? null,
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as Result;
  const data = (await response.json().catch(() => ({}))) as Partial<ErrorEnvelope>;
  if (!response.ok) {
    if (response.status === 401 && path !== "/sign-in") session.value = null;
    throw new ApiFailure(
      response.status,
      data.code ?? "UNKNOWN",
      data.message ?? `The server answered ${response.status}.`,
    );
  }
  return data as Result;
}

/** A query string from the set values of `parameters`. */
export function queryString(parameters: Record<string, string | number | boolean | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters))
    if (value !== undefined && value !== "" && value !== false) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
