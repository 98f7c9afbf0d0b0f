import { sessionIdHeader, sessionSecretHeader } from "@nexus-chat/protocol";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";

/** `app.inject` as a widget would call: it keeps the secrets of the sessions it creates. */
export type VisitorInject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

function sessionOf(url: string, payload: unknown): string | undefined {
  const inPath = /\/sessions\/([^/?]+)/.exec(url)?.[1];
  if (inPath) return inPath;
  const inBody = (payload as { sessionId?: unknown } | undefined)?.sessionId;
  return typeof inBody === "string" ? inBody : undefined;
}

/**
 * A visitor of `app`: remembers `x-nexus-session-secret` from the responses that create sessions
 * and sends it back on later requests about them, like the widget's API client.
 */
export function createVisitor(app: FastifyInstance): VisitorInject & {
  secrets: Map<string, string>;
} {
  const secrets = new Map<string, string>();
  const inject = async (options: InjectOptions) => {
    const url = typeof options.url === "string" ? options.url : String(options.url ?? "");
    const sessionId = sessionOf(url, options.payload);
    const secret = sessionId === undefined ? undefined : secrets.get(sessionId);
    const response = await app.inject({
      ...options,
      headers: { ...(secret ? { [sessionSecretHeader]: secret } : {}), ...options.headers },
    });
    const id = response.headers[sessionIdHeader];
    const given = response.headers[sessionSecretHeader];
    if (typeof id === "string" && typeof given === "string") secrets.set(id, given);
    return response;
  };
  return Object.assign(inject, { secrets });
}
