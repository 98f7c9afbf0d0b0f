import type { Scope } from "@nexus-chat/protocol";
import type { AccessRule } from "../../src/auth/access-rule.js";

/**
 * The credentials of the authorisation matrix. The matrix's experience `a` requires a token
 * (`requireAuth`), so its public routes are decided by scope too; `b` is "another experience".
 */
export type Credential =
  | { kind: "none" }
  /** A client token (scopes, restricted to experiences or not); `secret`: a session secret sent too. */
  | {
      kind: "token";
      scopes: Scope[];
      experienceIds: string[] | null;
      secret?: "own" | "other";
    }
  | { kind: "admin-token" }
  | { kind: "operator"; role: "agent" | "admin"; disabled?: boolean };

/** A column of the matrix: one credential, or several that must all be decided alike. */
export interface CredentialColumn {
  id: string;
  /** Markdown for the table's header. */
  label: string;
  credentials: Credential[];
}

const onA = (scopes: Scope[], secret?: "own" | "other"): Credential => ({
  kind: "token",
  scopes,
  experienceIds: ["a"],
  ...(secret ? { secret } : {}),
});

const allScopes: Scope[] = [
  "query:execute",
  "sessions:read",
  "data-ingestion:read",
  "data-ingestion:write",
  "agent:write",
  "*",
];

export const credentialColumns: CredentialColumn[] = [
  { id: "none", label: "none", credentials: [{ kind: "none" }] },
  { id: "visitor", label: "visitor¹", credentials: [onA(["query:execute"])] },
  { id: "owner", label: "session owner²", credentials: [onA(["query:execute"], "own")] },
  {
    id: "other-owner",
    label: "another session's owner³",
    credentials: [onA(["query:execute"], "other")],
  },
  { id: "sessions-read", label: "`sessions:read`", credentials: [onA(["sessions:read"])] },
  {
    id: "ingestion-read",
    label: "`data-ingestion:read`",
    credentials: [onA(["data-ingestion:read"])],
  },
  {
    id: "ingestion-write",
    label: "`data-ingestion:write`",
    credentials: [onA(["data-ingestion:write"])],
  },
  { id: "agent-write", label: "`agent:write`", credentials: [onA(["agent:write"])] },
  { id: "star-restricted", label: "`*` for `a`", credentials: [onA(["*"])] },
  {
    id: "other-experience",
    label: "each scope, for `b`⁴",
    credentials: allScopes.map((scope) => ({
      kind: "token" as const,
      scopes: [scope],
      experienceIds: ["b"],
    })),
  },
  {
    id: "star",
    label: "`*` unrestricted",
    credentials: [{ kind: "token", scopes: ["*"], experienceIds: null }],
  },
  { id: "admin-token", label: "admin token", credentials: [{ kind: "admin-token" }] },
  { id: "agent", label: "operator: agent", credentials: [{ kind: "operator", role: "agent" }] },
  {
    id: "console-admin",
    label: "operator: admin",
    credentials: [{ kind: "operator", role: "admin" }],
  },
  {
    id: "disabled-operator",
    label: "operator: disabled",
    credentials: [{ kind: "operator", role: "admin", disabled: true }],
  },
];

/** What a route's request touches, beyond its rule. */
export interface RouteTraits {
  /** The request reads or changes one session of `a`: its owner check applies. */
  owned?: boolean;
}

function hasScope(credential: Credential, scopes: readonly Scope[]): boolean {
  if (credential.kind === "admin-token") return true;
  if (credential.kind !== "token") return false;
  if (credential.experienceIds !== null && !credential.experienceIds.includes("a")) return false;
  return (
    credential.scopes.includes("*") || scopes.some((scope) => credential.scopes.includes(scope))
  );
}

function isUnrestrictedAdmin(credential: Credential): boolean {
  return (
    credential.kind === "admin-token" ||
    (credential.kind === "token" &&
      credential.scopes.includes("*") &&
      credential.experienceIds === null)
  );
}

/**
 * The decision the declared rules call for, written out from docs/security.md's table of
 * credentials (independently of `decideAccess`, which the matrix test checks through requests).
 */
export function expectedDecision(
  rule: AccessRule,
  credential: Credential,
  traits: RouteTraits,
  method: string,
): "allowed" | "refused" {
  switch (rule.kind) {
    case "public":
      return "allowed";
    case "console":
      if (rule.role === "public") return "allowed";
      if (credential.kind !== "operator" || credential.disabled) return "refused";
      return rule.role === "agent" || credential.role === "admin" ? "allowed" : "refused";
    case "admin":
      return isUnrestrictedAdmin(credential) ? "allowed" : "refused";
    case "scope":
      return hasScope(credential, [rule.scope]) ? "allowed" : "refused";
    case "experience": {
      // `a` requires a token: the rule's scopes, for `a`.
      if (rule.scopes.length > 0 && !hasScope(credential, rule.scopes)) return "refused";
      if (!traits.owned) return "allowed";
      // A session of `a`: its owner (its secret), or a server-side credential for `a` (`*`, and
      // `sessions:read` for reads).
      if (credential.kind === "token" && credential.secret === "own") return "allowed";
      return hasScope(credential, method === "GET" ? ["sessions:read", "*"] : ["*"])
        ? "allowed"
        : "refused";
    }
  }
}

/** How a rule reads in the table. */
export function describeRule(rule: AccessRule | undefined): string {
  if (!rule) return "**none**";
  switch (rule.kind) {
    case "public":
      return "public";
    case "console":
      return rule.role === "public" ? "console, public" : `console ${rule.role}`;
    case "admin":
      return "admin";
    case "scope":
      return `\`${rule.scope}\``;
    case "experience":
      return rule.scopes.length === 0
        ? "experience (origin)"
        : `experience: ${rule.scopes.map((scope) => `\`${scope}\``).join(" or ")}`;
  }
}

/** One row of the matrix: a route, its rule, and the decision for each column. */
export interface MatrixRow {
  method: string;
  url: string;
  rule: AccessRule | undefined;
  traits: RouteTraits;
}

export const matrixStart = "<!-- authorization-matrix:start -->";
export const matrixEnd = "<!-- authorization-matrix:end -->";

/**
 * The markdown table of docs/security.md: ✓ where the rules let the credential through, · where
 * they refuse it. Generated (`npm run docs:authorization-matrix`), and checked to be current by
 * authorization-matrix.test.ts, which also sends every cell's request.
 */
export function renderMatrix(rows: readonly MatrixRow[]): string {
  const header = `| route | rule | ${credentialColumns.map((column) => column.label).join(" | ")} |`;
  const divider = `| --- | --- | ${credentialColumns.map(() => ":-:").join(" | ")} |`;
  const lines = rows.map((row) => {
    const cells = credentialColumns.map((column) => {
      const decisions = column.credentials.map((credential) =>
        row.rule ? expectedDecision(row.rule, credential, row.traits, row.method) : "refused",
      );
      return decisions.every((decision) => decision === "allowed") ? "✓" : "·";
    });
    const name = `\`${row.method} ${row.url}\`${row.traits.owned ? "²" : ""}`;
    return `| ${name} | ${describeRule(row.rule)} | ${cells.join(" | ")} |`;
  });
  return [
    matrixStart,
    "",
    header,
    divider,
    ...lines,
    "",
    "¹ A `query:execute` token for `a` (what every visitor's widget holds), no session secret.",
    "² The request reads or changes one session: its secret (`x-nexus-session-secret`) is sent.",
    "³ The same token with the secret of another session.",
    "⁴ `query:execute`, `sessions:read`, `data-ingestion:read`, `data-ingestion:write` and `*`,",
    "each restricted to experience `b`: refused everywhere but on public routes.",
    "",
    matrixEnd,
  ].join("\n");
}
