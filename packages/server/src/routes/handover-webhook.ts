import { createHmac } from "node:crypto";
import { webhookSignatureHeader, webhookTimestampHeader } from "@nexus-chat/protocol";

/** How long the experience's webhook has to accept a delivery. */
const webhookTimeoutMs = 5_000;

/**
 * The `x-nexus-signature` value of a delivery: `v1=` and the hex HMAC-SHA256, under the
 * experience's webhook secret, of `<timestamp>.<raw body>` (the timestamp in Unix seconds, as
 * sent in `x-nexus-timestamp`). Signing the timestamp with the body lets a receiver refuse a
 * delivery replayed later.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Posts one signed delivery (`{ type, … }`) to the experience's webhook. Returns whether it was
 * accepted (2xx); a failure is not the visitor's problem, so it never throws.
 */
export async function deliverWebhook(
  url: string,
  secret: string,
  payload: { type: string } & Record<string, unknown>,
): Promise<boolean> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "nexus-chat-handover",
        [webhookTimestampHeader]: String(timestamp),
        [webhookSignatureHeader]: webhookSignature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(webhookTimeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Posts a hand-over, with the transcript, to the experience's webhook, signed. Returns whether
 * it was accepted (2xx); never throws.
 */
export function notifyHandover(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
): Promise<boolean> {
  return deliverWebhook(url, secret, { type: "handover", ...payload });
}
