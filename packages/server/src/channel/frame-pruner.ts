import type { FrameStore } from "../store/frame-store.js";

/**
 * Forgets the session channel's frames once they are older than `retentionMs`, checking every
 * tenth of that (at most once a minute). The answers themselves are stored as turns; the frames
 * only serve clients resuming an answer or a channel, which happens within seconds.
 */
export function startFramePruner(
  frames: FrameStore,
  retentionMs: number,
  onError: (error: unknown) => void,
): () => void {
  const every = Math.min(60_000, Math.max(1_000, Math.round(retentionMs / 10)));
  const timer = setInterval(() => {
    frames.prune(new Date(Date.now() - retentionMs).toISOString()).catch(onError);
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}
