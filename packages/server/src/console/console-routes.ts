import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import type { ConsoleAccess, ConsoleCaller, ConsoleRouteAccess } from "./console-access.js";
import { consoleAccountRoutes } from "./console-account-routes.js";
import { consoleAssistantRoutes } from "./console-assistant-routes.js";
import { registerWebhookSecretRoutes } from "../routes/webhook-secret-routes.js";
import { consoleInboxRoutes } from "./console-inbox-routes.js";
import { consoleInsightRoutes } from "./console-insight-routes.js";
import { consoleWebRoutes } from "./console-web-routes.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Who may call a console route. Every route under `/console` goes through
     * {@link ConsoleAccess.authorize}; a route that does not say is for admins only.
     */
    consoleAccess?: ConsoleRouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in operator of a console route (set before the handler runs). */
    consoleCaller: ConsoleCaller | null;
  }
}

/** What the console's route files receive. */
export interface ConsoleRouteContext extends AppContext {
  console: ConsoleAccess;
}

/** The caller of a console route that is not public. */
export function callerOf(request: FastifyRequest): ConsoleCaller {
  if (!request.consoleCaller) throw new Error("console route without a caller");
  return request.consoleCaller;
}

/**
 * Everything under `/console`: the operator console's HTTP API. One `onRequest` hook authorises
 * every route before its body is read, from the route's `consoleAccess` (default: admins).
 */
export async function consoleRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  app.decorateRequest("consoleCaller", null);
  app.addHook("onRequest", context.rateLimit("other"));
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.consoleAccess ?? "admin";
    if (access === "public") return;
    request.consoleCaller = await context.console.authorize(request, access);
  });
  await app.register(consoleAccountRoutes, context);
  await app.register(consoleAssistantRoutes, context);
  await app.register(consoleWebRoutes, context);
  await app.register(consoleInsightRoutes, context);
  await app.register(consoleInboxRoutes, context);
  registerWebhookSecretRoutes(app, context, "/console/assistants");
}
