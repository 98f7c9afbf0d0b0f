import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { ConsoleSession, Operator, OperatorRole } from "@nexus-chat/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  defaultScryptCost,
  hashPassword,
  unusablePasswordHash,
  verifyPassword,
  type ScryptCost,
} from "../auth/password-hash.js";
import { SignInLimiter } from "../auth/sign-in-limiter.js";
import { ApiError } from "../http/api-error.js";
import { normaliseEmail, type OperatorStore } from "../store/operator-store.js";

/** The console session cookie. Its value is a random token; the database keeps its SHA-256. */
export const sessionCookieName = "nexus_console_session";
/** The header carrying a console session's CSRF token on state-changing requests. */
export const csrfHeaderName = "x-csrf-token";

/** A console session ends after this long without a request. */
const idleLifetimeMs = 12 * 60 * 60_000;
/** Sessions are extended at most once an hour, so reading pages does not write on every request. */
const extendAfterMs = 60 * 60_000;

/** Who may call a console route: nobody signed in, any operator, or admins only. */
export type ConsoleRouteAccess = "public" | OperatorRole;

/** A request's console session, once checked. */
export interface ConsoleCaller {
  kind: "operator";
  operator: Operator;
  csrfToken: string;
  expiresAt: string;
  tokenHash: string;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Signs operators in and out, and decides whether a console request may go on. */
export class ConsoleAccess {
  readonly limiter: SignInLimiter;

  private readonly unusableHash: string;

  /**
   * @param passwordCost scrypt cost of new password hashes (tests lower it).
   * @default defaultScryptCost
   */
  constructor(
    private readonly operators: OperatorStore,
    private readonly passwordCost: ScryptCost = defaultScryptCost,
    limiter?: SignInLimiter,
  ) {
    this.limiter = limiter ?? new SignInLimiter();
    this.unusableHash = unusablePasswordHash(passwordCost);
  }

  /** Hashes a new password at this console's cost. */
  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.passwordCost);
  }

  /** Creates an operator with a hashed password (the CLI and the operators route). */
  async createOperator(fields: {
    email: string;
    displayName: string;
    role: OperatorRole;
    password: string;
    experienceIds?: readonly string[] | null | undefined;
  }): Promise<Operator> {
    if (await this.operators.findByEmail(fields.email))
      throw new ApiError(
        "CONFLICT",
        `An operator with the e-mail ${normaliseEmail(fields.email)} exists.`,
      );
    return this.operators.create({
      operatorId: randomUUID(),
      email: fields.email,
      displayName: fields.displayName,
      role: fields.role,
      passwordHash: await this.hashPassword(fields.password),
      experienceIds: fields.experienceIds,
    });
  }

  /**
   * Checks an e-mail and password and opens a session: sets the cookie on `reply` and returns
   * the session. Failures count against the account and the address.
   */
  async signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    password: string,
  ): Promise<ConsoleSession> {
    const account = normaliseEmail(email);
    this.limiter.check(account, request.ip);
    const operator = await this.operators.findByEmail(account);
    // An unknown e-mail costs the same hashing time as a known one.
    const matches = await verifyPassword(password, operator?.passwordHash ?? this.unusableHash);
    if (!operator || !matches) {
      this.limiter.recordFailure(account, request.ip);
      throw new ApiError("INVALID_CREDENTIALS", "The e-mail or password is wrong.");
    }
    if (operator.disabled) throw new ApiError("OPERATOR_DISABLED");
    this.limiter.recordSuccess(account);
    const token = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expiresAt = new Date(Date.now() + idleLifetimeMs).toISOString();
    await this.operators.createSession({
      tokenHash: hashToken(token),
      operatorId: operator.operatorId,
      csrfToken,
      expiresAt,
    });
    this.setCookie(request, reply, token);
    const { passwordHash: _passwordHash, ...publicFields } = operator;
    return {
      operator: { ...publicFields, lastSignInAt: new Date().toISOString() },
      csrfToken,
      expiresAt,
    };
  }

  /** Ends the request's session (if any) and clears the cookie. */
  async signOut(
    caller: ConsoleCaller,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    await this.operators.deleteSession(caller.tokenHash);
    void reply.clearCookie(sessionCookieName, this.cookieOptions(request));
  }

  /**
   * The one check every console route goes through: a live session of an enabled operator whose
   * role is enough, and on state-changing methods the session's CSRF token and no foreign origin.
   */
  async authorize(request: FastifyRequest, access: OperatorRole): Promise<ConsoleCaller> {
    const token = request.cookies[sessionCookieName];
    if (!token) throw new ApiError("UNAUTHORIZED", "Sign in to the console first.");
    const tokenHash = hashToken(token);
    const session = await this.operators.findSession(tokenHash);
    if (!session)
      throw new ApiError("UNAUTHORIZED", "The console session has ended; sign in again.");
    if (session.operator.disabled) throw new ApiError("OPERATOR_DISABLED");
    if (!safeMethods.has(request.method)) this.checkCsrf(request, session.csrfToken);
    if (access === "admin" && session.operator.role !== "admin")
      throw new ApiError("FORBIDDEN", "Only console admins may do this.");
    let expiresAt = session.expiresAt;
    if (Date.parse(expiresAt) - Date.now() < idleLifetimeMs - extendAfterMs) {
      expiresAt = new Date(Date.now() + idleLifetimeMs).toISOString();
      await this.operators.extendSession(tokenHash, expiresAt);
    }
    return {
      kind: "operator",
      operator: session.operator,
      csrfToken: session.csrfToken,
      expiresAt,
      tokenHash,
    };
  }

  private checkCsrf(request: FastifyRequest, expected: string): void {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== request.host)
        throw new ApiError(
          "CSRF_TOKEN_INVALID",
          "Console requests must come from the console's own origin.",
        );
    }
    const sent = request.headers[csrfHeaderName];
    if (typeof sent !== "string" || !sameText(sent, expected))
      throw new ApiError("CSRF_TOKEN_INVALID");
  }

  private cookieOptions(request: FastifyRequest) {
    return {
      path: "/",
      httpOnly: true,
      sameSite: "strict" as const,
      secure: request.protocol === "https",
    };
  }

  private setCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
    // No Max-Age: the server decides when a session ends; the cookie goes when the browser closes.
    void reply.setCookie(sessionCookieName, token, this.cookieOptions(request));
  }
}
