import { createHmac } from "node:crypto";
import { safeEqual } from "./token-service.js";

/**
 * Per-session secrets, derived rather than stored: the secret of a session is an HMAC of its id
 * under a key derived from the signing secret. Nothing is written to the database (no schema
 * change, no extra write on every first question), a secret cannot be guessed from the id, and
 * rotating the signing secret invalidates every session secret at once.
 */
export class SessionSecrets {
  private readonly key: Buffer;

  constructor(signingSecret: string) {
    // A key of its own, so a session secret can never double as anything signed with the JWT key.
    this.key = createHmac("sha256", signingSecret).update("nexus-chat session secrets v1").digest();
  }

  /** The secret of `sessionId` (43 base64url characters). */
  secretFor(sessionId: string): string {
    return createHmac("sha256", this.key).update(sessionId).digest("base64url");
  }

  /** Whether `secret` is the secret of `sessionId`, in constant time. */
  verify(sessionId: string, secret: string): boolean {
    return safeEqual(secret, this.secretFor(sessionId));
  }
}
