import {
  protocolVersion,
  protocolVersionHeader,
  sessionIdHeader,
  sessionSecretHeader,
} from "@nexus-chat/protocol";
import type { SessionSecretStore } from "../state/persistence.js";
import { apiBase } from "./api-base.js";
import { RequestError } from "./request-error.js";

/** Calls the Nexus API with the widget's base URL, protocol header and optional bearer token. */
export interface ApiClient {
  readonly base: string;
  /** Request headers; with `sessionId`, its secret too when the server gave one out. */
  headers(accept?: string, sessionId?: string): Record<string, string>;
  /** Keeps the session secret a response carries (the server sends one with a new session). */
  remember(response: Response): void;
  /** Sends a JSON request and returns the JSON answer; throws a {@link RequestError}. */
  request<Result>(
    method: string,
    path: string,
    body?: unknown,
    keepalive?: boolean,
  ): Promise<Result>;
}

/** Reads an error envelope from a failed response, tolerating bodies that are not one. */
export async function responseError(response: Response): Promise<RequestError> {
  const envelope = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  return new RequestError("backend", envelope.message ?? `HTTP ${response.status}`, {
    code: envelope.code ?? "HTTP_" + response.status,
    statusCode: response.status,
    // The catalogue's retryable errors are exactly its 429 and 5xx ones.
    retryable: response.status === 429 || response.status >= 500,
  });
}

/** The session a request is about: its path (`/sessions/<id>...`) or its body's `sessionId`. */
function sessionOf(path: string, body: unknown): string | undefined {
  const inPath = /^\/sessions\/([^/?]+)/.exec(path)?.[1];
  if (inPath) return decodeURIComponent(inPath);
  const inBody = (body as { sessionId?: unknown } | undefined)?.sessionId;
  return typeof inBody === "string" ? inBody : undefined;
}

export function createApiClient(
  apiUrl: string,
  accessToken?: string,
  secrets?: SessionSecretStore,
): ApiClient {
  const base = apiBase(apiUrl);
  const headers = (accept = "application/json", sessionId?: string): Record<string, string> => {
    const secret = sessionId === undefined ? undefined : secrets?.get(sessionId);
    return {
      Accept: accept,
      "Content-Type": "application/json",
      [protocolVersionHeader]: protocolVersion,
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
      ...(secret ? { [sessionSecretHeader]: secret } : {}),
    };
  };
  const remember = (response: Response): void => {
    const sessionId = response.headers.get(sessionIdHeader);
    const secret = response.headers.get(sessionSecretHeader);
    if (sessionId && secret) secrets?.set(sessionId, secret);
  };
  return {
    base,
    headers,
    remember,
    async request<Result>(method: string, path: string, body?: unknown, keepalive = false) {
      let response: Response;
      try {
        response = await fetch(base + path, {
          method,
          headers: headers(undefined, sessionOf(path, body)),
          body: body === undefined ? undefined : JSON.stringify(body),
          keepalive,
        });
      } catch (error) {
        throw new RequestError("network", (error as Error).message);
      }
      remember(response);
      if (!response.ok) throw await responseError(response);
      return (await response.json().catch(() => ({}))) as Result;
    },
  };
}
