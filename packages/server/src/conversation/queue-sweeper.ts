import type { LiveConversations } from "./live-conversations.js";

/**
 * Sends hand-overs queued past their experience's timeout back to the assistant, every
 * `intervalMs`. Every process runs one: the timeout must fire even when the process that queued
 * the conversation has gone, and each conversation leaves the queue once whichever runs first.
 */
export function startQueueSweeper(
  conversations: Pick<LiveConversations, "sweepQueue">,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    conversations
      .sweepQueue()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
