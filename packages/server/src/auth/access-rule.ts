import type { Scope } from "@nexus-chat/protocol";

/**
 * Who may call a route. Every route declares one in `config.access`; the app refuses to start
 * with a route that has none (see `installAccessControl`), and the attack suite derives its
 * credential matrix from these rules.
 *
 * - `public`: anyone, no credential looked at (health, token exchange, the widget bundle).
 * - `admin`: the admin token, or a client token with `*` that is **not** restricted to
 *   experiences. Checked before the body is read.
 * - `scope`: a token carrying `scope` (or `*`). Checked before the body is read; the route then
 *   calls `authorize` again with the experience it touches, so a token restricted to other
 *   experiences is refused.
 * - `experience`: the public routes of an experience (query, sessions, feedback, analytics): the
 *   origin allow-list applies, and an experience with `requireAuth` needs a token with one of
 *   `scopes` valid for it. Decided in the handler, once the experience is known. With no
 *   scopes only the origin rule applies (the public widget configuration).
 */
export type AccessRule =
  | { kind: "public" }
  /** Console routes: decided by `ConsoleAccess` from the operator's session and role. */
  | { kind: "console"; role: string }
  | { kind: "admin" }
  | { kind: "scope"; scope: Scope }
  | { kind: "experience"; scopes: readonly Scope[] };

/** Route options carrying a rule: `config: access.admin`. */
export interface AccessConfig {
  access: AccessRule;
}

/** Shorthands for route options: `config: access.admin`, `config: access.scope("...")`. */
export const access: {
  public: AccessConfig;
  admin: AccessConfig;
  scope(scope: Scope): AccessConfig;
  experience(...scopes: Scope[]): AccessConfig;
} = {
  public: { access: { kind: "public" } },
  admin: { access: { kind: "admin" } },
  scope: (scope) => ({ access: { kind: "scope", scope } }),
  experience: (...scopes) => ({ access: { kind: "experience", scopes } }),
};

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call this route; required on every route. */
    access?: AccessRule;
  }
}
