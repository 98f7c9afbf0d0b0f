/** How long the experience's webhook has to accept a hand-over. */
const webhookTimeoutMs = 5_000;

/**
 * Posts a hand-over, with the transcript, to the experience's webhook. Returns whether it was
 * accepted (2xx); a failure is not the visitor's problem, so it never throws.
 */
export async function notifyHandover(
  url: string,
  payload: Record<string, unknown>,
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "nexus-chat-handover" },
      body: JSON.stringify({ type: "handover", ...payload }),
      signal: AbortSignal.timeout(webhookTimeoutMs),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
