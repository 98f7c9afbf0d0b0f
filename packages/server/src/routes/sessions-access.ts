import type { Session } from "@nexus-chat/protocol";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { ApiError } from "../http/api-error.js";

/** An active session expires after this long without activity. */
export const sessionIdleLifetimeMs = 24 * 60 * 60 * 1000;

/** When an active session will expire, as an ISO date. */
export function sessionExpiresAt(session: Session): string | null {
  if (session.status !== "active") return null;
  return new Date(Date.parse(session.lastActivityAt) + sessionIdleLifetimeMs).toISOString();
}

/** User ids compare case-insensitively: they are often e-mail addresses. */
export function sameUser(left: string, right: string): boolean {
  return left.localeCompare(right, undefined, { sensitivity: "accent" }) === 0;
}

/**
 * Loads a session for a public route: 404 when unknown, the experience's access rules applied,
 * and an idle active session turned `expired` on the way.
 */
export async function loadSession(
  context: AppContext,
  request: FastifyRequest,
  sessionId: string,
): Promise<Session> {
  let session = await context.store.sessions.get(sessionId);
  if (!session) throw new ApiError("SESSION_NOT_FOUND");
  const experience = await context.store.experiences.get(session.experienceId);
  if (!experience) throw new ApiError("SESSION_NOT_FOUND");
  // The route's rule says which scopes read (`sessions:read` or `query:execute`) or change it.
  await context.access.authorize(request, { experience });
  const expiresAt = sessionExpiresAt(session);
  if (expiresAt !== null && Date.parse(expiresAt) < Date.now()) {
    await context.store.sessions.end(session.sessionId, "expired");
    session = (await context.store.sessions.get(sessionId))!;
  }
  return session;
}

/** Refuses a session that has ended, or that belongs to another user. */
export function assertUsable(session: Session, userId: string | undefined): void {
  if (session.status !== "active") throw new ApiError("SESSION_ENDED");
  if (userId !== undefined && session.userId !== null && !sameUser(session.userId, userId)) {
    throw new ApiError("SESSION_USER_MISMATCH");
  }
}
