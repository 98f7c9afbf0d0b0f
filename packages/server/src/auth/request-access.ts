import type { Experience, Scope } from "@nexus-chat/protocol";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../http/api-error.js";
import { safeEqual, type TokenPrincipal, type TokenService } from "./token-service.js";

/** Who is calling: the operator (admin token), an API client, or nobody in particular. */
export type Caller =
  { kind: "admin" } | ({ kind: "client" } & TokenPrincipal) | { kind: "anonymous" };

/** Checks requests against tokens, scopes and experiences' access rules. */
export class RequestAccess {
  constructor(
    private readonly tokens: TokenService,
    private readonly adminToken: string | undefined,
  ) {}

  /** Identifies the caller; a bearer token that is present but invalid is refused. */
  async identify(request: FastifyRequest): Promise<Caller> {
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

  /** Admin routes: the admin token, or a client token with the `*` scope. */
  async requireAdmin(request: FastifyRequest): Promise<Caller> {
    const caller = await this.identify(request);
    if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
    if (caller.kind === "client" && !caller.scopes.includes("*")) throw new ApiError("FORBIDDEN");
    return caller;
  }

  /** The admin token or a client token with `scope` (or `*`). */
  async requireScope(request: FastifyRequest, scope: Scope): Promise<Caller> {
    const caller = await this.identify(request);
    if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
    if (caller.kind === "client" && !hasScope(caller, scope)) throw new ApiError("FORBIDDEN");
    return caller;
  }

  /**
   * Public routes of an experience: the request's origin must be allowed, and an experience
   * that requires auth needs a token issued for it with one of `scopes`.
   */
  async checkExperience(
    request: FastifyRequest,
    experience: Experience,
    scopes: Scope | readonly Scope[],
  ): Promise<void> {
    const origin = request.headers.origin;
    if (
      experience.allowedOrigins.length > 0 &&
      origin !== undefined &&
      !experience.allowedOrigins.includes(origin)
    ) {
      throw new ApiError("ORIGIN_NOT_ALLOWED");
    }
    if (!experience.requireAuth) return;
    const caller = await this.identify(request);
    if (caller.kind === "admin") return;
    if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
    const accepted: readonly Scope[] = typeof scopes === "string" ? [scopes] : scopes;
    if (!accepted.some((scope) => hasScope(caller, scope))) throw new ApiError("FORBIDDEN");
    if (caller.experienceIds !== null && !caller.experienceIds.includes(experience.id)) {
      throw new ApiError("FORBIDDEN", "The token is not valid for this experience.");
    }
  }
}

function hasScope(principal: TokenPrincipal, scope: Scope): boolean {
  return principal.scopes.includes("*") || principal.scopes.includes(scope);
}
