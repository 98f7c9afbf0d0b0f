import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../http/api-error.js";
import type { AccessRule } from "./access-rule.js";
import { decideAccess, type AccessTarget, type Caller } from "./decide-access.js";
import { safeEqual, type TokenService } from "./token-service.js";

export type { Caller } from "./decide-access.js";

/** The rule of the route a request matched (404s have none). */
export function ruleOf(request: FastifyRequest): AccessRule | undefined {
  return request.routeOptions.config.access;
}

/**
 * Applies the routes' access rules to requests. Routes call {@link RequestAccess.authorize}; the
 * admin and scope parts of a rule are already enforced before the body is parsed
 * ({@link installAccessControl}).
 */
export class RequestAccess {
  private readonly callers = new WeakMap<FastifyRequest, Promise<Caller>>();

  constructor(
    private readonly tokens: TokenService,
    private readonly adminToken: string | undefined,
  ) {}

  /** Identifies the caller once per request; a bearer token that is present but invalid is refused. */
  identify(request: FastifyRequest): Promise<Caller> {
    let caller = this.callers.get(request);
    if (!caller) {
      caller = this.readCaller(request);
      this.callers.set(request, caller);
    }
    return caller;
  }

  /**
   * Decides whether the request may do what its route does to `target`, by the route's access
   * rule (scope and experience together); throws the catalogue error that refuses it. Routes
   * whose rule names a scope or an experience call this once they know which experience the
   * request touches.
   */
  async authorize(
    request: FastifyRequest,
    target: Omit<AccessTarget, "origin"> = {},
  ): Promise<Caller> {
    const rule = ruleOf(request);
    if (!rule) throw new Error(`route ${request.routeOptions.url} has no access rule`);
    if (rule.kind === "public" || rule.kind === "console") return { kind: "anonymous" };
    // An experience that needs no token does not look at one (a stale token in a widget on a
    // public experience keeps working).
    if (
      rule.kind === "experience" &&
      target.experience &&
      (!target.experience.requireAuth || rule.scopes.length === 0)
    ) {
      decideAccess({ kind: "anonymous" }, rule, { ...target, origin: request.headers.origin });
      return { kind: "anonymous" };
    }
    if (rule.kind === "experience" && !target.experience) return { kind: "anonymous" };
    const caller = await this.identify(request);
    decideAccess(caller, rule, { ...target, origin: request.headers.origin });
    return caller;
  }

  private async readCaller(request: FastifyRequest): Promise<Caller> {
    const header = request.headers.authorization;
    if (header === undefined) return { kind: "anonymous" };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new ApiError("UNAUTHORIZED", 'The Authorization header must be "Bearer <token>".');
    const token = match[1];
    if (this.adminToken !== undefined && safeEqual(token, this.adminToken))
      return { kind: "admin" };
    return { kind: "client", ...(await this.tokens.verify(token)) };
  }
}

/**
 * Makes access rules mandatory and early: a route registered without `config.access` stops the
 * app from starting, and `admin` and `scope` rules are checked in `preParsing`, before the body is
 * read (an anonymous 50 MB upload is refused without being parsed). Runs after the `onRequest`
 * hooks, so refused attempts still count against rate limits.
 */
export function installAccessControl(app: FastifyInstance, access: RequestAccess): void {
  app.addHook("onRoute", (route) => {
    // CORS preflights (@fastify/cors's `OPTIONS *`) carry no credentials by design.
    if (
      route.method === "OPTIONS" ||
      (Array.isArray(route.method) && route.method.every((m) => m === "OPTIONS"))
    ) {
      route.config = { ...route.config, access: route.config?.access ?? { kind: "public" } };
      return;
    }
    // The console's routes are authorised by ConsoleAccess from `config.consoleAccess`
    // (default: admins), in its own onRequest hook.
    if (!route.config?.access && /\/console(\/|$)/.test(route.url)) {
      route.config = {
        ...route.config,
        access: { kind: "console", role: route.config?.consoleAccess ?? "admin" },
      };
      return;
    }
    if (!route.config?.access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access rule (config.access).`,
      );
    }
  });
  app.addHook("preParsing", async (request) => {
    const rule = ruleOf(request);
    if (rule?.kind === "admin" || rule?.kind === "scope") await access.authorize(request);
  });
}
