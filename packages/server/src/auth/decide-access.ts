import type { Experience, Scope } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";
import type { AccessRule } from "./access-rule.js";
import type { TokenPrincipal } from "./token-service.js";

/** Who is calling: the operator (admin token), an API client, or nobody in particular. */
export type Caller =
  { kind: "admin" } | ({ kind: "client" } & TokenPrincipal) | { kind: "anonymous" };

/** What a request touches, once the route knows it. */
export interface AccessTarget {
  /** The experience the request reads or changes (by id when only the id is known). */
  experienceId?: string;
  /** For `experience` rules: the experience's own access settings. */
  experience?: Pick<Experience, "id" | "requireAuth" | "allowedOrigins">;
  /** The request's `Origin` header. */
  origin?: string | undefined;
}

function hasScope(principal: TokenPrincipal, scope: Scope): boolean {
  return principal.scopes.includes("*") || principal.scopes.includes(scope);
}

function coversExperience(principal: TokenPrincipal, experienceId: string): boolean {
  return principal.experienceIds === null || principal.experienceIds.includes(experienceId);
}

/** Whether a caller holds an unrestricted admin credential (admin token, or `*` for all experiences). */
export function isUnrestrictedAdmin(caller: Caller): boolean {
  if (caller.kind === "admin") return true;
  return caller.kind === "client" && caller.scopes.includes("*") && caller.experienceIds === null;
}

/**
 * The one access decision of the API: throws the catalogue error that refuses `caller` under
 * `rule` for `target`, or returns when the call is allowed. Pure (no I/O), so the attack suite can
 * test it exhaustively; `RequestAccess.authorize` feeds it from a request.
 *
 * `target` may be partial: before the body is read only the rule's scope is checked, and the
 * route calls again with the experience it touches.
 */
export function decideAccess(caller: Caller, rule: AccessRule, target: AccessTarget = {}): void {
  switch (rule.kind) {
    case "public":
    case "console": // Decided by ConsoleAccess (operator session and role) before the body is read.
      return;
    case "admin":
      if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
      if (!isUnrestrictedAdmin(caller)) {
        throw new ApiError(
          "FORBIDDEN",
          "Admin routes need the admin token or a `*` token that is not restricted to experiences.",
        );
      }
      return;
    case "scope":
      return decideScopes(caller, [rule.scope], target.experienceId ?? target.experience?.id);
    case "experience": {
      const experience = target.experience;
      if (!experience) return; // Decided again once the route has loaded the experience.
      if (
        experience.allowedOrigins.length > 0 &&
        target.origin !== undefined &&
        !experience.allowedOrigins.includes(target.origin)
      ) {
        throw new ApiError("ORIGIN_NOT_ALLOWED");
      }
      if (!experience.requireAuth || rule.scopes.length === 0) return;
      return decideScopes(caller, rule.scopes, experience.id);
    }
  }
}

function decideScopes(
  caller: Caller,
  scopes: readonly Scope[],
  experienceId: string | undefined,
): void {
  if (caller.kind === "admin") return;
  if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
  if (!scopes.some((scope) => hasScope(caller, scope))) throw new ApiError("FORBIDDEN");
  if (experienceId !== undefined && !coversExperience(caller, experienceId)) {
    throw new ApiError("FORBIDDEN", "The token is not valid for this experience.");
  }
}

/**
 * Refuses to let `caller` create a client broader than itself: more scopes, or experiences it
 * may not use itself. Only unrestricted admins reach client creation today; this keeps the rule
 * true for any credential that later may (operators, the console).
 */
export function assertNotBroader(
  caller: Caller,
  requested: { scopes: readonly Scope[]; experienceIds: readonly string[] | null },
): void {
  if (caller.kind === "admin") return;
  if (caller.kind === "anonymous") throw new ApiError("UNAUTHORIZED");
  if (!requested.scopes.every((scope) => hasScope(caller, scope)))
    throw new ApiError("FORBIDDEN", "A client may not be given scopes its creator lacks.");
  if (caller.experienceIds === null) return;
  if (
    requested.experienceIds === null ||
    !requested.experienceIds.every((id) => caller.experienceIds!.includes(id))
  ) {
    throw new ApiError(
      "FORBIDDEN",
      "A client may not be given experiences its creator is not restricted to.",
    );
  }
}
