import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Scope, TokenResponse } from "@nexus-chat/protocol";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { ApiError } from "../http/api-error.js";
import type { ClientStore } from "../store/client-store.js";

/** Who a valid access token speaks for. */
export interface TokenPrincipal {
  clientId: string;
  scopes: Scope[];
  /** Experiences the client may use; `null` means all. */
  experienceIds: string[] | null;
}

/** Token lifetimes. */
export interface TokenLifetimes {
  /** @default 86400 (24 hours) */
  accessTokenSeconds?: number;
  /** @default 2592000 (30 days) */
  refreshTokenSeconds?: number;
}

const issuer = "nexus-chat";
const audience = "nexus-chat-api";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Compares two strings in time that does not depend on where they differ. */
export function safeEqual(left: string, right: string): boolean {
  const leftHash = Buffer.from(sha256(left), "hex");
  const rightHash = Buffer.from(sha256(right), "hex");
  return timingSafeEqual(leftHash, rightHash);
}

/**
 * API clients and their tokens. Access tokens are HS256 JWTs (stateless to verify); refresh
 * tokens are random strings stored only as hashes and rotated on every use. Client secrets are
 * random 32-byte values, so a SHA-256 hash is enough to store them.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly accessTokenSeconds: number;
  private readonly refreshTokenSeconds: number;

  constructor(
    private readonly clients: ClientStore,
    secret: string,
    lifetimes: TokenLifetimes = {},
  ) {
    this.key = new TextEncoder().encode(secret);
    this.accessTokenSeconds = lifetimes.accessTokenSeconds ?? 86_400;
    this.refreshTokenSeconds = lifetimes.refreshTokenSeconds ?? 2_592_000;
  }

  async createClient(
    name: string,
    scopes: Scope[],
    experienceIds: string[] | null,
  ): Promise<{ clientId: string; clientSecret: string; scopes: Scope[] }> {
    const clientId = `nxc_${randomUUID().replaceAll("-", "")}`;
    const clientSecret = randomBytes(32).toString("base64url");
    await this.clients.createClient({
      clientId,
      name,
      secretHash: sha256(clientSecret),
      scopes,
      experienceIds,
    });
    return { clientId, clientSecret, scopes };
  }

  /** Client credentials → tokens. Asking for scopes the client lacks is refused. */
  async issue(clientId: string, clientSecret: string, requested?: Scope[]): Promise<TokenResponse> {
    const client = await this.clients.getClient(clientId);
    if (!client || !safeEqual(sha256(clientSecret), client.secretHash))
      throw new ApiError("INVALID_CREDENTIALS");
    const scopes = requested ?? client.scopes;
    const allowed =
      client.scopes.includes("*") || scopes.every((scope) => client.scopes.includes(scope));
    if (!allowed) throw new ApiError("FORBIDDEN", "The client may not request these scopes.");
    return this.tokensFor(client.clientId, scopes, client.experienceIds);
  }

  /** Refresh token → new tokens; the old refresh token stops working. */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const stored = await this.clients.consumeRefreshToken(sha256(refreshToken));
    if (!stored)
      throw new ApiError("UNAUTHORIZED", "The refresh token is unknown, used or expired.");
    const client = await this.clients.getClient(stored.clientId);
    if (!client) throw new ApiError("UNAUTHORIZED", "The refresh token's client no longer exists.");
    return this.tokensFor(client.clientId, stored.scopes, client.experienceIds);
  }

  /** Checks an access token; throws UNAUTHORIZED or TOKEN_EXPIRED. */
  async verify(accessToken: string): Promise<TokenPrincipal> {
    try {
      const { payload } = await jwtVerify(accessToken, this.key, {
        issuer,
        audience,
        algorithms: ["HS256"],
      });
      if (typeof payload.sub !== "string" || typeof payload.scope !== "string")
        throw new Error("claims");
      const experienceIds = Array.isArray(payload.exp_ids) ? (payload.exp_ids as string[]) : null;
      return { clientId: payload.sub, scopes: payload.scope.split(" ") as Scope[], experienceIds };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new ApiError("TOKEN_EXPIRED");
      throw new ApiError("UNAUTHORIZED", "The bearer token is not valid.");
    }
  }

  /** Signs an access token directly (tests and tools); `expiresInSeconds` may be negative. */
  signAccessToken(
    principal: TokenPrincipal,
    expiresInSeconds = this.accessTokenSeconds,
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      scope: principal.scopes.join(" "),
      exp_ids: principal.experienceIds ?? undefined,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(principal.clientId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(now + expiresInSeconds)
      .sign(this.key);
  }

  private async tokensFor(
    clientId: string,
    scopes: Scope[],
    experienceIds: string[] | null,
  ): Promise<TokenResponse> {
    const accessToken = await this.signAccessToken({ clientId, scopes, experienceIds });
    const refreshToken = randomBytes(32).toString("base64url");
    await this.clients.saveRefreshToken({
      tokenHash: sha256(refreshToken),
      clientId,
      scopes,
      expiresAt: new Date(Date.now() + this.refreshTokenSeconds * 1000).toISOString(),
    });
    return {
      accessToken,
      refreshToken,
      tokenType: "Bearer",
      expiresIn: this.accessTokenSeconds,
      refreshExpiresIn: this.refreshTokenSeconds,
      scopes,
    };
  }
}
