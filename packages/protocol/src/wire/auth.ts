/** What a token may do. `*` allows everything, admin routes included. */
export type Scope =
  | "query:execute"
  | "sessions:read"
  | "data-ingestion:read"
  | "data-ingestion:write"
  /** An outside desk answering visitors: `POST /agent/sessions/:id/…` (join, typing, messages, end). */
  | "agent:write"
  | "*";

/** Body of `POST /auth/access-tokens` (OAuth-style client credentials). */
export interface AccessTokenRequest {
  clientId: string;
  clientSecret: string;
  /** Subset of the client's scopes; all of them when absent. */
  scopes?: Scope[];
}

/** Body of `POST /auth/refresh`. */
export interface RefreshTokenRequest {
  refreshToken: string;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  /** Seconds the access token lives. @default 86400 */
  expiresIn: number;
  /** Seconds the refresh token lives. @default 2592000 */
  refreshExpiresIn: number;
  scopes: Scope[];
}
