import { protocolVersion, protocolVersionHeader } from "@nexus-chat/protocol";
import { apiBase } from "./api-base.js";
import { RequestError } from "./request-error.js";

/** Calls the Nexus API with the widget's base URL, protocol header and optional bearer token. */
export interface ApiClient {
  readonly base: string;
  headers(accept?: string): Record<string, string>;
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

export function createApiClient(apiUrl: string, accessToken?: string): ApiClient {
  const base = apiBase(apiUrl);
  const headers = (accept = "application/json"): Record<string, string> => ({
    Accept: accept,
    "Content-Type": "application/json",
    [protocolVersionHeader]: protocolVersion,
    ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
  });
  return {
    base,
    headers,
    async request<Result>(method: string, path: string, body?: unknown, keepalive = false) {
      let response: Response;
      try {
        response = await fetch(base + path, {
          method,
          headers: headers(),
          body: body === undefined ? undefined : JSON.stringify(body),
          keepalive,
        });
      } catch (error) {
        throw new RequestError("network", (error as Error).message);
      }
      if (!response.ok) throw await responseError(response);
      return (await response.json().catch(() => ({}))) as Result;
    },
  };
}
