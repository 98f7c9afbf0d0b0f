import { sessionIdHeader, sessionSecretHeader, type Session } from "@nexus-chat/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { decideAccess } from "../auth/decide-access.js";
import { ApiError } from "../http/api-error.js";

/** An active session expires after this long without activity. */
export const sessionIdleLifetimeMs = 24 * 60 * 60 * 1000;

/** When an active session will expire, as an ISO date. */
export function sessionExpiresAt(session: Session): string | null {
  if (session.status !== "active") return null;
  return new Date(Date.parse(session.lastActivityAt) + sessionIdleLifetimeMs).toISOString();
}

// Control and format characters (NUL, soft hyphen, zero-width space and joiners, BOM, bidi
// marks...) and the other default-ignorable code points: invisible, so never part of an identity.
const invisible = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The form in which user ids are compared: NFKC-normalised, invisible characters removed, lower
 * case (user ids are often e-mail addresses). `"Alice\u200b@Example.com"` and
 * `"alice@example.com"` are the same user; an id with nothing visible in it is empty.
 */
export function canonicalUserId(userId: string): string {
  return userId.normalize("NFKC").replace(invisible, "").toLowerCase();
}

/** Whether two user ids name the same user (see {@link canonicalUserId}). */
export function sameUser(left: string, right: string): boolean {
  return canonicalUserId(left) === canonicalUserId(right);
}

/** Refuses a user id with nothing visible in it. */
export function assertValidUserId(userId: string | undefined): void {
  if (userId !== undefined && canonicalUserId(userId) === "") {
    throw new ApiError("VALIDATION_FAILED", "userId must contain visible characters.");
  }
}

/** Sends a new session's id and secret as headers (before an answer stream starts, too). */
export function announceSessionSecret(
  context: AppContext,
  reply: FastifyReply,
  sessionId: string,
): string {
  const secret = context.sessionSecrets.secretFor(sessionId);
  void reply.header(sessionIdHeader, sessionId).header(sessionSecretHeader, secret);
  return secret;
}

/**
 * Server-side credentials see every session of their experiences: the admin token, a `*` token,
 * and for reads a `sessions:read` token. A `query:execute` token (the widget's) does not: every
 * visitor holds the same one.
 */
async function isTrustedCaller(
  context: AppContext,
  request: FastifyRequest,
  session: Session,
): Promise<boolean> {
  if (request.headers.authorization === undefined) return false;
  try {
    const caller = await context.access.identify(request);
    const scope = request.method === "GET" ? "sessions:read" : "*";
    decideAccess(caller, { kind: "scope", scope }, { experienceId: session.experienceId });
    return true;
  } catch {
    return false;
  }
}

/**
 * The owner check of every session route: a session with a user id needs that user id (compared
 * by {@link sameUser}) or the session's secret; a session without one needs its secret, and to
 * anyone without it the session does not exist (`SESSION_NOT_FOUND`).
 */
async function assertOwner(
  context: AppContext,
  request: FastifyRequest,
  session: Session,
  presentedUserId: string | undefined,
): Promise<void> {
  if (await isTrustedCaller(context, request, session)) return;
  if (
    presentedUserId !== undefined &&
    session.userId !== null &&
    !sameUser(session.userId, presentedUserId)
  ) {
    throw new ApiError("SESSION_USER_MISMATCH");
  }
  const secret = request.headers[sessionSecretHeader];
  if (typeof secret === "string" && context.sessionSecrets.verify(session.sessionId, secret))
    return;
  if (session.userId !== null) {
    if (presentedUserId !== undefined) return;
    throw new ApiError(
      "SESSION_USER_MISMATCH",
      "The session belongs to a user: send its userId or the session secret.",
    );
  }
  throw new ApiError("SESSION_NOT_FOUND");
}

/** The user id a request presents: `userId` in its body, else in its query string. */
function presentedUserIdOf(request: FastifyRequest, bodyUserId: string | undefined) {
  if (bodyUserId !== undefined) return bodyUserId;
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.userId;
  return typeof fromQuery === "string" ? fromQuery : undefined;
}

/**
 * Loads a session for a public route: 404 when unknown, the route's access rule applied for the
 * session's experience, the owner check (user id or session secret), and an idle active session
 * turned `expired` on the way.
 */
export async function loadSession(
  context: AppContext,
  request: FastifyRequest,
  sessionId: string,
  /** The user id the request's body names, if any (`POST /query`). */
  bodyUserId?: string,
): Promise<Session> {
  let session = await context.store.sessions.get(sessionId);
  if (!session) throw new ApiError("SESSION_NOT_FOUND");
  const experience = await context.store.experiences.get(session.experienceId);
  if (!experience) throw new ApiError("SESSION_NOT_FOUND");
  await context.access.authorize(request, { experience });
  await assertOwner(context, request, session, presentedUserIdOf(request, bodyUserId));
  const expiresAt = sessionExpiresAt(session);
  if (expiresAt !== null && Date.parse(expiresAt) < Date.now()) {
    await context.store.sessions.end(session.sessionId, "expired");
    session = (await context.store.sessions.get(sessionId))!;
  }
  return session;
}

/** Refuses a session that has ended. */
export function assertUsable(session: Session): void {
  if (session.status !== "active") throw new ApiError("SESSION_ENDED");
}
